import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import type { Place } from '../util/diagnostics.js';
import { resolveLimits, type Limits } from './limits.js';
import { LineIndex } from '../util/position.js';
import type { DiagnosticList } from '../util/diagnostics.js';

/**
 * Safe XML parsing into a small positioned tree.
 *
 * saxes is a non-validating parser: it never loads a DTD, never resolves an external entity
 * and never expands an entity declared in a DOCTYPE (only the five predefined ones and
 * character references), so billion-laughs, quadratic blowup and XXE have nothing to expand
 * or fetch. On top of that we refuse any DOCTYPE that declares entities or names an external
 * DTD, bound depth, attributes per element and element count, and stop after the report fills.
 */

export interface XmlAttribute {
  name: string;
  prefix: string;
  local: string;
  uri: string;
  value: string;
  place: Place;
}

export interface XmlText {
  kind: 'text';
  value: string;
  cdata: boolean;
  place: Place;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  prefix: string;
  local: string;
  /** Namespace URI ('' when none). */
  uri: string;
  attributes: XmlAttribute[];
  children: (XmlElement | XmlText)[];
  place: Place;
  parent?: XmlElement;
}

export interface XmlDocument {
  root?: XmlElement;
  xmlDecl: { version?: string | undefined; encoding?: string | undefined };
  doctype?: { text: string; place: Place };
  lines: LineIndex;
}

/** The namespace of the `xml:` prefix (`xml:lang`), bound in every document. */
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

class Abort extends Error {}

/** Parse `text`; problems go to `report` (rule ids `xml-*`). Never throws. */
export function parseXml(text: string, report: DiagnosticList, limits: Partial<Limits> = {}): XmlDocument {
  const bounds = resolveLimits(limits);
  const lines = new LineIndex(text);
  const document: XmlDocument = { xmlDecl: {}, lines };
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let elements = 0;
  let tagStart = 0;
  let attributeCount = 0;
  let wellFormedErrors = 0;
  /** Offset just past the last markup read: where the next text node starts. */
  let markupEnd = 0;

  const placeAt = (offset: number): Place => lines.place(Math.max(0, Math.min(offset, text.length)));
  const stop = (message: string, offset: number): never => {
    report.add('xml-limit', message, placeAt(offset));
    throw new Abort(message);
  };

  parser.on('error', (error) => {
    const offset = Math.max(0, parser.position - 1);
    const reason = error.message.replace(/^[^:]*:\d+:\d+: /, '');
    wellFormedErrors++;
    if (/unbound namespace prefix/.test(reason)) {
      report.add('xml-undeclared-prefix', `Expected a declared namespace prefix, found ${reason}`, placeAt(offset));
      if (wellFormedErrors >= 20 || report.full) throw new Abort('too many errors');
      return;
    }
    // Like the W3C validator, stop at the first well-formedness error: after it the parser's view
    // of the document is a guess, and a hostile file could make millions of them.
    report.add('xml-well-formed', `Expected well-formed XML, found: ${reason}`, placeAt(offset));
    throw new Abort('not well-formed');
  });
  parser.on('xmldecl', (decl) => {
    document.xmlDecl = { version: decl.version, encoding: decl.encoding };
    if (decl.version !== undefined && decl.version !== '1.0') {
      report.add('xml-version', `Expected XML version 1.0, found ${JSON.stringify(decl.version)}`, { line: 1, column: 1 }, { expected: '1.0', actual: decl.version });
    }
  });
  parser.on('doctype', (doctype) => {
    const offset = text.lastIndexOf('<!DOCTYPE', parser.position);
    const place = placeAt(offset === -1 ? 0 : offset);
    document.doctype = { text: doctype, place };
    if (/<!ENTITY/i.test(doctype)) {
      report.add('xml-entity-declaration', 'Expected no entity declarations, found <!ENTITY …> in the DOCTYPE: entities are never expanded (billion-laughs / XXE protection)', place, {
        expected: 'no DOCTYPE entity declarations',
        actual: '<!ENTITY',
      });
      throw new Abort('entity declaration');
    }
    if (/\b(SYSTEM|PUBLIC)\b/.test(doctype)) {
      report.add('xml-entity-declaration', 'Expected no external DTD, found a SYSTEM/PUBLIC identifier in the DOCTYPE: it is never fetched', place, {
        expected: 'no external DTD',
        actual: doctype.trim().slice(0, 80),
      });
    } else {
      report.add('xml-doctype', 'Expected no DOCTYPE, found one; it is ignored', place);
    }
  });
  parser.on('opentagstart', () => {
    // position is past the name, or past the ">" of a tag without attributes (then maybe on the next "<").
    tagStart = text.lastIndexOf('<', parser.position - 1);
    attributeCount = 0;
    if (++elements > bounds.maxNodes) stop(`Expected at most ${bounds.maxNodes} elements, found more; parsing stopped`, tagStart);
    if (stack.length >= bounds.maxDepth) stop(`Expected nesting at most ${bounds.maxDepth} elements deep, found deeper; parsing stopped`, tagStart);
  });
  parser.on('attribute', () => {
    if (++attributeCount > bounds.maxAttributes) stop(`Expected at most ${bounds.maxAttributes} attributes on one element, found more; parsing stopped`, tagStart);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const tagEnd = parser.position;
    const element: XmlElement = {
      kind: 'element',
      name: tag.name,
      prefix: tag.prefix,
      local: tag.local,
      uri: tag.uri,
      attributes: [],
      children: [],
      place: placeAt(tagStart),
    };
    // saxes keeps attributes in a null-prototype dictionary: `for…in` reads it without the
    // slow generic path `Object.values` takes on such objects (the open-tag handler's top cost).
    const attributes = tag.attributes as Record<string, SaxesAttributeNS>;
    for (const key in attributes) {
      const attribute = attributes[key] as SaxesAttributeNS;
      const at = findAttribute(text, tagStart, tagEnd, attribute.name);
      element.attributes.push({
        name: attribute.name,
        prefix: attribute.prefix,
        local: attribute.local,
        uri: attribute.uri,
        value: attribute.value,
        place: placeAt(at === -1 ? tagStart : at),
      });
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      element.parent = parent;
      parent.children.push(element);
    } else if (!document.root) document.root = element;
    if (!tag.isSelfClosing) stack.push(element);
    markupEnd = parser.position;
  });
  parser.on('closetag', (tag) => {
    if (stack[stack.length - 1]?.name === tag.name) stack.pop();
    markupEnd = parser.position;
  });
  parser.on('comment', () => {
    markupEnd = parser.position;
  });
  parser.on('processinginstruction', () => {
    markupEnd = parser.position;
  });
  const addText = (value: string, cdata: boolean): void => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === 'text' && last.cdata === cdata) {
      last.value += value;
      return;
    }
    const start = cdata ? text.lastIndexOf('<![CDATA[', parser.position) : markupEnd;
    parent.children.push({ kind: 'text', value, cdata, place: placeAt(start === -1 ? markupEnd : start) });
  };
  parser.on('text', (value) => addText(value, false));
  parser.on('cdata', (value) => {
    addText(value, true);
    markupEnd = parser.position;
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (!(error instanceof Abort)) {
      report.add('xml-well-formed', `Expected well-formed XML, found: ${error instanceof Error ? error.message : String(error)}`, placeAt(parser.position));
    }
    // A stopped parse keeps what was read so far but no root: checkers must not judge half a document.
    delete document.root;
  }
  if (wellFormedErrors > 0) delete document.root;
  return document;
}

/** Offset of `name=` inside the start tag at `text[start, end)`, or -1. Scans in place: no slices. */
export function findAttribute(text: string, start: number, end: number, name: string): number {
  let from = start;
  for (;;) {
    const index = text.indexOf(name, from);
    if (index === -1 || index >= end) return -1;
    if (isXmlSpace(text.charCodeAt(index - 1))) {
      let after = index + name.length;
      while (isXmlSpace(text.charCodeAt(after))) after++;
      if (text.charCodeAt(after) === 61 /* = */) return index;
    }
    from = index + name.length;
  }
}

const isXmlSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

// ---- tree helpers -------------------------------------------------------------------------

export const isElement = (node: XmlElement | XmlText): node is XmlElement => node.kind === 'element';

export const elementsOf = (element: XmlElement): XmlElement[] => element.children.filter(isElement);

/** Child elements named `local` in namespace `uri`. */
export const children = (element: XmlElement, uri: string, local: string): XmlElement[] =>
  element.children.filter((node): node is XmlElement => node.kind === 'element' && node.uri === uri && node.local === local);

export const child = (element: XmlElement, uri: string, local: string): XmlElement | undefined => children(element, uri, local)[0];

/** Concatenated text of an element and its descendants. */
export function textOf(element: XmlElement): string {
  let out = '';
  for (const node of element.children) out += node.kind === 'text' ? node.value : textOf(node);
  return out;
}

/** Unprefixed attribute by local name (or a namespaced one with `uri`). */
export function attribute(element: XmlElement, local: string, uri = ''): XmlAttribute | undefined {
  return element.attributes.find((item) => item.local === local && item.uri === uri && (uri !== '' || item.prefix === ''));
}

/** Where an element's text starts (its first text node), or the element itself. */
export function textPlace(element: XmlElement): Place {
  const first = element.children.find((node): node is XmlText => node.kind === 'text' && node.value.trim() !== '');
  return first?.place ?? element.place;
}
