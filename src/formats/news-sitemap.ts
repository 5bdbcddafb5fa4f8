import { outputPathOf } from '../config/urls.js';
import type { Article } from '../article/types.js';
import { feedItem, referenceInstant, type FeedOptions } from './feed-items.js';
import { XmlWriter } from './xml-writer.js';

/**
 * Google News sitemap: every language version published in the two days before the newest
 * article (Google only reads news from the last two days; relative to the newest article so
 * the output never depends on the clock), at most 1,000 URLs, newest first.
 */
export const SITEMAP_NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NAMESPACE = 'http://www.google.com/schemas/sitemap-news/0.9';
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_SITEMAP_MAX_URLS = 1000;

export interface NewsSitemapEntry {
  url: string;
  publishedIso: string;
  language: string;
  title: string;
  published: number;
  id: string;
}

export function newsSitemapEntries(articles: readonly Article[], options: FeedOptions): NewsSitemapEntry[] {
  const { site } = options;
  const now = options.now ?? referenceInstant(articles);
  const since = (options.now === undefined ? now : referenceInstant(articles)) - NEWS_WINDOW_MS;
  const entries: (NewsSitemapEntry & { order: number })[] = [];
  for (const article of articles) {
    if (article.pubStatus !== 'usable') continue;
    if (article.embargoed !== undefined && Date.parse(article.embargoed) > now) continue;
    if (article.publishedMs < since) continue;
    site.languages.forEach((language, order) => {
      const item = feedItem(article, language, options, false);
      // A sitemap lists only URLs of its own site (sitemaps.org): a page on another host is left out.
      if (item && outputPathOf(item.url, site.url) !== undefined) entries.push({ url: item.url, publishedIso: item.publishedIso, language, title: item.title, published: item.published, id: article.id, order });
    });
  }
  entries.sort((a, b) => b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.order - b.order);
  return entries.slice(0, NEWS_SITEMAP_MAX_URLS).map(({ order: _order, ...entry }) => entry);
}

export function newsSitemap(articles: readonly Article[], options: FeedOptions): string {
  const { site } = options;
  const name = options.feeds?.publicationName ?? site.name;
  const xml = new XmlWriter();
  xml.open('urlset', { xmlns: SITEMAP_NAMESPACE, 'xmlns:news': NEWS_NAMESPACE });
  for (const entry of newsSitemapEntries(articles, options)) {
    xml.open('url').text('loc', entry.url).open('news:news');
    xml.open('news:publication').text('news:name', name).text('news:language', newsLanguage(entry.language)).close('news:publication');
    xml.text('news:publication_date', entry.publishedIso);
    xml.text('news:title', entry.title);
    xml.close('news:news').close('url');
  }
  xml.close('urlset');
  return xml.toString();
}

/** Google News wants ISO 639 codes, except `zh-cn` and `zh-tw` for Chinese scripts. */
export function newsLanguage(tag: string): string {
  const locale = new Intl.Locale(tag).maximize();
  if (locale.language === 'zh') return locale.script === 'Hant' ? 'zh-tw' : 'zh-cn';
  return locale.language;
}
