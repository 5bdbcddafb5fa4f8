import type { Article, Person, Subject } from '../article/types.js';
import { siteNameIn, type FeedsConfig } from '../config/feeds.js';
import type { SiteConfig } from '../config/site.js';
import { languageVersions, missingTranslationWarning, versionForOutput, type LanguageVersion } from '../i18n/versions.js';
import { formatIsoInZone } from '../util/dates.js';
import { fillPath, homeUrl, siteUrlOf } from '../config/urls.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { bodyHtml } from './body-html.js';
import { escapeXmlAttribute, xmlSafe } from './xml-writer.js';

/**
 * What every feed format is made from: one channel and its items, in one language, as plain
 * data. Selecting and cleaning happen here once; `rss.ts`, `atom.ts` and `jsonfeed.ts` only
 * serialize, so the three feeds of a language always agree.
 *
 * Language rule: an item only carries text that exists in the feed's language. A translation
 * has its headline (and standfirst when translated) but no body, keywords or caption, which
 * exist only in the article's own language; subject labels are English and only appear in
 * English feeds (elsewhere the language-neutral QCode/URI identifies the topic).
 */
export const MEDIA_TOPIC_SCHEME = 'http://cv.iptc.org/newscodes/mediatopic/';

export { GENERATOR } from '../util/package.js';

export interface FeedPerson {
  name: string;
  email?: string;
  url?: string;
}

export interface FeedSubject {
  /** `medtop:20000076` */
  qcode: string;
  /** `20000076`: the Atom `term` (scheme + term = the concept URI). */
  code: string;
  /** `http://cv.iptc.org/newscodes/mediatopic/20000076` */
  uri: string;
  /** Label in the feed's language, when one is known. */
  label?: string;
}

export interface FeedImage {
  url: string;
  type?: string;
  length?: number;
  width?: number;
  height?: number;
  /** Only in the article's own language. */
  caption?: string;
  credit?: string;
}

export interface FeedAlternate {
  language: string;
  url: string;
}

export interface FeedItem {
  /** The article's stable URI: guid / Atom id / JSON Feed id. */
  id: string;
  /** Page of this language version. */
  url: string;
  /** Language of the item's text: the feed's, or a configured fallback's (then `fallback`). */
  language: string;
  /** True when the text is the article's own language (body, keywords, caption exist only there). */
  original: boolean;
  /** True when a configured fallback language stands in for a missing translation. */
  fallback: boolean;
  title: string;
  summary?: string;
  /** Sanitized body HTML, absolute URLs: only in the article's own language. */
  contentHtml?: string;
  /** Epoch ms. */
  published: number;
  modified: number;
  /** The same instants as RFC 3339 in the site's time zone (formatted once, used by every format). */
  publishedIso: string;
  modifiedIso: string;
  /** The by-line people; empty for agency copy (then `credit` is the creator). */
  authors: FeedPerson[];
  credit: string;
  subjects: FeedSubject[];
  /** Only in the article's own language. */
  keywords: string[];
  image?: FeedImage;
  /** The other language versions of the article (hreflang alternates). */
  alternates: FeedAlternate[];
  rights: string;
}

export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
}

export interface FeedChannel {
  language: string;
  title: string;
  description: string;
  homePage: string;
  copyright: string;
  /** This language's feeds (self links). */
  urls: FeedUrls;
  /** The same feeds in the other output languages. */
  alternates: ({ language: string } & FeedUrls)[];
  publisher: { name: string; url: string; logo: { url: string; width: number; height: number } };
  email?: string;
  /** Minutes (RSS `ttl`). */
  ttl: number;
  timeZone: string;
  /** Newest modification / publication among the items (epoch ms); the reference instant when empty. */
  updated: number;
  published: number;
}

export interface Feed {
  channel: FeedChannel;
  items: FeedItem[];
}

export interface FeedOptions {
  site: SiteConfig;
  feeds?: FeedsConfig;
  /** Items per feed; default `site.feeds.limit` (50). */
  limit?: number;
  /**
   * The instant feeds are published at, for embargoes. Default: the newest publication among
   * the articles, so output never depends on the clock.
   */
  now?: number;
  /** Bytes a feed file may take; default `site.feeds.maxBytes` (1 MiB). See `fitFeed`. */
  maxBytes?: number;
  /** Bytes of body HTML per item; default `site.feeds.maxBodyBytes` (16 KiB). */
  maxBodyBytes?: number;
  /** The "continue reading" link text under a cut body, in the body's language (default English). */
  continueReading?: (language: string) => string;
  /** Label of a Media Topic in a language, if known (default: the English name, in English). */
  subjectLabel?: (subject: Subject, language: string) => string | undefined;
  /** What the feeds make of an article when the caller keeps it (`articleFeedAnswers`); else it is worked out here. */
  feedAnswersOf?: (article: Article) => ArticleFeedAnswers | undefined;
}

export interface FeedSelection {
  feed: Feed;
  diagnostics: Diagnostic[];
}

/** A language's feeds in out/: in the folder `paths.feeds` names (`feeds/<lang>/` by default). */
export function feedPaths(site: SiteConfig, language: string): FeedUrls {
  const folder = fillPath(site.paths.feeds, { language });
  return { rss: `${folder}rss.xml`, atom: `${folder}atom.xml`, json: `${folder}feed.json` };
}

/** The articles of one language's feeds, newest first (ties: by id), cleaned for XML. */
export function selectFeed(articles: readonly Article[], language: string, options: FeedOptions): FeedSelection {
  const { site } = options;
  const now = options.now ?? referenceInstant(articles);
  const limit = options.limit ?? site.feeds.limit;
  const diagnostics: Diagnostic[] = [];
  // Every article is looked at (each one left out is reported), but only through what was
  // worked out for it once (`feedAnswersOf`: the build keeps each article's answers while the
  // article is unchanged), and only the newest `limit` are kept while looking, so nothing is
  // sorted but them.
  const newest: Candidate[] = [];
  for (const article of articles) {
    const answer = options.feedAnswersOf?.(article)?.[language] ?? languageAnswer(article, language, site);
    if (answer.notUsable) {
      diagnostics.push(answer.notUsable);
      continue;
    }
    if (article.embargoed !== undefined && Date.parse(article.embargoed) > now) {
      diagnostics.push(skipped(article, language, site, 'feed-embargoed', `left out of the ${language} feeds: under embargo until ${article.embargoed}`));
      continue;
    }
    if (answer.missing) {
      diagnostics.push(answer.missing);
      continue;
    }
    for (const item of answer.diagnostics) diagnostics.push(item);
    const candidate = { article, id: article.id, published: article.publishedMs, modified: article.modifiedMs };
    if (newest.length === limit && (limit === 0 || newestFirst(candidate, newest[limit - 1]!) >= 0)) continue;
    // Insert in order (binary search): `limit` is small (50), the list is thousands.
    let low = 0;
    let high = newest.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newestFirst(candidate, newest[middle]!) < 0) high = middle;
      else low = middle + 1;
    }
    newest.splice(low, 0, candidate);
    if (newest.length > limit) newest.pop();
  }
  const items: FeedItem[] = [];
  for (const { article } of newest) {
    const item = feedItem(article, language, options);
    if (item) items.push(item);
  }
  return { feed: { channel: feedChannel(language, items, now, options), items }, diagnostics };
}

/** What a language's feeds make of one article, whatever the other articles are. */
export interface LanguageAnswer {
  /** Left out whatever the instant: not usable… */
  notUsable?: Diagnostic;
  /** …or, when not under embargo either, no version in the language. */
  missing?: Diagnostic;
  /** Said about it when it is in the feed (HTML in a headline). */
  diagnostics: Diagnostic[];
}

/** An article's `LanguageAnswer` for each output language of the site. */
export type ArticleFeedAnswers = Readonly<Record<string, LanguageAnswer>>;

/**
 * What the feeds of every output language make of `article`: a plain per-article value, which
 * the build works out once and keeps while the article is unchanged (`feedAnswersOf`), so a
 * publish at 10,000 articles does not redo it for each of them.
 */
export function articleFeedAnswers(article: Article, site: SiteConfig): ArticleFeedAnswers {
  return Object.fromEntries(site.languages.map((language) => [language, languageAnswer(article, language, site)]));
}

function languageAnswer(article: Article, language: string, site: SiteConfig): LanguageAnswer {
  const file = fillPath(site.paths.feeds, { language });
  if (article.pubStatus !== 'usable') {
    return { notUsable: skipped(article, language, site, 'feed-not-usable', `left out of the ${language} feeds: pubStatus is ${article.pubStatus}`), diagnostics: [] };
  }
  const chosen = versionForOutput(article, language, site);
  // The same warning every per-language format gives (i18n owns the rule and its wording).
  if (!chosen) return { missing: missingTranslationWarning(article, language, site), diagnostics: [] };
  const { version } = chosen;
  if (!versionHasHtml(version)) return { diagnostics: [] };
  const text = { language: version.language, title: xmlSafe(version.headline), ...(version.description !== undefined ? { summary: xmlSafe(version.description) } : {}) };
  return { diagnostics: htmlInPlainText(text, article.id, file) };
}

function skipped(article: Article, language: string, site: SiteConfig, ruleId: string, message: string): Diagnostic {
  return { file: fillPath(site.paths.feeds, { language }), severity: 'info', ruleId, message: `${article.id}: ${message}`, field: 'language', actual: language };
}

/** What the order of a feed needs to know of an article before its item is built. */
interface Candidate {
  article: Article;
  id: string;
  published: number;
  modified: number;
}

const HTML_END_TAG = /<\/[a-z][a-z0-9]*>/i;

/** True when the headline or standfirst of `version` holds an HTML end tag (see `htmlInPlainText`). */
function versionHasHtml(version: LanguageVersion): boolean {
  // Of the text as written into the feed: removing a control character can make an end tag.
  return HTML_END_TAG.test(xmlSafe(version.headline)) || (version.description !== undefined && HTML_END_TAG.test(xmlSafe(version.description)));
}

/**
 * Headlines and standfirsts are plain text; one with an HTML end tag is reported by feed
 * validators (`ContainsHTML`) however it is escaped, so the editor hears about it here.
 */
function htmlInPlainText(item: Pick<FeedItem, 'language' | 'title' | 'summary'>, id: string, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [field, value] of [['headline', item.title], ['description', item.summary]] as const) {
    if (value === undefined || !HTML_END_TAG.test(value)) continue;
    found.push({
      file,
      severity: 'warning',
      ruleId: 'feed-html-in-text',
      message: `${id}: the ${item.language} ${field} contains an HTML end tag; feed validators report HTML in plain text`,
      field,
      expected: 'plain text',
      actual: value,
    });
  }
  return found;
}

/** Newest publication first; same instant: the later modification, then the id. Total order. */
export function newestFirst(a: Pick<FeedItem, 'id' | 'published' | 'modified'>, b: Pick<FeedItem, 'id' | 'published' | 'modified'>): number {
  return b.published - a.published || b.modified - a.modified || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The newest publication among usable articles (0 when there are none). */
export function referenceInstant(articles: readonly Article[]): number {
  let newest = 0;
  for (const article of articles) {
    if (article.pubStatus !== 'usable') continue;
    if (article.publishedMs > newest) newest = article.publishedMs;
  }
  return newest;
}

/**
 * The body HTML of a feed item. Over `budget` bytes (UTF-8) it is cut after the last whole block
 * that fits, and a paragraph linking to the article's page follows: a feed item stays small, the
 * story is a click away.
 */
export function budgetedBodyHtml(article: Pick<Article, 'body' | 'url'>, budget: number, label: string): string {
  const full = xmlSafe(bodyHtml(article.body.tree, article.url));
  if (Buffer.byteLength(full) <= budget) return full;
  const link = `<p><a href="${escapeXmlAttribute(article.url)}">${plainTextAsHtml(xmlSafe(label))}</a></p>`;
  const room = budget - Buffer.byteLength(link) - 1;
  const blocks = article.body.tree.children;
  const firstBlocks = (count: number): string => xmlSafe(bodyHtml({ type: 'root', children: blocks.slice(0, count) }, article.url));
  // The most whole blocks that fit: sizes grow with the count, so a binary search finds it.
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(firstBlocks(middle)) <= room) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? link : `${firstBlocks(low)}\n${link}`;
}

/**
 * One article as an item of the `outputLanguage` feeds: its version in that language, or the
 * configured fallback's (labelled with its own language); undefined when there is neither.
 * `withBody: false` leaves out the body HTML (the news sitemap needs none).
 */
export function feedItem(article: Article, outputLanguage: string, options: FeedOptions, withBody = true): FeedItem | undefined {
  const { site } = options;
  const chosen = versionForOutput(article, outputLanguage, site);
  if (!chosen) return undefined;
  const { version, fallback } = chosen;
  const { original, language } = version;
  const labelOf = options.subjectLabel ?? englishLabel;
  const { publishedMs: published, modifiedMs: modified } = article;
  const item: FeedItem = {
    id: article.id,
    url: version.url,
    language,
    original,
    fallback,
    title: xmlSafe(version.headline),
    published,
    modified,
    publishedIso: formatIsoInZone(published, site.timeZone),
    modifiedIso: formatIsoInZone(modified, site.timeZone),
    authors: article.authors.map(cleanPerson),
    credit: xmlSafe(article.credit),
    subjects: article.subjects.map((subject) => feedSubject(subject, labelOf(subject, language))),
    keywords: original ? article.keywords.map(xmlSafe) : [],
    alternates: otherVersions(article, language, site),
    rights: xmlSafe(article.rights.notice),
  };
  // A translation with only a headline still gives every format its text: the headline is the
  // summary (Atom needs a summary or content, JSON Feed content_text; the formats agree).
  if (version.description !== undefined) item.summary = xmlSafe(version.description);
  else item.summary = item.title;
  if (original && withBody) {
    const label = options.continueReading?.(article.language) ?? 'Continue reading';
    const html = budgetedBodyHtml(article, options.maxBodyBytes ?? site.feeds.maxBodyBytes, label);
    // A body the sanitizer emptied (raw HTML only) is left out: the summary is then the text.
    if (html.trim() !== '') item.contentHtml = html;
  }
  if (article.image) {
    const { url, type, length, width, height, caption, credit } = article.image;
    const image: FeedImage = { url };
    if (type !== undefined) image.type = type;
    if (length !== undefined) image.length = length;
    if (width !== undefined) image.width = width;
    if (height !== undefined) image.height = height;
    if (caption !== undefined && original) image.caption = xmlSafe(caption);
    if (credit !== undefined) image.credit = xmlSafe(credit);
    item.image = image;
  }
  return item;
}

/** The article's other versions that the site publishes (their pages exist), in site order. */
function otherVersions(article: Article, language: string, site: SiteConfig): FeedAlternate[] {
  return languageVersions(article, site)
    .filter((version) => version.language !== language && site.languages.includes(version.language))
    .map((version) => ({ language: version.language, url: version.url }));
}

function englishLabel(subject: Subject, language: string): string | undefined {
  return language.toLowerCase().split('-')[0] === 'en' ? subject.name : undefined;
}

function feedSubject(subject: Subject, label: string | undefined): FeedSubject {
  const code = subject.code.replace(/^medtop:/, '');
  const result: FeedSubject = { qcode: subject.code, code, uri: `${MEDIA_TOPIC_SCHEME}${code}` };
  if (label !== undefined) result.label = xmlSafe(label);
  return result;
}

function cleanPerson(person: Person): FeedPerson {
  const result: FeedPerson = { name: xmlSafe(person.name) };
  if (person.email !== undefined) result.email = person.email;
  if (person.url !== undefined) result.url = person.url;
  return result;
}

/** Channel metadata for `language`, from site.json and the optional feeds.json. */
export function feedChannel(language: string, items: readonly FeedItem[], reference: number, options: FeedOptions): FeedChannel {
  const { site, feeds } = options;
  const configured = feeds?.channels[language] ?? {};
  // Feeds are published where they are written: under the site URL (see src/config/urls.ts).
  const absolute = (paths: FeedUrls): FeedUrls => ({
    rss: siteUrlOf(site.url, paths.rss),
    atom: siteUrlOf(site.url, paths.atom),
    json: siteUrlOf(site.url, paths.json),
  });
  const isSiteLanguage = language === site.language;
  // site.json's name and description are written in the site's language; elsewhere the
  // description falls back to the name (a proper noun) rather than mislabelled text.
  const title = siteNameIn(language, site, feeds);
  const description = configured.description ?? (isSiteLanguage ? site.description : title);
  let updated = 0;
  let published = 0;
  for (const item of items) {
    if (item.modified > updated) updated = item.modified;
    if (item.published > published) published = item.published;
  }
  const channel: FeedChannel = {
    language,
    title: xmlSafe(title),
    description: xmlSafe(description),
    homePage: configured.homePage ?? homeUrl(site, language),
    copyright: xmlSafe(feeds?.copyright ?? `Copyright © ${site.publisher.name}`),
    urls: absolute(feedPaths(site, language)),
    alternates: site.languages.filter((other) => other !== language).map((other) => ({ language: other, ...absolute(feedPaths(site, other)) })),
    publisher: { name: xmlSafe(site.publisher.name), url: site.publisher.url, logo: site.publisher.logo },
    ttl: site.feeds.ttl,
    timeZone: site.timeZone,
    updated: items.length > 0 ? updated : reference,
    published: items.length > 0 ? published : reference,
  };
  if (site.email !== undefined) channel.email = site.email;
  return channel;
}

/** Plain text as HTML text (RSS `description` is HTML): only `&`, `<`, `>` change. */
export function plainTextAsHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}
