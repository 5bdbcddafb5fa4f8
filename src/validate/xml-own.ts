import type { Place } from '../util/diagnostics.js';
import { xmlSafe } from '../formats/xml-writer.js';
import { resolveLimits, type Limits } from './limits.js';
import { XML_NAMESPACE, type XmlAttribute, type XmlElement } from './xml.js';

/**
 * The element tree a document of wirekit's own was serialized from (`src/formats/xml-tree.ts`),
 * as the checker's tree (`./xml.ts`), so the build's check of its NewsML-G2 items can run the
 * rules without parsing the text again. Same names, prefixes, namespace URIs and attribute values
 * as saxes gives for the serialized text (`test/xml-own.test.ts` compares them on every item), with
 * two differences no rule reads: no whitespace-only text between elements, and a pre-serialized
 * block (the XHTML body) as its root element alone. Places are stand-ins (line 0): a caller that
 * finds something parses the text for true places.
 */
export interface SerializedElement {
  readonly name: string;
  readonly attributeList: readonly (readonly [string, string])[];
  readonly childList: readonly (SerializedElement | { readonly raw: string })[];
  readonly textContent: string | undefined;
}

const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
const STAND_IN: Place = { line: 0, column: 0 };

/** Undefined when the tree cannot stand for its text: a limit broken, a prefix not declared, a block not understood. */
export function ownXmlTree(root: SerializedElement, limits: Partial<Limits> = {}): XmlElement | undefined {
  const bounds = resolveLimits(limits);
  let elements = 0;
  const convert = (source: SerializedElement | { readonly raw: string }, scope: ReadonlyMap<string, string>, depth: number): XmlElement | undefined => {
    if (++elements > bounds.maxNodes || depth >= bounds.maxDepth) return undefined;
    const shape = isBlock(source) ? startTag(source.raw) : { name: source.name, attributes: source.attributeList };
    if (!shape || shape.attributes.length > bounds.maxAttributes) return undefined;
    let inScope = scope;
    for (const [name, value] of shape.attributes) {
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
      const declared = name === 'xmlns' ? '' : name.slice(6);
      // Undeclaring a prefix, or redeclaring xml/xmlns, is a namespace error: the text's parse reports it.
      if (declared !== '' && (value === '' || declared === 'xml' || declared === 'xmlns')) return undefined;
      if (inScope === scope) inScope = new Map(scope);
      (inScope as Map<string, string>).set(declared, value);
    }
    const [prefix, local] = qualified(shape.name);
    const uri = inScope.get(prefix);
    if (uri === undefined && prefix !== '') return undefined;
    const attributes: XmlAttribute[] = [];
    for (const [name, value] of shape.attributes) {
      const attribute = ownAttribute(name, value, inScope);
      // A repeated attribute is not well-formed: the text's parse says so.
      if (!attribute || attributes.some((other) => other.name === name)) return undefined;
      attributes.push(attribute);
    }
    const element: XmlElement = { kind: 'element', name: shape.name, prefix, local, uri: uri ?? '', attributes, children: [], place: STAND_IN };
    if (isBlock(source)) {
      // The block's content is not represented, but it counts toward the limits the text's parse enforces.
      const inside = tagCounts(source.raw);
      elements += inside.elements;
      return elements > bounds.maxNodes || depth + inside.depth >= bounds.maxDepth ? undefined : element;
    }
    const text = source.textContent;
    if (text !== undefined && text !== '') element.children.push({ kind: 'text', value: parsedText(text), cdata: false, place: STAND_IN });
    for (const child of source.childList) {
      const converted = convert(child, inScope, depth + 1);
      if (!converted) return undefined;
      converted.parent = element;
      element.children.push(converted);
    }
    return element;
  };
  return convert(root, new Map([['xml', XML_NAMESPACE], ['xmlns', XMLNS_NAMESPACE]]), 0);
}

// By its string: the element class has a `raw` method.
const isBlock = (node: SerializedElement | { readonly raw: string }): node is { readonly raw: string } => typeof (node as { raw?: unknown }).raw === 'string';

function qualified(name: string): [prefix: string, local: string] {
  const colon = name.indexOf(':');
  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** An attribute as saxes reports it: the default `xmlns` is local `xmlns` in the xmlns namespace. */
function ownAttribute(name: string, value: string, scope: ReadonlyMap<string, string>): XmlAttribute | undefined {
  const [prefix, local] = name === 'xmlns' ? ['', 'xmlns'] : qualified(name);
  const uri = name === 'xmlns' ? XMLNS_NAMESPACE : prefix === '' ? '' : scope.get(prefix);
  if (uri === undefined) return undefined;
  // What a parser reads back: the writer drops what XML cannot carry and writes tab and line breaks as references.
  return { name, prefix, local, uri, value: xmlSafe(value), place: STAND_IN };
}

/** Text as a parser reads it back: forbidden characters dropped (the writer does), line ends normalized. */
function parsedText(text: string): string {
  const safe = xmlSafe(text);
  return safe.includes('\r') ? safe.replace(/\r\n?/g, '\n') : safe;
}

/**
 * Upper bounds of the elements in a block after its root and of their nesting below it: every `<`
 * not followed by `/` counts as a start (comments and instructions too), `/>` and `</` close.
 */
function tagCounts(raw: string): { elements: number; depth: number } {
  let elements = -1;
  let depth = 0;
  let deepest = 0;
  for (let at = raw.indexOf('<'); at !== -1; at = raw.indexOf('<', at + 1)) {
    if (raw.charCodeAt(at + 1) === 47 /* / */) {
      depth--;
      continue;
    }
    elements++;
    const end = raw.indexOf('>', at);
    if (end !== -1 && raw.charCodeAt(end - 1) === 47) continue;
    depth++;
    deepest = Math.max(deepest, depth - 1);
  }
  return { elements: Math.max(0, elements), depth: deepest };
}

const START_TAG = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<&]*")*)\s*\/?>/;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)="([^"<&]*)"/g;

/** Name and attributes of a pre-serialized block's start tag; undefined unless plainly written (no references). */
function startTag(raw: string): { name: string; attributes: [string, string][] } | undefined {
  const found = START_TAG.exec(raw);
  if (!found?.[1]) return undefined;
  const attributes: [string, string][] = [];
  for (const [, name = '', value = ''] of (found[2] ?? '').matchAll(ATTRIBUTE)) {
    // A parser normalizes literal tab and line breaks in values to spaces.
    attributes.push([name, value.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' ')]);
  }
  return { name: found[1], attributes };
}
