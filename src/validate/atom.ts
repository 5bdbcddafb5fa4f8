import { checkHtml, checkHtmlTags, xhtmlTags } from './html.js';
import type { DiagnosticList } from '../util/diagnostics.js';
import { checkCardinality, checkCoreShape, checkDate, checkLanguage, checkNamespaces, checkNotBlank, checkPlainText, checkUnknownElements, type CoreShape } from './feed-common.js';
import { checkValueOf } from './feed-values.js';
import { checkModules } from './feed-modules.js';
import { IANA_RELS } from './feed-vocabularies.js';
import { badIriCharacter, identifierProblem, isMimeType, isUuidUrn, shown } from './values.js';
import { attribute, child, children, elementsOf, textOf, textPlace, XML_NAMESPACE, type XmlDocument, type XmlElement } from './xml.js';

/** Atom 1.0 (RFC 4287) rules, modelled on the W3C Feed Validation Service. */

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
const XHTML = 'http://www.w3.org/1999/xhtml';
const FH_NS = 'http://purl.org/syndication/history/1.0';

const FEED_ELEMENTS = new Set(['author', 'category', 'contributor', 'generator', 'icon', 'id', 'link', 'logo', 'rights', 'subtitle', 'title', 'updated', 'entry']);
const FEED_ONCE = ['generator', 'icon', 'id', 'logo', 'rights', 'subtitle', 'title', 'updated'];
const ENTRY_ELEMENTS = new Set(['author', 'category', 'content', 'contributor', 'id', 'link', 'published', 'rights', 'source', 'summary', 'title', 'updated']);
const ENTRY_ONCE = ['content', 'id', 'published', 'rights', 'source', 'summary', 'title', 'updated'];
const PERSON_ELEMENTS = new Set(['name', 'uri', 'email']);
/** Un-namespaced attributes Atom elements define (RFC 4287 allows foreign ones only in other namespaces), and its containers. */
const ATOM_SHAPE: CoreShape = {
  uri: ATOM_NS,
  attributes: {
    title: ['type'],
    subtitle: ['type'],
    summary: ['type'],
    rights: ['type'],
    content: ['type', 'src'],
    link: ['href', 'rel', 'type', 'hreflang', 'title', 'length'],
    category: ['term', 'scheme', 'label'],
    generator: ['uri', 'version'],
  },
  containers: new Set(['feed', 'entry', 'source', 'author', 'contributor']),
};
const SOURCE_ELEMENTS = new Set([...FEED_ELEMENTS].filter((name) => name !== 'entry'));
/** RFC 5005 paging relations: meaningless in a complete feed and in an entry. */
const PAGING_RELS = new Set(['first', 'last', 'next', 'previous', 'prev', 'prev-archive', 'next-archive']);

export function checkAtomTree(document: XmlDocument, report: DiagnosticList): void {
  const root = document.root;
  if (!root) return;
  if (root.uri !== ATOM_NS || (root.local !== 'feed' && root.local !== 'entry')) {
    report.add('feed-missing-element', `Expected an Atom <feed> in ${ATOM_NS}, found <${root.name}> in ${JSON.stringify(root.uri)}`, root.place, { expected: 'atom:feed', actual: root.name });
    return;
  }
  checkLanguages(root, report);
  checkXmlBase(root, report);
  checkCoreShape(root, ATOM_SHAPE, report);
  checkModules(root, report);
  if (root.local === 'entry') {
    checkEntry(root, 'entry', report, true, new Map());
  } else {
    checkFeed(root, report);
  }
  checkNamespaces(root, ATOM_NS, report);
}

function checkFeed(feed: XmlElement, report: DiagnosticList): void {
  checkCardinality(feed, ATOM_NS, FEED_ONCE, ['id', 'title', 'updated'], report, 'feed');
  checkUnknownElements(feed, ATOM_NS, FEED_ELEMENTS, report, 'feed');
  checkCommon(feed, 'feed', report);
  const entries = children(feed, ATOM_NS, 'entry');
  const feedHasAuthor = children(feed, ATOM_NS, 'author').length > 0;
  const ids = new Map<string, XmlElement>();
  for (const [index, entry] of entries.entries()) {
    const hasAuthor = children(entry, ATOM_NS, 'author').length > 0 || children(child(entry, ATOM_NS, 'source') ?? entry, ATOM_NS, 'author').length > 0;
    checkEntry(entry, `entry[${index}]`, report, hasAuthor || feedHasAuthor, ids);
  }
  // With no entries the feed-level author is vacuously optional (RFC 4287 §4.1.1: "unless all entries contain one").
  const links = children(feed, ATOM_NS, 'link');
  if (!links.some((link) => attribute(link, 'rel')?.value === 'self')) {
    report.add('atom-self-link', 'feed: expected <link rel="self" href="…"> with the feed’s own URL, found none', feed.place, { field: 'feed.link', expected: 'link rel="self"', actual: 'missing' });
  }
  checkMetadataOrder(feed, report);
  checkFeedHistory(feed, links, report);
}

/** Feed metadata precedes the entries (the W3C service and streaming readers rely on it). */
function checkMetadataOrder(feed: XmlElement, report: DiagnosticList): void {
  let entrySeen = false;
  for (const node of elementsOf(feed)) {
    if (node.uri !== ATOM_NS) continue;
    if (node.local === 'entry') entrySeen = true;
    else if (entrySeen) {
      report.add('atom-misplaced-metadata', `feed: expected <${node.name}> before the first <entry>, found it after`, node.place, { field: `feed.${node.local}`, expected: 'metadata before entries', actual: 'after an entry' });
      return;
    }
  }
}

/** RFC 5005 feed paging and archiving. */
function checkFeedHistory(feed: XmlElement, links: readonly XmlElement[], report: DiagnosticList): void {
  const href = (rel: string): XmlElement | undefined => links.find((link) => attribute(link, 'rel')?.value === rel);
  const self = attribute(href('self') ?? feed, 'href')?.value;
  const complete = elementsOf(feed).some((node) => node.uri === FH_NS && node.local === 'complete');
  if (complete) {
    for (const link of links) {
      const rel = attribute(link, 'rel')?.value ?? '';
      if (PAGING_RELS.has(rel)) report.add('atom-feed-history', `feed: expected no rel="${rel}" link in a complete feed (<fh:complete/>), found one`, link.place, { field: 'feed.link', expected: 'no paging links', actual: rel });
    }
    const current = href('current');
    if (current && attribute(current, 'href')?.value !== self) report.add('atom-feed-history', 'feed: expected the rel="current" link of a complete feed to be its self link, found another URL', current.place, { field: 'feed.link', expected: self ?? 'the self URL', actual: attribute(current, 'href')?.value ?? '' });
  }
  const next = href('next');
  const last = href('last');
  if (next && last && self !== undefined && attribute(last, 'href')?.value === self) {
    report.add('atom-feed-history', 'feed: expected no rel="next" link on the last page (rel="last" is this feed), found one', next.place, { field: 'feed.link', expected: 'no next link', actual: attribute(next, 'href')?.value ?? '' });
  }
}

function checkEntry(entry: XmlElement, where: string, report: DiagnosticList, hasAuthor: boolean, ids: Map<string, XmlElement>): void {
  checkCardinality(entry, ATOM_NS, ENTRY_ONCE, ['id', 'title', 'updated'], report, where);
  checkUnknownElements(entry, ATOM_NS, ENTRY_ELEMENTS, report, where);
  checkCommon(entry, where, report);
  if (!hasAuthor) {
    report.add('atom-author', `${where}: expected an <author> (the feed has none), found none`, entry.place, { field: `${where}.author`, expected: '<author><name>…</name></author>', actual: 'missing' });
  }
  const id = child(entry, ATOM_NS, 'id');
  if (id) {
    // RFC 4287 §4.1.1: entries may share an id (versions of one entry) but then differ in updated.
    const value = `${textOf(id).trim()} ${textOf(child(entry, ATOM_NS, 'updated') ?? id).trim()}`;
    const earlier = ids.get(value);
    if (earlier) report.add('atom-duplicate-id', `${where}.id: expected entries sharing an id to differ in <updated>, found ${shown(textOf(id).trim())} with the same updated again (first at line ${earlier.place.line})`, textPlace(id), { field: `${where}.id`, actual: textOf(id).trim() });
    else ids.set(value, id);
  }
  const content = child(entry, ATOM_NS, 'content');
  const links = children(entry, ATOM_NS, 'link');
  if (!content && !links.some((link) => (attribute(link, 'rel')?.value ?? 'alternate') === 'alternate')) {
    report.add('atom-link', `${where}: expected <content> or a <link rel="alternate">, found neither`, entry.place, { field: `${where}.link`, expected: 'content or an alternate link', actual: 'neither' });
  }
  if (content && !attribute(content, 'src') && content.children.length === 0) checkNotBlank(content, report, `${where}.content`);
  const summary = child(entry, ATOM_NS, 'summary');
  if (content && !summary && (attribute(content, 'src') || !isTextualType(attribute(content, 'type')?.value ?? 'text'))) {
    report.add('feed-missing-element', `${where}: expected a <summary> (the content is ${attribute(content, 'src') ? 'out of line' : 'not text'}), found none`, entry.place, { field: `${where}.summary`, expected: '<summary>', actual: 'missing' });
  }
  if (!content && !summary) {
    report.add('atom-missing-textual-content', `${where}: expected a <content> or a <summary>, found neither: readers show a bare headline`, entry.place, { field: `${where}.content`, expected: 'content or summary', actual: 'neither' });
  }
  const source = child(entry, ATOM_NS, 'source');
  if (source) checkSource(source, `${where}.source`, report);
}

/** atom:source: the feed metadata of an entry copied from another feed. */
function checkSource(source: XmlElement, where: string, report: DiagnosticList): void {
  checkCardinality(source, ATOM_NS, FEED_ONCE, [], report, where);
  checkUnknownElements(source, ATOM_NS, SOURCE_ELEMENTS, report, where);
  checkCommon(source, where, report);
}

/** Text, HTML, XHTML, any text/* and XML media types are readable; other types are base64 data. */
const isTextualType = (type: string): boolean => ['text', 'html', 'xhtml'].includes(type) || /^text\/|[/+]xml(?:\s*;.*)?$/i.test(type);

/** Rules common to feed and entry children. */
function checkCommon(parent: XmlElement, where: string, report: DiagnosticList): void {
  for (const node of elementsOf(parent)) {
    if (node.uri !== ATOM_NS) continue;
    const field = `${where}.${node.local}`;
    if (WHITESPACE_FREE.has(node.local)) checkNoWhitespace(node, report, field);
    switch (node.local) {
      case 'id': {
        const value = textOf(node).trim();
        if (where !== 'feed') checkNotBlank(node, report, field);
        const problem = identifierProblem(value);
        if (problem === 'iri' && badIriCharacter(value) !== undefined) checkValueOf('iri', value, report, field, textPlace(node));
        else if (problem !== undefined) report.add('atom-id', `${field}: expected ${ID_EXPECTED[problem]}, found ${shown(value)}`, textPlace(node), { field, expected: ID_EXPECTED[problem], actual: value });
        else if (/^urn:uuid:/i.test(value) && !isUuidUrn(value)) report.add('atom-id', `${field}: expected urn:uuid: and a UUID (8-4-4-4-12 hex digits), found ${shown(value)}`, textPlace(node), { field, expected: 'a UUID URN', actual: value });
        break;
      }
      case 'updated':
      case 'published':
        checkDate(node, report, field, 'rfc3339');
        break;
      case 'generator':
        checkTextOnly(node, report, field);
        checkPlainText(node, report, field);
        checkIriAttribute(node, 'uri', report, field);
        break;
      case 'title':
        checkNotBlank(node, report, field);
        checkTextConstruct(node, report, field);
        break;
      case 'subtitle':
      case 'summary':
      case 'rights':
      case 'content':
        checkTextConstruct(node, report, field);
        break;
      case 'author':
      case 'contributor':
        checkPerson(node, report, field);
        break;
      case 'link':
        checkLink(node, report, field);
        break;
      case 'category': {
        const label = attribute(node, 'label');
        if (label) checkValueOf('plainText', label.value, report, `${field}@label`, label.place);
        if (attribute(node, 'term')?.value.trim() === '') report.add('feed-blank', `${field}: expected a term, found it blank`, node.place, { field: `${field}@term`, expected: 'a term', actual: 'blank' });
        if (!attribute(node, 'term')) report.add('atom-category-term', `${field}: expected a term attribute, found none`, node.place, { field: `${field}.term`, expected: 'term="…"', actual: 'missing' });
        const scheme = attribute(node, 'scheme');
        if (scheme) checkValueOf('fullIri', scheme.value, report, `${field}@scheme`, scheme.place);
        break;
      }
      case 'icon':
      case 'logo':
        checkValueOf('iri', textOf(node).trim(), report, field, textPlace(node));
        break;
    }
  }
  checkDuplicateLinks(parent, where, report);
}

const ID_EXPECTED = {
  tag: 'a tag URI (RFC 4151) such as "tag:ansa.it,2025-02-13:kursk"',
  urn: 'a URN (RFC 2141) such as "urn:newsml:ansa.it:…": a namespace id of letters, digits and hyphens',
  iri: 'an absolute IRI (tag:, urn: or https:)',
} as const;


/** Atom elements whose whole text is a date or an IRI: no white space around it. */
const WHITESPACE_FREE = new Set(['id', 'updated', 'published', 'icon', 'logo', 'uri']);

function checkNoWhitespace(node: XmlElement, report: DiagnosticList, field: string): void {
  const text = textOf(node);
  if (text !== text.trim()) report.add('feed-whitespace', `${field}: expected no white space around the value, found ${shown(text)}`, textPlace(node), { field, expected: 'no surrounding white space', actual: text });
}

/** Elements holding text only (generator, a text-type construct): child elements are undefined there. */
function checkTextOnly(node: XmlElement, report: DiagnosticList, field: string): void {
  const first = elementsOf(node)[0];
  if (first) report.add('feed-unknown-element', `${field}: expected text only, found a child element <${first.name}>`, first.place, { field, expected: 'text', actual: `<${first.name}>` });
}

function checkIriAttribute(node: XmlElement, name: string, report: DiagnosticList, field: string): void {
  const value = attribute(node, name);
  if (value) checkValueOf('iri', value.value, report, `${field}@${name}`, value.place);
}

/** RFC 4287 §4.1.1: no two alternate links with the same type and hreflang. */
function checkDuplicateLinks(parent: XmlElement, where: string, report: DiagnosticList): void {
  const seen = new Set<string>();
  for (const link of children(parent, ATOM_NS, 'link')) {
    if ((attribute(link, 'rel')?.value ?? 'alternate') !== 'alternate') continue;
    const key = `${attribute(link, 'type')?.value ?? ''} ${attribute(link, 'hreflang')?.value ?? ''}`;
    if (seen.has(key)) report.add('atom-duplicate-link', `${where}: expected one rel="alternate" link per type and hreflang, found another with type ${shown(attribute(link, 'type')?.value ?? '')} and hreflang ${shown(attribute(link, 'hreflang')?.value ?? '')}`, link.place, { field: `${where}.link`, expected: 'unique type and hreflang', actual: key.trim() });
    seen.add(key);
  }
}

function checkTextConstruct(node: XmlElement, report: DiagnosticList, field: string): void {
  const typeAttribute = attribute(node, 'type');
  const type = typeAttribute?.value ?? 'text';
  const isContent = node.local === 'content';
  if (!['text', 'html', 'xhtml'].includes(type) && !(isContent && /^[\w.+-]+\/[\w.+-]+/.test(type))) {
    report.add('atom-text-type', `${field}: expected type "text", "html" or "xhtml"${isContent ? ' or a MIME type' : ''}, found ${shown(type)}`, typeAttribute?.place ?? node.place, { field: `${field}.type`, expected: 'text | html | xhtml', actual: type });
    return;
  }
  const src = isContent ? attribute(node, 'src') : undefined;
  if (src) {
    checkValueOf('iri', src.value, report, `${field}@src`, src.place);
    // Out-of-line content is empty (RFC 4287 §4.1.3.2).
    checkTextOnly(node, report, field);
    if (textOf(node).trim() !== '') report.add('feed-unexpected-text', `${field}: expected no text in content with src, found ${shown(textOf(node).trim(), 40)}`, textPlace(node), { field, expected: 'empty', actual: textOf(node).trim().slice(0, 40) });
    if (typeAttribute && !isMimeType(type)) report.add('feed-mime-type', `${field}: expected a MIME type with src (RFC 4287 §4.1.3.1), found ${shown(type)}`, typeAttribute.place, { field: `${field}.type`, expected: 'a MIME type', actual: type });
    return;
  }
  if (type === 'text' || type === 'html' || /^text\//i.test(type)) checkTextOnly(node, report, field);
  else if (type !== 'xhtml' && /[/+]xml(?:\s*;.*)?$/i.test(type)) {
    const text = node.children.some((item) => item.kind === 'text' && item.value.trim() !== '');
    if (text && elementsOf(node).length > 0) report.add('feed-unexpected-text', `${field}: expected one XML element as ${type} content, found text beside elements`, node.place, { field, expected: 'an XML element', actual: 'mixed text and elements' });
  }
  if (type === 'text' || /^text\/plain\b/i.test(type)) {
    checkPlainText(node, report, field);
  } else if (type === 'html' || /^text\/html\b/i.test(type)) {
    checkHtml(textOf(node), report, textPlace(node), field);
  } else if (type === 'xhtml') {
    const elements = elementsOf(node);
    const div = elements[0];
    const strayText = node.children.some((item) => item.kind === 'text' && item.value.trim() !== '');
    if (elements.length !== 1 || !div || div.uri !== XHTML || div.local !== 'div' || strayText) {
      report.add('atom-text-type', `${field}: expected type="xhtml" content to be exactly one <div xmlns="${XHTML}">, found ${div ? `<${div.name}> in ${JSON.stringify(div.uri)}` : 'none'}${elements.length > 1 ? ` and ${elements.length - 1} more` : ''}`, node.place, {
        field,
        expected: 'one xhtml:div',
        actual: div ? div.name : 'none',
      });
    }
    if (div) checkHtmlTags(xhtmlTags(div), report, div.place, field);
  }
}

function checkPerson(node: XmlElement, report: DiagnosticList, field: string): void {
  const uriElement = child(node, ATOM_NS, 'uri');
  if (uriElement) checkNoWhitespace(uriElement, report, `${field}.uri`);
  const name = child(node, ATOM_NS, 'name');
  if (name) {
    checkNotBlank(name, report, `${field}.name`);
    checkPlainText(name, report, `${field}.name`);
  }
  if (!name || textOf(name).trim() === '') report.add('atom-author', `${field}: expected a <name>, found none`, node.place, { field: `${field}.name`, expected: '<name>', actual: 'missing' });
  checkCardinality(node, ATOM_NS, ['name', 'uri', 'email'], [], report, field);
  checkUnknownElements(node, ATOM_NS, PERSON_ELEMENTS, report, field);
  const email = child(node, ATOM_NS, 'email');
  if (email) checkValueOf('email', textOf(email).trim(), report, `${field}.email`, textPlace(email));
  if (uriElement) checkValueOf('iri', textOf(uriElement).trim(), report, `${field}.uri`, textPlace(uriElement));
}

function checkLink(node: XmlElement, report: DiagnosticList, field: string): void {
  const href = attribute(node, 'href');
  if (!href) report.add('atom-link', `${field}: expected an href attribute, found none`, node.place, { field: `${field}.href`, expected: 'href="…"', actual: 'missing' });
  // An IRI reference: a relative one resolves against xml:base or the document's URL (RFC 4287 §4.2.7.1).
  else checkValueOf('iri', href.value, report, `${field}@href`, href.place);
  const title = attribute(node, 'title');
  if (title) checkValueOf('plainText', title.value, report, `${field}@title`, title.place);
  checkLinkRel(node, report, field);
  const length = attribute(node, 'length');
  if (length) checkValueOf('nonNegativeInteger', length.value, report, `${field}@length`, length.place);
  const type = attribute(node, 'type');
  if (type) checkValueOf('mime', type.value, report, `${field}@type`, type.place);
  const hreflang = attribute(node, 'hreflang');
  if (hreflang) checkValueOf('language', hreflang.value, report, `${field}@hreflang`, hreflang.place);
}

const IANA_REL_PREFIX = 'http://www.iana.org/assignments/relation/';

function checkLinkRel(node: XmlElement, report: DiagnosticList, field: string): void {
  const rel = attribute(node, 'rel');
  if (!rel) return;
  const value = rel.value;
  // RFC 4287 §4.2.7.2: a registered name, or an IRI (not the long form of a registered name).
  const registered = IANA_RELS.has(value);
  const iri = !registered && isAbsoluteIriValue(value) && !value.startsWith(IANA_REL_PREFIX);
  if (!registered && !iri) {
    report.add('atom-link-rel', `${field}: expected rel to be an IANA-registered relation (alternate, self, related, enclosure, via, …) or an absolute IRI, found ${shown(value)}`, rel.place, { field: `${field}@rel`, expected: 'a registered relation', actual: value });
  } else if (node.parent?.local === 'entry' && PAGING_RELS.has(value)) {
    report.add('atom-link-rel', `${field}: expected rel="${value}" (RFC 5005 paging) on the feed, found it on an entry`, rel.place, { field: `${field}@rel`, expected: 'a feed-level link', actual: value });
  }
}

const isAbsoluteIriValue = (value: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(value) && badIriCharacter(value) === undefined;

/** xml:base anywhere: an IRI reference. */
function checkXmlBase(root: XmlElement, report: DiagnosticList): void {
  const stack = [root];
  while (stack.length > 0) {
    const element = stack.pop() as XmlElement;
    const base = attribute(element, 'base', XML_NAMESPACE);
    if (base && badIriCharacter(base.value) !== undefined) checkValueOf('iri', base.value, report, `${element.name}@xml:base`, base.place);
    for (const node of elementsOf(element)) stack.push(node);
  }
}

function checkLanguages(root: XmlElement, report: DiagnosticList): void {
  const visit = (element: XmlElement, depth: number): void => {
    const lang = attribute(element, 'lang', XML_NAMESPACE);
    if (lang && lang.value !== '') checkLanguage(lang.value, lang.place, report, `${element.name}@xml:lang`);
    if (depth < 4) for (const node of elementsOf(element)) if (node.uri === ATOM_NS) visit(node, depth + 1);
  };
  visit(root, 0);
}
