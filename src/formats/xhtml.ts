import { directionOf } from '../util/language.js';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { stripInvalidXmlChars } from '../util/text.js';
import { sanitizedBody } from './body-html.js';

/**
 * Article body → namespaced XHTML, for NewsML-G2 `inlineXML` (and anything else that wants XML,
 * not HTML). The same sanitizing as the body HTML of the other formats (GitHub's schema, absolute
 * URLs), serialized so that every element is in the XHTML namespace, every text is escaped
 * once and characters XML 1.0 forbids are gone.
 */
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The sanitized body with absolute URLs, the same tree the HTML formats serialize (read-only). */
export function bodyHast(tree: MdastRoot, baseUrl: string): HastRoot {
  return sanitizedBody(tree, baseUrl);
}

export interface XhtmlOptions {
  /** BCP 47 tag of the body text. */
  language: string;
  /** Document title (XHTML requires one): the headline. */
  title: string;
}

/**
 * A complete XHTML document (`html` with `xmlns`, `head/title`, `body`) with no XML declaration,
 * ready to sit inside another XML document. Not pretty-printed: whitespace inside mixed content is
 * content; block elements stay one a line as the markdown had them. Written by a small string
 * serializer rather than xmlbuilder2: the body is most of an item's nodes and this is ~6x faster;
 * all escaping goes through `escapeText`/`escapeAttribute` below.
 */
export function xhtmlDocument(hast: HastRoot, options: XhtmlOptions): string {
  const direction = textDirection(options.language) === 'rtl' ? ' dir="rtl"' : '';
  const language = escapeAttribute(options.language);
  const parts: string[] = [`<html xmlns="${XHTML_NS}" xml:lang="${language}" lang="${language}"${direction}><head><title>${escapeText(options.title)}</title></head><body>\n`];
  for (const child of hast.children) appendNode(parts, child as ElementContent);
  parts.push('\n</body></html>');
  return parts.join('');
}

function appendNode(parts: string[], node: ElementContent): void {
  if (node.type === 'text') parts.push(escapeText(node.value));
  else if (node.type === 'element') appendElement(parts, node);
  // Comments are dropped by the sanitizer already; nothing else can appear in a body.
}

function appendElement(parts: string[], node: Element): void {
  const name = node.tagName.toLowerCase();
  let attributes = '';
  for (const [property, value] of Object.entries(node.properties)) {
    const text = attributeValue(value);
    if (text === undefined) continue;
    const attribute = attributeName(property);
    attributes += ` ${attribute}="${escapeAttribute(text === true ? attribute : text)}"`;
  }
  if (node.children.length === 0) {
    parts.push(`<${name}${attributes}/>`);
    return;
  }
  parts.push(`<${name}${attributes}>`);
  for (const child of node.children) appendNode(parts, child);
  parts.push(`</${name}>`);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Character data: forbidden characters removed, `&`, `<`, `>` escaped (so `]]>` cannot occur). */
export const escapeText = (text: string): string => stripInvalidXmlChars(text).replace(/[&<>]/g, (char) => TEXT_ESCAPES[char] ?? char);
/** A double-quoted attribute value; tab/LF/CR as references so attribute normalisation keeps them. */
export const escapeAttribute = (text: string): string => stripInvalidXmlChars(text).replace(/[&<>"\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);

type PropertyValue = Element['properties'][string];

/** hast property value → attribute text; `true` for a boolean attribute that is set. */
function attributeValue(value: PropertyValue): string | true | undefined {
  if (value === null || value === undefined || value === false) return undefined;
  if (value === true) return true;
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

/**
 * hast property names → XHTML attribute names. The sanitizer only lets a few through
 * (`className`, `href`, `dataFootnoteRef`, `ariaDescribedBy`…), so this small mapping covers them.
 */
function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  if (/^(data|aria)[A-Z]/.test(property)) return property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return property.toLowerCase();
}

/** Writing direction of a language (one implementation, in util/language.ts). */
export const textDirection = directionOf;
