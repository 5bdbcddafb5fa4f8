import type { DiagnosticList } from '../util/diagnostics.js';
import { checkIsoDate, isFullUrl, shown } from './values.js';
import { child, children, elementsOf, textOf, textPlace, type XmlDocument } from './xml.js';

/** Google News sitemap rules (sitemaps.org protocol + the news extension). */

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** ISO 639 codes Google accepts: two or three letters, plus zh-cn / zh-tw. */
const NEWS_LANGUAGE = /^(?:[a-z]{2,3}|zh-cn|zh-tw)$/;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

export function checkSitemapTree(document: XmlDocument, report: DiagnosticList): void {
  const root = document.root;
  if (!root) return;
  if (root.uri !== SITEMAP_NS || root.local !== 'urlset') {
    report.add('sitemap-root', `Expected <urlset xmlns="${SITEMAP_NS}">, found <${root.name}> in ${JSON.stringify(root.uri)}`, root.place, { expected: 'urlset', actual: root.name });
    return;
  }
  const urls = children(root, SITEMAP_NS, 'url');
  const newsCount = urls.filter((url) => child(url, NEWS_NS, 'news')).length;
  if (newsCount > 1000) {
    report.add('sitemap-root', `Expected at most 1,000 news URLs in one news sitemap, found ${newsCount}`, root.place, { expected: '≤ 1000', actual: String(newsCount) });
  }
  const seen = new Map<string, number>();
  for (const [index, url] of urls.entries()) {
    const where = `url[${index}]`;
    const locs = children(url, SITEMAP_NS, 'loc');
    const loc = locs[0];
    if (!loc || locs.length > 1) {
      report.add('sitemap-loc', `${where}: expected exactly one <loc>, found ${locs.length}`, url.place, { field: `${where}.loc`, expected: '1', actual: String(locs.length) });
    }
    if (loc) {
      const value = textOf(loc).trim();
      if (!isFullUrl(value) || !/^https?:/i.test(value) || value.length > 2048) {
        report.add('sitemap-loc', `${where}.loc: expected an absolute http(s) URL of at most 2,048 characters, found ${shown(value)}`, textPlace(loc), { field: `${where}.loc`, expected: 'an absolute URL', actual: value });
      }
      const first = seen.get(value);
      if (first !== undefined) report.add('sitemap-loc', `${where}.loc: expected each URL once, found ${shown(value)} again (first at line ${first})`, textPlace(loc), { field: `${where}.loc`, actual: value });
      else seen.set(value, loc.place.line);
    }
    const news = child(url, NEWS_NS, 'news');
    if (news) checkNews(news, `${where}.news:news`, report);
  }
}

function checkNews(news: NonNullable<ReturnType<typeof child>>, where: string, report: DiagnosticList): void {
  const missing = (name: string, parent = news): void =>
    report.add('sitemap-news', `${where}: expected <news:${name}>, found none`, parent.place, { field: `${where}.${name}`, expected: `<news:${name}>`, actual: 'missing' });
  const publication = child(news, NEWS_NS, 'publication');
  if (!publication) missing('publication');
  else {
    const name = child(publication, NEWS_NS, 'name');
    if (!name || textOf(name).trim() === '') missing('name', publication);
    const language = child(publication, NEWS_NS, 'language');
    if (!language) missing('language', publication);
    else {
      const value = textOf(language).trim();
      if (!NEWS_LANGUAGE.test(value) || (!value.startsWith('zh-') && languageNames.of(value) === undefined)) {
        report.add('sitemap-news-language', `${where}.publication.language: expected an ISO 639 language code such as "en" or "zh-cn", found ${shown(value)}`, textPlace(language), { field: `${where}.publication.language`, expected: 'ISO 639', actual: value });
      }
    }
  }
  const date = child(news, NEWS_NS, 'publication_date');
  if (!date) missing('publication_date');
  else {
    const value = textOf(date).trim();
    const result = checkIsoDate(value, 'either');
    if (!result.ok || (value.includes('T') && !result.hasOffset)) {
      report.add('sitemap-news-date', `${where}.publication_date: expected a W3C datetime such as "2025-02-13T09:41:00+01:00", found ${shown(value)}`, textPlace(date), { field: `${where}.publication_date`, expected: 'W3C datetime with offset', actual: value });
    }
  }
  const title = child(news, NEWS_NS, 'title');
  if (!title || textOf(title).trim() === '') missing('title');
  for (const node of elementsOf(news)) {
    if (node.uri === NEWS_NS && !['publication', 'publication_date', 'title', 'keywords', 'stock_tickers', 'genres', 'access'].includes(node.local)) {
      report.add('sitemap-news', `${where}: expected only publication, publication_date and title, found <${node.name}>`, node.place, { field: `${where}.${node.local}`, actual: node.name });
    }
  }
}
