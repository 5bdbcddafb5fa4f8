import { checkHtml, checkHtmlTags, xhtmlTags } from './html.js';
import type { DiagnosticList } from '../util/diagnostics.js';
import { checkCardinality, checkCoreShape, checkDate, checkFullUrl, checkLanguage, checkNamespaces, checkNotBlank, checkPlainText, checkUnknownElements, type CoreShape } from './feed-common.js';
import { checkValueOf } from './feed-values.js';
import { checkModules } from './feed-modules.js';
import { checkRssEmail, containsEmail, isFullUrl, isMimeType, shown } from './values.js';
import { attribute, child, children, elementsOf, textOf, textPlace, XML_NAMESPACE, type XmlDocument, type XmlElement } from './xml.js';

/** RSS 2.0 rules, modelled on the W3C Feed Validation Service. Works on a parsed tree. */

const ATOM = 'http://www.w3.org/2005/Atom';
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const XHTML = 'http://www.w3.org/1999/xhtml';
const DC = 'http://purl.org/dc/elements/1.1/';
const DCTERMS = 'http://purl.org/dc/terms/';
const ITUNES = 'http://www.itunes.com/dtds/podcast-1.0.dtd';

const CHANNEL_ELEMENTS = new Set(['title', 'link', 'description', 'language', 'copyright', 'managingEditor', 'webMaster', 'pubDate', 'lastBuildDate', 'category', 'generator', 'docs', 'cloud', 'ttl', 'image', 'rating', 'textInput', 'skipHours', 'skipDays', 'item']);
const CHANNEL_ONCE = ['title', 'link', 'description', 'language', 'copyright', 'managingEditor', 'webMaster', 'pubDate', 'lastBuildDate', 'generator', 'docs', 'cloud', 'ttl', 'image', 'rating', 'textInput', 'skipHours', 'skipDays'];
const ITEM_ELEMENTS = new Set(['title', 'link', 'description', 'author', 'category', 'comments', 'enclosure', 'guid', 'pubDate', 'source']);
const ITEM_ONCE = ['title', 'link', 'description', 'author', 'comments', 'enclosure', 'guid', 'pubDate', 'source'];

const CLOUD_ATTRIBUTES = ['domain', 'port', 'path', 'registerProcedure', 'protocol'];

/** Un-namespaced attributes RSS 2.0 elements define, and the elements that hold only elements. */
const RSS_SHAPE: CoreShape = {
  uri: '',
  attributes: {
    rss: ['version'],
    guid: ['isPermaLink'],
    category: ['domain'],
    enclosure: ['url', 'length', 'type'],
    source: ['url'],
    cloud: CLOUD_ATTRIBUTES,
  },
  containers: new Set(['rss', 'channel', 'item', 'image', 'textInput', 'skipHours', 'skipDays']),
};

export function checkRssTree(document: XmlDocument, report: DiagnosticList): void {
  const root = document.root;
  if (!root) return;
  if (root.local !== 'rss' || root.uri !== '') {
    report.add('rss-version', `Expected an <rss> root element, found <${root.name}>`, root.place, { expected: '<rss version="2.0">', actual: `<${root.name}>` });
    return;
  }
  const version = attribute(root, 'version');
  if (version?.value !== '2.0') {
    report.add('rss-version', `Expected version="2.0" on <rss>, found ${version ? shown(version.value) : 'no version attribute'}`, version?.place ?? root.place, { expected: '2.0', actual: version?.value ?? 'missing' });
  }
  const channels = children(root, '', 'channel');
  const channel = channels[0];
  if (!channel) {
    report.add('feed-missing-element', 'rss: expected a <channel> element, found none', root.place, { field: 'channel', expected: '<channel>', actual: 'missing' });
    return;
  }
  for (const extra of channels.slice(1)) report.add('feed-duplicate-element', `rss: expected one <channel>, found ${channels.length}`, extra.place, { field: 'channel' });
  checkCoreShape(root, RSS_SHAPE, report);
  checkChannel(channel, report);
  checkModules(root, report);
  checkNamespaces(root, '', report);
}

function checkChannel(channel: XmlElement, report: DiagnosticList): void {
  checkCardinality(channel, '', CHANNEL_ONCE, ['title', 'link', 'description'], report, 'channel');
  checkUnknownElements(channel, '', CHANNEL_ELEMENTS, report, 'channel');
  for (const node of elementsOf(channel)) {
    if (node.uri !== '') continue;
    const field = `channel.${node.local}`;
    switch (node.local) {
      case 'title':
        checkNotBlank(node, report, field);
        checkPlainText(node, report, field);
        break;
      case 'category':
        checkPlainText(node, report, field);
        break;
      case 'link':
      case 'docs':
        checkFullUrl(node, report, field);
        break;
      case 'ttl':
        checkValueOf('positiveInteger', textOf(node), report, field, textPlace(node));
        break;
      case 'cloud':
        checkCloud(node, report, field);
        break;
      case 'textInput':
        report.add('rss-text-input', `${field}: expected no <textInput>: few readers support it`, node.place, { field, expected: 'no textInput', actual: '<textInput>' });
        checkTextInput(node, report, field);
        break;
      case 'skipHours':
        // 24 is the obsolete name of midnight (0): readers still take it.
        checkSkip(node, 'hour', { oneOf: Array.from({ length: 25 }, (_, hour) => String(hour)) }, report, field);
        break;
      case 'skipDays':
        checkSkip(node, 'day', { oneOf: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] }, report, field);
        break;
      case 'language':
        checkLanguage(textOf(node), textPlace(node), report, field);
        break;
      case 'pubDate':
      case 'lastBuildDate':
        checkDate(node, report, field, 'rfc822');
        break;
      case 'managingEditor':
      case 'webMaster':
        checkEmail(node, report, field);
        break;
      case 'image':
        checkImage(node, channel, report);
        break;
      case 'description':
        // The channel's description is plain text (an item's may be HTML).
        checkPlainText(node, report, field);
        break;
    }
  }
  checkSelfLink(channel, report);
  checkItunes(channel, report);
  checkSameMeaning(channel, 'channel', report, 'channel');
  const guids = new Map<string, XmlElement>();
  for (const [index, item] of children(channel, '', 'item').entries()) checkItem(item, index, report, guids);
}

function checkEmail(node: XmlElement, report: DiagnosticList, field: string): void {
  const value = textOf(node).trim();
  const email = checkRssEmail(value);
  if (!email.ok && containsEmail(value)) {
    report.add('feed-email-format', `${field}: expected "address (Name)", found ${shown(value)}: the address is there but readers must dig it out`, textPlace(node), { field, expected: 'address (Name)', actual: value });
  } else if (!email.ok) {
    report.add('feed-email', `${field}: expected an e-mail address such as "desk@example.com (News Desk)", found ${shown(value)}${field.endsWith('author') ? '; put a name without address in <dc:creator>' : ''}`, textPlace(node), {
      field,
      expected: 'an e-mail address',
      actual: value,
    });
  } else if (!email.hasName) {
    report.add('rss-author-name', `${field}: expected an e-mail address followed by a name in parentheses, found only ${shown(value)}`, textPlace(node), { field, expected: 'address (Name)', actual: value });
  }
}

function checkImage(image: XmlElement, channel: XmlElement, report: DiagnosticList): void {
  checkCardinality(image, '', ['url', 'title', 'link', 'width', 'height', 'description'], ['url', 'title', 'link'], report, 'channel.image');
  // The spec: the image's title and link are the channel's (readers use it as the site's logo link).
  for (const name of ['title', 'link']) {
    const own = child(image, '', name);
    const channels = child(channel, '', name);
    if (own && channels && textOf(own).trim() !== textOf(channels).trim()) {
      report.add('rss-image-mismatch', `channel.image.${name}: expected the channel's ${name} ${shown(textOf(channels).trim())}, found ${shown(textOf(own).trim())}`, textPlace(own), { field: `channel.image.${name}`, expected: textOf(channels).trim(), actual: textOf(own).trim() });
    }
  }
  const url = child(image, '', 'url');
  if (url) checkFullUrl(url, report, 'channel.image.url');
  const link = child(image, '', 'link');
  if (link) checkFullUrl(link, report, 'channel.image.link');
  for (const name of ['title', 'description']) {
    const text = child(image, '', name);
    if (text) checkPlainText(text, report, `channel.image.${name}`);
  }
  // RSS 2.0: width at most 144 pixels, height at most 400.
  for (const [name, max] of [['width', 144], ['height', 400]] as const) {
    const size = child(image, '', name);
    if (!size) continue;
    const value = textOf(size).trim();
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
      report.add('feed-number', `channel.image.${name}: expected a whole number of pixels from 1 to ${max}, found ${shown(value)}`, textPlace(size), { field: `channel.image.${name}`, expected: `1–${max}`, actual: value });
    }
  }
}

function checkCloud(cloud: XmlElement, report: DiagnosticList, field: string): void {
  for (const name of CLOUD_ATTRIBUTES) {
    if (!attribute(cloud, name)) report.add('feed-missing-attribute', `${field}: expected a ${name} attribute, found none`, cloud.place, { field: `${field}@${name}`, expected: name, actual: 'missing' });
  }
  const port = attribute(cloud, 'port');
  if (port) checkValueOf('nonNegativeInteger', port.value, report, `${field}@port`, port.place);
}

function checkTextInput(textInput: XmlElement, report: DiagnosticList, field: string): void {
  checkCardinality(textInput, '', ['title', 'description', 'name', 'link'], ['title', 'description', 'name', 'link'], report, field);
  const link = child(textInput, '', 'link');
  if (link) checkFullUrl(link, report, `${field}.link`);
}

/** skipHours / skipDays: at least one child, each a valid hour or day. */
function checkSkip(parent: XmlElement, name: string, values: { oneOf: readonly string[] }, report: DiagnosticList, field: string): void {
  const items = children(parent, '', name);
  if (items.length === 0) report.add('feed-missing-element', `${field}: expected at least one <${name}>, found none`, parent.place, { field: `${field}.${name}`, expected: `<${name}>`, actual: 'missing' });
  for (const item of items) checkValueOf(values, textOf(item).trim(), report, `${field}.${name}`, textPlace(item));
}


function checkSelfLink(channel: XmlElement, report: DiagnosticList): void {
  const self = children(channel, ATOM, 'link').find((link) => attribute(link, 'rel')?.value === 'self');
  if (!self) {
    report.add('rss-self-link', 'channel: expected <atom:link rel="self" type="application/rss+xml" href="…"> with the feed’s own URL, found none', channel.place, {
      field: 'channel.atom:link',
      expected: 'atom:link rel="self"',
      actual: 'missing',
    });
    return;
  }
  const href = attribute(self, 'href');
  if (!href) report.add('feed-missing-attribute', 'channel.atom:link: expected an href attribute, found none', self.place, { field: 'channel.atom:link.href' });
  else if (!isFullUrl(href.value)) report.add('feed-full-url', `channel.atom:link: expected a full URL in href, found ${shown(href.value)}`, href.place, { field: 'channel.atom:link.href', actual: href.value });
}

/** Core elements and the module elements that say the same: having both is redundant and may disagree. */
const SAME_MEANING: Readonly<Record<'channel' | 'item', readonly (readonly [string, string, string])[]>> = {
  channel: [
    ['language', DC, 'language'],
    ['copyright', DC, 'rights'],
    ['webMaster', DC, 'publisher'],
    ['lastBuildDate', DCTERMS, 'modified'],
  ],
  item: [
    ['author', DC, 'creator'],
    ['category', DC, 'subject'],
    ['pubDate', DC, 'date'],
    ['source', DC, 'source'],
    ['guid', ATOM, 'id'],
    ['pubDate', ATOM, 'published'],
  ],
};

function checkSameMeaning(parent: XmlElement, kind: 'channel' | 'item', report: DiagnosticList, where: string): void {
  // One pass over the children: this runs for every item of feeds with thousands.
  const present = new Map<string, XmlElement>();
  for (const node of elementsOf(parent)) if (!present.has(`${node.uri} ${node.local}`)) present.set(`${node.uri} ${node.local}`, node);
  for (const [core, uri, local] of SAME_MEANING[kind]) {
    const extension = present.get(`${uri} ${local}`);
    if (extension && present.has(` ${core}`)) {
      report.add('rss-duplicate-semantics', `${where}: expected either <${core}> or <${extension.name}>, found both (they say the same and may disagree)`, extension.place, { field: `${where}.${extension.name}`, expected: `<${core}> alone`, actual: 'both' });
    }
  }
  if (kind === 'item') {
    const body = present.get(`${XHTML} body`);
    if (body) report.add('rss-duplicate-semantics', `${where}: expected the item's HTML in <description> (or content:encoded), found <${body.name}>`, body.place, { field: `${where}.${body.name}`, expected: 'description', actual: body.name });
    const encoded = present.get(`${CONTENT} encoded`);
    if (encoded && !present.has(' description')) {
      report.add('rss-content-without-description', `${where}: expected a <description> beside <${encoded.name}> (readers that skip content:encoded show it), found none`, encoded.place, { field: `${where}.description`, expected: '<description>', actual: 'missing' });
    }
  }
}

function checkItem(item: XmlElement, index: number, report: DiagnosticList, guids: Map<string, XmlElement>): void {
  const where = `item[${index}]`;
  checkSameMeaning(item, 'item', report, where);
  checkCardinality(item, '', ITEM_ONCE, [], report, where);
  checkUnknownElements(item, '', ITEM_ELEMENTS, report, where);
  if (!child(item, '', 'title') && !child(item, '', 'description')) {
    report.add('rss-item-title-or-description', `${where}: expected a <title> or a <description>, found neither`, item.place, { field: where, expected: 'title or description', actual: 'neither' });
  }
  const guid = child(item, '', 'guid');
  if (!guid) {
    report.add('rss-missing-guid', `${where}: expected a <guid> so readers can tell new items from changed ones, found none`, item.place, { field: `${where}.guid`, expected: '<guid>', actual: 'missing' });
  } else {
    const value = textOf(guid).trim();
    const permaLink = attribute(guid, 'isPermaLink');
    if (permaLink && permaLink.value !== 'true' && permaLink.value !== 'false') {
      report.add('rss-boolean', `${where}.guid: expected isPermaLink="true" or "false", found ${shown(permaLink.value)}`, permaLink.place, { field: `${where}.guid.isPermaLink`, expected: 'true or false', actual: permaLink.value });
    } else if (permaLink?.value !== 'false' && (!isFullUrl(value) || /^(?:tag:|urn:uuid:)/i.test(value))) {
      report.add('rss-guid-permalink', `${where}.guid: expected a full URL (a guid is a permalink unless isPermaLink="false"), found ${shown(value)}`, textPlace(guid), {
        field: `${where}.guid`,
        expected: 'a full URL, or isPermaLink="false"',
        actual: value,
      });
    }
    const earlier = guids.get(value);
    if (earlier) {
      report.add('rss-duplicate-guid', `${where}.guid: expected a guid no other item uses, found ${shown(value)} again (first at line ${earlier.place.line})`, textPlace(guid), { field: `${where}.guid`, actual: value });
    } else guids.set(value, guid);
  }
  for (const node of elementsOf(item)) {
    const field = `${where}.${node.uri === CONTENT ? 'content:' : ''}${node.local}`;
    if (node.uri === CONTENT && node.local === 'encoded') {
      checkHtml(textOf(node), report, textPlace(node), field);
      continue;
    }
    if (node.uri === XHTML && node.local === 'body') {
      checkHtmlTags(xhtmlTags(node), report, node.place, `${where}.xhtml:body`);
      continue;
    }
    if (node.uri !== '') continue;
    switch (node.local) {
      case 'title':
        checkNotBlank(node, report, field);
        checkPlainText(node, report, field);
        break;
      case 'category':
        checkNotBlank(node, report, field);
        checkPlainText(node, report, field);
        break;
      case 'guid':
        checkNotBlank(node, report, field);
        break;
      case 'link':
      case 'comments':
        checkFullUrl(node, report, field);
        break;
      case 'pubDate':
        checkDate(node, report, field, 'rfc822');
        break;
      case 'author':
        checkEmail(node, report, field);
        checkPlainText(node, report, field);
        break;
      case 'description':
        checkHtml(textOf(node), report, textPlace(node), field);
        break;
      case 'enclosure':
        checkEnclosure(node, report, field);
        break;
      case 'source': {
        checkPlainText(node, report, field);
        const url = attribute(node, 'url');
        if (!url) report.add('feed-missing-attribute', `${field}: expected a url attribute, found none`, node.place, { field: `${field}.url` });
        else if (!isFullUrl(url.value)) report.add('feed-full-url', `${field}: expected a full URL in url, found ${shown(url.value)}`, url.place, { field: `${field}.url`, actual: url.value });
        break;
      }
    }
  }
}

function checkEnclosure(enclosure: XmlElement, report: DiagnosticList, field: string): void {
  const url = attribute(enclosure, 'url');
  const length = attribute(enclosure, 'length');
  const type = attribute(enclosure, 'type');
  for (const [name, value] of [['url', url], ['length', length], ['type', type]] as const) {
    if (!value) report.add('rss-enclosure', `${field}: expected a ${name} attribute, found none`, enclosure.place, { field: `${field}.${name}`, expected: name, actual: 'missing' });
  }
  if (url && !isFullUrl(url.value)) report.add('rss-enclosure', `${field}: expected a full URL in url, found ${shown(url.value)}`, url.place, { field: `${field}.url`, expected: 'an absolute URL', actual: url.value });
  if (length && !/^\d+$/.test(length.value.trim())) report.add('rss-enclosure', `${field}: expected length in bytes (an integer; 0 when unknown), found ${shown(length.value)}`, length.place, { field: `${field}.length`, expected: 'an integer', actual: length.value });
  if (type && !isMimeType(type.value)) report.add('rss-enclosure', `${field}: expected a MIME type such as "image/jpeg", found ${shown(type.value)}`, type.place, { field: `${field}.type`, expected: 'a MIME type', actual: type.value });
}

/** A podcast (any itunes: element) needs what Apple Podcasts requires of the channel. */
function checkItunes(channel: XmlElement, report: DiagnosticList): void {
  if (!usesNamespace(channel, ITUNES)) return;
  const has = (uri: string, name: string): boolean => elementsOf(channel).some((node) => node.uri === uri && node.local === name);
  const missing = [
    ...(has('', 'language') || attribute(channel, 'lang', XML_NAMESPACE) ? [] : ['language']),
    ...(has(ITUNES, 'category') ? [] : ['itunes:category']),
    ...(has(ITUNES, 'explicit') ? [] : ['itunes:explicit']),
    ...(has(ITUNES, 'owner') ? [] : ['itunes:owner (with itunes:email)']),
  ];
  if (missing.length > 0) {
    report.add('itunes-recommended', `channel: expected ${missing.join(', ')} in a podcast feed (it uses itunes: elements), found none`, channel.place, { field: 'channel', expected: missing.join(', '), actual: 'missing' });
  }
}

function usesNamespace(element: XmlElement, uri: string, depth = 0): boolean {
  return elementsOf(element).some((node) => node.uri === uri || (depth < 2 && node.uri === '' && usesNamespace(node, uri, depth + 1)));
}
