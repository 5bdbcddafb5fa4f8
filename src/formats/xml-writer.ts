import { stripInvalidXmlChars } from '../util/text.js';

/**
 * A small, strict XML writer for feeds: every text and attribute is escaped here, once.
 *
 * Why not xmlbuilder2: its 4.x serializer leaves `&name;` and `&#NN;` in text and attributes
 * unescaped (a headline with `&nbsp;` or `&chips;` then yields an undefined entity, i.e. broken
 * XML), and it cannot write the hexadecimal character references that the RSS Profile (and the
 * W3C validator's `CharacterData` warning) asks for in plain-text RSS elements. Feeds are flat,
 * so a string builder is also the fastest shape.
 */
export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

export interface XmlWriterOptions {
  /**
   * Write `&` and `<` in text as `&#x26;` and `&#x3C;` (RSS Profile: plain text that contains
   * them must use hexadecimal references, or validators read it as escaped HTML).
   */
  hexReferences?: boolean;
}

/** Text XML 1.0 can carry: forbidden characters removed, C1 controls too (never real text). */
export function xmlSafe(text: string): string {
  // Fast path: almost all text has nothing to strip.
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u0080-\u009f\ud800-\udfff\ufffe\uffff]/.test(text)) return text;
  return stripInvalidXmlChars(text).replace(/[\u0080-\u009f]/g, '');
}

// Chained literal replaces beat one regex with a callback by several times on long HTML.
export function escapeXmlText(text: string, hex = false): string {
  const safe = xmlSafe(text);
  if (!/[&<>]/.test(safe)) return safe;
  return hex
    ? safe.replaceAll('&', '&#x26;').replaceAll('<', '&#x3C;').replaceAll('>', '&gt;')
    : safe.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function escapeXmlAttribute(value: string): string {
  const safe = xmlSafe(value);
  if (!/[&<>"\t\n\r]/.test(safe)) return safe;
  // Tab and line breaks as references: attribute-value normalisation would turn them into spaces.
  return safe
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#x9;')
    .replaceAll('\n', '&#xA;')
    .replaceAll('\r', '&#xD;');
}

/** `]]>` cannot occur inside CDATA: end the section between `]]` and `>` and open a new one. */
export function cdataSection(text: string): string {
  return `<![CDATA[${xmlSafe(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

const INDENTS = Array.from({ length: 8 }, (_, depth) => '  '.repeat(depth));

/** Pretty-printed (two spaces), deterministic output: same calls → same bytes. */
export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  private depth = 0;
  private readonly hex: boolean;

  constructor(options: XmlWriterOptions = {}) {
    this.hex = options.hexReferences ?? false;
  }

  open(name: string, attributes?: XmlAttributes): this {
    this.parts.push(`\n${this.indent()}<${name}${attributesText(attributes)}>`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.parts.push(`\n${this.indent()}</${name}>`);
    return this;
  }

  /** `<name>text</name>`; nothing when `text` is undefined. */
  text(name: string, text: string | undefined, attributes?: XmlAttributes): this {
    if (text === undefined) return this;
    this.parts.push(`\n${this.indent()}<${name}${attributesText(attributes)}>${escapeXmlText(text, this.hex)}</${name}>`);
    return this;
  }

  /** `<name><![CDATA[…]]></name>` for HTML that stays readable in the source. */
  cdata(name: string, text: string, attributes?: XmlAttributes): this {
    this.parts.push(`\n${this.indent()}<${name}${attributesText(attributes)}>${cdataSection(text)}</${name}>`);
    return this;
  }

  empty(name: string, attributes: XmlAttributes): this {
    this.parts.push(`\n${this.indent()}<${name}${attributesText(attributes)}/>`);
    return this;
  }

  toString(): string {
    return `${this.parts.join('')}\n`;
  }

  private indent(): string {
    return INDENTS[this.depth] ?? '  '.repeat(this.depth);
  }
}

function attributesText(attributes: XmlAttributes | undefined): string {
  if (!attributes) return '';
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return out;
}
