import type { Root as HastRoot } from 'hast';
import type { Article, PubStatus, Signal } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { GENERATOR } from '../util/package.js';
import { byline, ENTITY_CONCEPT_NATURE, iptcVersions, usageTerms, WIKIDATA_ENTITY_URI, type IptcVersion } from './iptc.js';
import { MEDIA_TOPICS } from './media-topics.js';
import { bodyHast, textDirection, xhtmlDocument } from './xhtml.js';
import { XmlElement } from './xml-tree.js';

/**
 * IPTC NewsML-G2 2.35 (power conformance): one `newsItem` per article, one `newsMessage` per
 * build (`newsml-message.ts`). Elements are written in the order of the XSD sequences
 * (itemMeta: ItemManagementGroup; contentMeta: AdministrativeMetadataGroup before
 * DescriptiveMetadataGroup). Pure and deterministic: no clock, the message's `sent` is the
 * newest item's `versionCreated`.
 */
export const NAR_NS = 'http://iptc.org/std/nar/2006-10-01/';
export const NEWSML_STANDARD_VERSION = '2.35';
export const IPTC_CATALOG_URL = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml';
export const NEWSML_MEDIA_TYPES = {
  item: 'application/vnd.iptc.g2.newsitem+xml',
  message: 'application/vnd.iptc.g2.newsmessage+xml',
} as const;

export interface InlineScheme {
  alias: string;
  uri: string;
  name: string;
}

/**
 * Schemes of our own, declared in every item's inline `catalog` (the rest come from the IPTC
 * catalog by `catalogRef`). `wd` has the URI of the IPTC catalog's `wikidata` alias, so both
 * resolve to the same concept URIs. Headline roles are wirekit's vocabulary, so their scheme is a
 * URN that claims no one's domain.
 */
export const INLINE_SCHEMES = {
  wikidata: { alias: 'wd', uri: WIKIDATA_ENTITY_URI, name: 'Wikidata entities' },
  headlineRole: { alias: 'wkhlrole', uri: 'urn:wirekit:cv:headlinerole:', name: 'wirekit headline roles (alternative, seo, short, push, social)' },
} as const satisfies Record<string, InlineScheme>;

const PUB_STATUS: Readonly<Record<PubStatus, string>> = { usable: 'stat:usable', withheld: 'stat:withheld', canceled: 'stat:canceled' };
const SIGNAL: Readonly<Record<Signal, string>> = { update: 'sig:update', correction: 'sig:correction' };
const IPTC_LABEL_LANGUAGE = 'en-GB';

export interface NewsmlOptions {
  site: SiteConfig;
  /** The body's sanitized hast when the caller has it already (`articleBody`), else made here. */
  bodyHast?: HastRoot;
}

/** A standalone `newsItem` document. */
export function newsItemXml(article: Article, options: NewsmlOptions): string {
  return newsItemDocument(newsItemTree(article, options));
}

/** The standalone document of a `newsItem` tree (`newsItemTree`). */
export function newsItemDocument(item: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${item.toString()}\n`;
}

/**
 * The `newsItem` element alone (no XML declaration), with its own `xmlns`. Not cached: the
 * message re-renders its few items (~0.3 ms each), while keeping every item's XML beside its
 * article cost ~270 MB of a 10,000-article build on one thread (1,143 → 872 MB peak).
 */
export function newsItemElement(article: Article, options: NewsmlOptions): string {
  return newsItemTree(article, options).toString();
}

/** The `newsItem` as an element tree (exported for the xmlbuilder2 cross-check in the tests). */
export function newsItemTree(article: Article, options: NewsmlOptions): XmlElement {
  const { site } = options;
  const versions = iptcVersions(article, site);
  const item = new XmlElement('newsItem')
    .att('xmlns', NAR_NS)
    .att('guid', article.id)
    .att('version', String(article.version))
    .att('standard', 'NewsML-G2')
    .att('standardversion', NEWSML_STANDARD_VERSION)
    .att('conformance', 'power')
    .att('xml:lang', article.language);
  if (textDirection(article.language) === 'rtl') item.att('dir', 'rtl');
  item.ele('catalogRef').att('href', IPTC_CATALOG_URL);
  const catalog = item.ele('catalog');
  for (const scheme of Object.values(INLINE_SCHEMES)) {
    catalog.ele('scheme').att('alias', scheme.alias).att('uri', scheme.uri).ele('name').att('xml:lang', 'en').txt(scheme.name);
  }
  rightsInfo(item, article, site);
  itemMeta(item, article, site, versions);
  contentMeta(item, article, site, versions);
  // The body is mixed content: serialized whole, not pretty-printed (whitespace there is text).
  const body = xhtmlDocument(options.bodyHast ?? bodyHast(article.body.tree, article.url), { language: article.language, title: article.headline });
  item
    .ele('contentSet')
    .ele('inlineXML')
    .att('contenttype', 'application/xhtml+xml')
    .att('wordcount', String(article.body.wordCount))
    .att('charcount', String(article.body.charCount))
    .raw(body);
  return item;
}

function rightsInfo(item: XmlElement, article: Article, site: SiteConfig): void {
  const rights = item.ele('rightsInfo');
  const holder = rights.ele('copyrightHolder');
  if (article.rights.holder.url !== undefined) holder.att('uri', article.rights.holder.url);
  holder.ele('name').txt(article.rights.holder.name);
  rights.ele('copyrightNotice').txt(article.rights.notice);
  const terms = usageTerms(article, site);
  if (terms) withLanguage(rights.ele('usageTerms'), terms.language, article.language).txt(terms.text);
}

function itemMeta(item: XmlElement, article: Article, site: SiteConfig, versions: readonly IptcVersion[]): void {
  const meta = item.ele('itemMeta');
  meta.ele('itemClass').att('qcode', 'ninat:text');
  const provider = meta.ele('provider').att('uri', site.publisher.url);
  provider.ele('name').txt(site.publisher.name);
  meta.ele('versionCreated').txt(article.dateModified);
  meta.ele('firstCreated').txt(article.dateCreated);
  if (article.embargoed !== undefined) meta.ele('embargoed').txt(article.embargoed);
  meta.ele('pubStatus').att('qcode', PUB_STATUS[article.pubStatus]);
  meta.ele('generator').txt(GENERATOR.name);
  if (article.editorialNote !== undefined) meta.ele('edNote').txt(article.editorialNote);
  if (article.signal !== undefined) meta.ele('signal').att('qcode', SIGNAL[article.signal]);
  for (const version of versions) {
    withLanguage(meta.ele('link'), version.language, article.language)
      .att('rel', 'irel:seeAlso')
      .att('href', version.url)
      .att('contenttype', 'text/html')
      .att('title', version.headline);
  }
}

function contentMeta(item: XmlElement, article: Article, site: SiteConfig, versions: readonly IptcVersion[]): void {
  const meta = item.ele('contentMeta');
  // Administrative metadata.
  if (article.urgency !== undefined) meta.ele('urgency').txt(String(article.urgency));
  meta.ele('contentCreated').txt(article.dateCreated);
  meta.ele('contentModified').txt(article.dateModified);
  if (article.dateline) {
    const located = meta.ele('located');
    if (article.dateline.wikidata !== undefined) located.att('type', 'cpnat:geoArea').att('qcode', `${INLINE_SCHEMES.wikidata.alias}:${article.dateline.wikidata}`);
    located.ele('name').txt(article.dateline.place);
  }
  const source = meta.ele('infoSource');
  if (isPublisher(article.credit, site)) source.att('uri', site.publisher.url);
  source.ele('name').txt(article.credit);
  if (article.authors.length === 0) {
    meta.ele('creator').ele('name').txt(article.credit);
  }
  for (const author of article.authors) {
    const creator = meta.ele('creator');
    if (author.url !== undefined) creator.att('uri', author.url);
    creator.ele('name').txt(author.name);
  }
  // Descriptive metadata.
  meta.ele('language').att('tag', article.language);
  if (article.genre !== undefined) meta.ele('genre').att('literal', article.genre).ele('name').txt(article.genre);
  for (const subject of article.subjects) {
    const element = meta.ele('subject').att('type', 'cpnat:abstract').att('qcode', subject.code);
    element.ele('name').att('xml:lang', IPTC_LABEL_LANGUAGE).txt(subject.name);
    const broaderCode = subject.broader ?? MEDIA_TOPICS[subject.code]?.broader;
    if (broaderCode !== undefined) {
      const broader = element.ele('broader').att('qcode', broaderCode);
      const label = MEDIA_TOPICS[broaderCode]?.label;
      if (label !== undefined) broader.ele('name').att('xml:lang', IPTC_LABEL_LANGUAGE).txt(label);
    }
  }
  for (const entity of article.entities) {
    meta
      .ele('subject')
      .att('type', ENTITY_CONCEPT_NATURE[entity.type])
      .att('qcode', `${INLINE_SCHEMES.wikidata.alias}:${entity.wikidata}`)
      .ele('name')
      .txt(entity.name);
  }
  for (const keyword of article.keywords) meta.ele('keyword').txt(keyword);
  meta.ele('slugline').txt(article.slug);
  // One main headline per language first, then the roles.
  for (const version of versions) headline(meta, version.headline, version.language, article.language);
  for (const version of versions) {
    for (const variant of version.headlines) {
      if (variant.role === undefined) continue;
      headline(meta, variant.value, version.language, article.language).att('role', `${INLINE_SCHEMES.headlineRole.alias}:${variant.role}`);
    }
  }
  if (article.dateline) meta.ele('dateline').txt(article.dateline.place);
  meta.ele('by').txt(byline(article));
  for (const version of versions) {
    if (version.description === undefined) continue;
    withLanguage(meta.ele('description'), version.language, article.language).att('role', 'drol:summary').txt(version.description);
  }
}

function headline(meta: XmlElement, text: string, language: string, itemLanguage: string): XmlElement {
  const element = meta.ele('headline');
  // Every headline names its language, even the item's own: receivers pick by xml:lang.
  element.att('xml:lang', language);
  if (textDirection(language) !== textDirection(itemLanguage)) element.att('dir', textDirection(language));
  element.txt(text);
  return element;
}

/** `xml:lang` (and `dir` when the script direction changes) on text not in the item's language. */
function withLanguage(element: XmlElement, language: string, itemLanguage: string): XmlElement {
  if (language === itemLanguage) return element;
  element.att('xml:lang', language);
  if (textDirection(language) !== textDirection(itemLanguage)) element.att('dir', textDirection(language));
  return element;
}

function isPublisher(name: string, site: SiteConfig): boolean {
  return name === site.publisher.name || site.publisher.aliases.includes(name);
}
