import { checkHtml, checkHtmlTags, type HtmlTag } from './html.js';
import type { Report } from './rules.js';
import { checkCardinality, checkDate, checkLanguage, checkNamespaces, checkPlainText, checkUnknownElements } from './feed-common.js';
import { isAbsoluteIri, isEmail, isFullUrl, shown } from './values.js';
import { attribute, child, children, elementsOf, textOf, textPlace, XML_NAMESPACE, type XmlDocument, type XmlElement } from './xml.js';

/** Atom 1.0 (RFC 4287) rules, modelled on the W3C Feed Validation Service. */

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
const XHTML = 'http://www.w3.org/1999/xhtml';

const FEED_ELEMENTS = new Set(['author', 'category', 'contributor', 'generator', 'icon', 'id', 'link', 'logo', 'rights', 'subtitle', 'title', 'updated', 'entry']);
const FEED_ONCE = ['generator', 'icon', 'id', 'logo', 'rights', 'subtitle', 'title', 'updated'];
const ENTRY_ELEMENTS = new Set(['author', 'category', 'content', 'contributor', 'id', 'link', 'published', 'rights', 'source', 'summary', 'title', 'updated']);
const ENTRY_ONCE = ['content', 'id', 'published', 'rights', 'source', 'summary', 'title', 'updated'];

export function checkAtomTree(document: XmlDocument, report: Report): void {
  const root = document.root;
  if (!root) return;
  if (root.uri !== ATOM_NS || (root.local !== 'feed' && root.local !== 'entry')) {
    report.add('feed-missing-element', `Expected an Atom <feed> in ${ATOM_NS}, found <${root.name}> in ${JSON.stringify(root.uri)}`, root.place, { expected: 'atom:feed', actual: root.name });
    return;
  }
  checkLanguages(root, report);
  if (root.local === 'entry') {
    checkEntry(root, 'entry', report, true, new Map());
  } else {
    checkFeed(root, report);
  }
  checkNamespaces(root, ATOM_NS, report);
}

function checkFeed(feed: XmlElement, report: Report): void {
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
  if (!feedHasAuthor && entries.length === 0) {
    report.add('atom-author', 'feed: expected an <author> on the feed or on every entry, found none', feed.place, { field: 'feed.author', expected: '<author><name>…</name></author>', actual: 'missing' });
  }
  const links = children(feed, ATOM_NS, 'link');
  if (!links.some((link) => attribute(link, 'rel')?.value === 'self')) {
    report.add('atom-self-link', 'feed: expected <link rel="self" href="…"> with the feed’s own URL, found none', feed.place, { field: 'feed.link', expected: 'link rel="self"', actual: 'missing' });
  }
}

function checkEntry(entry: XmlElement, where: string, report: Report, hasAuthor: boolean, ids: Map<string, XmlElement>): void {
  checkCardinality(entry, ATOM_NS, ENTRY_ONCE, ['id', 'title', 'updated'], report, where);
  checkUnknownElements(entry, ATOM_NS, ENTRY_ELEMENTS, report, where);
  checkCommon(entry, where, report);
  if (!hasAuthor) {
    report.add('atom-author', `${where}: expected an <author> (the feed has none), found none`, entry.place, { field: `${where}.author`, expected: '<author><name>…</name></author>', actual: 'missing' });
  }
  const id = child(entry, ATOM_NS, 'id');
  if (id) {
    const value = textOf(id).trim();
    const earlier = ids.get(value);
    if (earlier) report.add('atom-duplicate-id', `${where}.id: expected an id no other entry uses, found ${shown(value)} again (first at line ${earlier.place.line})`, textPlace(id), { field: `${where}.id`, actual: value });
    else ids.set(value, id);
  }
  const content = child(entry, ATOM_NS, 'content');
  const links = children(entry, ATOM_NS, 'link');
  if (!content && !links.some((link) => (attribute(link, 'rel')?.value ?? 'alternate') === 'alternate')) {
    report.add('atom-link', `${where}: expected <content> or a <link rel="alternate">, found neither`, entry.place, { field: `${where}.link`, expected: 'content or an alternate link', actual: 'neither' });
  }
  if (content && attribute(content, 'src') && !child(entry, ATOM_NS, 'summary')) {
    report.add('feed-missing-element', `${where}: expected a <summary> (content has src), found none`, entry.place, { field: `${where}.summary`, expected: '<summary>', actual: 'missing' });
  }
}

/** Rules common to feed and entry children. */
function checkCommon(parent: XmlElement, where: string, report: Report): void {
  for (const node of elementsOf(parent)) {
    if (node.uri !== ATOM_NS) continue;
    const field = `${where}.${node.local}`;
    switch (node.local) {
      case 'id': {
        const value = textOf(node).trim();
        if (!isAbsoluteIri(value)) report.add('atom-id', `${field}: expected an absolute IRI (tag:, urn: or https:), found ${shown(value)}`, textPlace(node), { field, expected: 'an absolute IRI', actual: value });
        break;
      }
      case 'updated':
      case 'published':
        checkDate(node, report, field, 'rfc3339');
        break;
      case 'title':
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
      case 'category':
        if (!attribute(node, 'term')) report.add('atom-category-term', `${field}: expected a term attribute, found none`, node.place, { field: `${field}.term`, expected: 'term="…"', actual: 'missing' });
        break;
      case 'icon':
      case 'logo':
        if (!isFullUrl(textOf(node))) report.add('feed-full-url', `${field}: expected a full URL, found ${shown(textOf(node).trim())}`, textPlace(node), { field, actual: textOf(node).trim() });
        break;
    }
  }
}

function checkTextConstruct(node: XmlElement, report: Report, field: string): void {
  const typeAttribute = attribute(node, 'type');
  const type = typeAttribute?.value ?? 'text';
  const isContent = node.local === 'content';
  if (!['text', 'html', 'xhtml'].includes(type) && !(isContent && /^[\w.+-]+\/[\w.+-]+/.test(type))) {
    report.add('atom-text-type', `${field}: expected type "text", "html" or "xhtml"${isContent ? ' or a MIME type' : ''}, found ${shown(type)}`, typeAttribute?.place ?? node.place, { field: `${field}.type`, expected: 'text | html | xhtml', actual: type });
    return;
  }
  if (isContent && attribute(node, 'src')) {
    const src = attribute(node, 'src');
    if (src && !isFullUrl(src.value)) report.add('feed-full-url', `${field}: expected a full URL in src, found ${shown(src.value)}`, src.place, { field: `${field}.src`, actual: src.value });
    return;
  }
  if (type === 'text') {
    if (node.local !== 'content') checkPlainText(node, report, field);
  } else if (type === 'html') {
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

/** The XHTML subtree as scanned tags, for the same dangerous-markup rules as escaped HTML. */
function xhtmlTags(root: XmlElement, out: HtmlTag[] = [], budget = { left: 100_000 }): HtmlTag[] {
  for (const node of elementsOf(root)) {
    if (--budget.left < 0) break;
    out.push({ name: node.local.toLowerCase(), attributes: node.attributes.map((item) => ({ name: item.name.toLowerCase(), value: item.value })) });
    xhtmlTags(node, out, budget);
  }
  return out;
}

function checkPerson(node: XmlElement, report: Report, field: string): void {
  const name = child(node, ATOM_NS, 'name');
  if (!name || textOf(name).trim() === '') report.add('atom-author', `${field}: expected a <name>, found none`, node.place, { field: `${field}.name`, expected: '<name>', actual: 'missing' });
  checkCardinality(node, ATOM_NS, ['name', 'uri', 'email'], [], report, field);
  const email = child(node, ATOM_NS, 'email');
  if (email && !isEmail(textOf(email))) report.add('feed-email', `${field}.email: expected an e-mail address, found ${shown(textOf(email).trim())}`, textPlace(email), { field: `${field}.email`, actual: textOf(email).trim() });
  const uri = child(node, ATOM_NS, 'uri');
  if (uri && !isFullUrl(textOf(uri))) report.add('feed-full-url', `${field}.uri: expected a full URL, found ${shown(textOf(uri).trim())}`, textPlace(uri), { field: `${field}.uri`, actual: textOf(uri).trim() });
}

function checkLink(node: XmlElement, report: Report, field: string): void {
  const href = attribute(node, 'href');
  if (!href) {
    report.add('atom-link', `${field}: expected an href attribute, found none`, node.place, { field: `${field}.href`, expected: 'href="…"', actual: 'missing' });
    return;
  }
  if (!isFullUrl(href.value)) report.add('feed-full-url', `${field}: expected a full URL in href, found ${shown(href.value)}`, href.place, { field: `${field}.href`, expected: 'an absolute URL', actual: href.value });
}

function checkLanguages(root: XmlElement, report: Report): void {
  const visit = (element: XmlElement, depth: number): void => {
    const lang = attribute(element, 'lang', XML_NAMESPACE);
    if (lang && lang.value !== '') checkLanguage(lang.value, lang.place, report, `${element.name}@xml:lang`);
    if (depth < 4) for (const node of elementsOf(element)) if (node.uri === ATOM_NS) visit(node, depth + 1);
  };
  visit(root, 0);
}
