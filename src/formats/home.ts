import type { Article } from '../article/types.js';
import type { CollectionResult, RenderOptions } from './output.js';
import { homePath, homeUrl, siteUrlOf } from '../config/urls.js';
import { formatDateTime, languageName } from '../i18n/format.js';
import { directionOf } from '../util/language.js';
import { escapeHtml } from '../util/template.js';
import type { CollectionPage, Graph } from 'schema-dts';
import { writes, type OutputFormat, type SiteConfig } from '../config/site.js';
import { feedPaths, referenceInstant, selectFeed } from './feed-items.js';
import { jsonLdText, publisherNode, scriptSafeJsonText, websiteId, websiteNode } from './jsonld.js';

const FEED_FORMATS: readonly OutputFormat[] = ['rss', 'atom', 'jsonfeed'];

/** Names the home page template may use (checked when `templates/home.html` is compiled). */
export const HOME_TEMPLATE_VALUES = [
  'lang',
  'dir',
  'siteName',
  'siteUrl',
  'homeUrl',
  'canonical',
  'description',
  'alternates',
  'jsonld',
  'latestLabel',
  'stories',
  'feedsLabel',
  'rssUrl',
  'atomUrl',
  'jsonFeedUrl',
  'languagesLabel',
  'languages',
] as const;

/**
 * One home page per output language, at the site URL (first language) or `paths.home`: the
 * stories of that language's feeds (the same selection: newest first, `feeds.limit`, embargoes and
 * fallbacks as there), links to its feeds and to the other languages' home pages. The list is HTML
 * the toolkit builds (escaped here); the template places it.
 */
export function renderHomePages(articles: readonly Article[], options: RenderOptions): CollectionResult {
  const { site, homeTemplate, localizer } = options;
  if (!homeTemplate || !writes(site, 'html')) return { outputs: [] };
  // The feeds' reference instant: the same embargo cut-off as the feeds, never the clock.
  const now = referenceInstant(articles);
  const alternates = site.languages.map((language) => ({ language, href: homeUrl(site, language) }));
  const outputs = site.languages.map((language) => {
    const { feed } = options.feedSelectionOf?.(language) ?? selectFeed(articles, language, { ...options, now });
    const stories = feed.items
      .map((item) => {
        const own = item.language === language ? '' : ` lang="${escapeHtml(item.language)}" dir="${directionOf(item.language)}"`;
        const summary = item.summary === undefined ? '' : `\n<p>${escapeHtml(item.summary)}</p>`;
        return `<li${own}><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a> <time datetime="${escapeHtml(item.publishedIso)}">${escapeHtml(formatDateTime(item.published, language, site.timeZone))}</time>${summary}</li>\n`;
      })
      .join('');
    const feeds = feedPaths(site, language);
    const channel = feed.channel;
    const content = homeTemplate.render({
      lang: language,
      dir: directionOf(language),
      siteName: channel.title,
      siteUrl: site.url,
      homeUrl: homeUrl(site, language),
      canonical: homeUrl(site, language),
      description: channel.description,
      alternates: [...alternates, { language: 'x-default', href: site.url }]
        .map((link) => `<link rel="alternate" hreflang="${escapeHtml(link.language)}" href="${escapeHtml(link.href)}">\n`)
        .join(''),
      jsonld: scriptSafeJsonText(jsonLdText(homeGraph(site, language, channel.title))),
      latestLabel: localizer.t(language, 'home.latest'),
      stories: stories === '' ? '' : `<ol class="stories">\n${stories}</ol>`,
      // Only the feeds the site writes (`formats`): a template's section drops the others.
      feedsLabel: FEED_FORMATS.some((format) => writes(site, format)) ? localizer.t(language, 'home.feeds') : '',
      rssUrl: writes(site, 'rss') ? siteUrlOf(site.url, feeds.rss) : '',
      atomUrl: writes(site, 'atom') ? siteUrlOf(site.url, feeds.atom) : '',
      jsonFeedUrl: writes(site, 'jsonfeed') ? siteUrlOf(site.url, feeds.json) : '',
      languagesLabel: localizer.t(language, 'home.languages'),
      languages: alternates
        .filter((other) => other.language !== language)
        .map((other) => `<li><a href="${escapeHtml(other.href)}" hreflang="${escapeHtml(other.language)}" lang="${escapeHtml(other.language)}" dir="${directionOf(other.language)}">${escapeHtml(languageName(other.language, other.language))}</a></li>\n`)
        .join(''),
    });
    return { path: `${homePath(site, language)}index.html`, mediaType: 'text/html; charset=utf-8', content };
  });
  return { outputs };
}

/** The home page's structured data: the publisher, the site, and this page as a CollectionPage of it. */
export function homeGraph(site: SiteConfig, language: string, name: string): Graph {
  const url = homeUrl(site, language);
  const page: CollectionPage = { '@type': 'CollectionPage', '@id': url, url, name, inLanguage: language, isPartOf: { '@id': websiteId(site) } };
  return { '@context': 'https://schema.org', '@graph': [publisherNode(site), websiteNode(site), page] };
}
