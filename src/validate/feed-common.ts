import type { Place } from '../util/diagnostics.js';
import { containsHtml } from './html.js';
import { MODULE_NAMESPACES } from './feed-modules.js';
import { checkValueOf } from './feed-values.js';
import type { DiagnosticList } from '../util/diagnostics.js';
import { isLanguageTag, shown } from './values.js';
import { elementsOf, textOf, textPlace, type XmlElement } from './xml.js';

/** Namespaces feed readers know; elements from others get `feed-unknown-namespace`. */
export const KNOWN_FEED_NAMESPACES = new Set([
  'http://www.w3.org/2005/Atom',
  'http://purl.org/dc/elements/1.1/',
  'http://purl.org/dc/terms/',
  'http://purl.org/rss/1.0/modules/content/',
  'http://purl.org/rss/1.0/modules/slash/',
  'http://purl.org/rss/1.0/modules/syndication/',
  'http://wellformedweb.org/CommentAPI/',
  'http://search.yahoo.com/mrss/',
  'http://www.itunes.com/dtds/podcast-1.0.dtd',
  'https://podcastindex.org/namespace/1.0',
  'http://www.georss.org/georss',
  'http://www.w3.org/2003/01/geo/wgs84_pos#',
  'http://purl.org/syndication/thread/1.0',
  'http://purl.org/syndication/history/1.0',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1998/Math/MathML',
  'http://backend.userland.com/creativeCommonsRssModule',
  'http://web.resource.org/cc/',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://iptc.org/std/nar/2006-10-01/',
  'http://ogp.me/ns#',
  'http://xmlns.com/foaf/0.1/',
  'http://webns.net/mvcb/',
  'http://my.theinfo.org/changed/1.0/rss/',
  'http://www.w3.org/2007/app',
  'http://www.opengis.net/gml',
]);

/** DiagnosticList elements of unknown namespaces (once per namespace). Descends into extension elements not. */
export function checkNamespaces(element: XmlElement, ownUri: string, report: DiagnosticList, seen = new Set<string>()): void {
  for (const node of elementsOf(element)) {
    if (node.uri === ownUri) {
      checkNamespaces(node, ownUri, report, seen);
      continue;
    }
    if (node.uri !== '' && !KNOWN_FEED_NAMESPACES.has(node.uri) && !MODULE_NAMESPACES.has(node.uri) && !seen.has(node.uri)) {
      seen.add(node.uri);
      report.add('feed-unknown-namespace', `Expected elements from namespaces feed readers know, found <${node.name}> in ${JSON.stringify(node.uri)}`, node.place, {
        expected: 'a known namespace (Atom, Dublin Core, content, media, itunes, …)',
        actual: node.uri,
      });
    }
  }
}

/** Elements that must appear once: report missing (when `required`) and repeated ones. */
export function checkCardinality(parent: XmlElement, uri: string, names: readonly string[], required: readonly string[], report: DiagnosticList, where: string): void {
  const counts = new Map<string, XmlElement[]>();
  for (const node of elementsOf(parent)) {
    if (node.uri !== uri || !names.includes(node.local)) continue;
    const list = counts.get(node.local) ?? [];
    list.push(node);
    counts.set(node.local, list);
  }
  for (const name of required) {
    if (!counts.has(name)) {
      report.add('feed-missing-element', `${where}: expected a <${name}> element, found none`, endPlace(parent), { field: `${where}.${name}`, expected: `<${name}>`, actual: 'missing' });
    }
  }
  for (const [name, list] of counts) {
    for (const extra of list.slice(1)) {
      report.add('feed-duplicate-element', `${where}: expected at most one <${name}>, found ${list.length}`, extra.place, { field: `${where}.${name}`, expected: 'one', actual: String(list.length) });
    }
  }
}

/** Place for "missing child" problems: the parent's start tag. */
export const endPlace = (element: XmlElement): Place => element.place;

export function checkUnknownElements(parent: XmlElement, uri: string, known: ReadonlySet<string>, report: DiagnosticList, where: string): void {
  for (const node of elementsOf(parent)) {
    if (node.uri === uri && !known.has(node.local)) {
      report.add('feed-unknown-element', `${where}: expected one of the elements the format defines, found undefined <${node.name}>`, node.place, { field: `${where}.${node.local}`, actual: `<${node.name}>` });
    }
  }
}

/** RSS and most modules predate IRIs: a URL here is ASCII (UriNotIri otherwise). */
export function checkFullUrl(element: XmlElement, report: DiagnosticList, field: string): void {
  checkValueOf('fullUrl', textOf(element).trim(), report, field, textPlace(element));
}

export function checkDate(element: XmlElement, report: DiagnosticList, field: string, kind: 'rfc822' | 'rfc3339'): void {
  checkValueOf(kind, textOf(element).trim(), report, field, textPlace(element));
}

export function checkLanguage(value: string, place: Place, report: DiagnosticList, field: string): void {
  if (!isLanguageTag(value)) {
    report.add('feed-language', `${field}: expected a language code such as "en-us" or "it", found ${shown(value)}`, place, { field, expected: 'a BCP 47 language tag', actual: value });
  }
}

export function checkPlainText(element: XmlElement, report: DiagnosticList, field: string): void {
  const markup = containsHtml(textOf(element));
  if (markup !== undefined) {
    report.add('feed-html-in-text', `${field}: expected plain text, found HTML markup ${shown(markup, 40)}`, textPlace(element), { field, expected: 'plain text', actual: markup });
  }
}


/** `feed-size`: a feed over `maxBytes` UTF-8 bytes (the W3C service's limit). Counted only when it could be over. */
export function checkFeedSize(text: string, report: DiagnosticList, maxBytes: number): void {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no count.
  if (text.length * 3 <= maxBytes) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    report.add('feed-size', `Expected a feed of at most ${maxBytes.toLocaleString('en')} bytes, found ${bytes.toLocaleString('en')}: the W3C Feed Validation Service refuses it and aggregators drop or cut it; publish fewer or shorter items`, { line: 1, column: 1 }, { expected: `≤ ${maxBytes} bytes`, actual: `${bytes} bytes` });
  }
}

/** `feed-blank`: an element whose text readers show (a title, an id, a name) is empty. */
export function checkNotBlank(element: XmlElement, report: DiagnosticList, field: string): void {
  if (textOf(element).trim() === '') report.add('feed-blank', `${field}: expected text, found it blank`, element.place, { field, expected: 'text', actual: 'blank' });
}

/** Where a feed format's own elements may carry un-namespaced attributes, and which elements hold only elements. */
export interface CoreShape {
  uri: string;
  /** Allowed un-namespaced attributes by local name (none when absent). */
  attributes: Readonly<Record<string, readonly string[]>>;
  /** Elements holding only child elements: text there is an error, and they are walked into. */
  containers: ReadonlySet<string>;
}

/**
 * Undefined un-namespaced attributes on the format's own elements (`feed-unexpected-attribute`;
 * foreign ones belong in their own namespace) and text inside containers (`feed-unexpected-text`).
 */
export function checkCoreShape(root: XmlElement, shape: CoreShape, report: DiagnosticList, where = root.local): void {
  checkCoreAttributes(root, shape, report, where);
  if (!shape.containers.has(root.local)) return;
  const text = root.children.find((item) => item.kind === 'text' && item.value.trim() !== '');
  if (text && text.kind === 'text') report.add('feed-unexpected-text', `${where}: expected only child elements in <${root.name}>, found text ${shown(text.value.trim(), 40)}`, text.place, { field: where, expected: 'elements', actual: text.value.trim().slice(0, 40) });
  for (const node of elementsOf(root)) if (node.uri === shape.uri) checkCoreShape(node, shape, report, `${where}.${node.local}`);
}

function checkCoreAttributes(node: XmlElement, shape: CoreShape, report: DiagnosticList, field: string): void {
  const allowed = shape.attributes[node.local] ?? [];
  for (const item of node.attributes) {
    if (item.uri === '' && !allowed.includes(item.local)) {
      report.add('feed-unexpected-attribute', `${field}: expected ${allowed.length > 0 ? `only ${allowed.join(', ')}` : 'no un-namespaced attributes'} on <${node.name}>, found ${item.name}`, item.place, {
        field: `${field}@${item.name}`,
        expected: allowed.join(', ') || 'none',
        actual: item.name,
      });
    }
  }
}
