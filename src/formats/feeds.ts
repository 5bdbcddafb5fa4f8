import type { Article } from '../article/types.js';
import type { CollectionResult, RenderedOutput, RenderOptions } from './output.js';
import { atomFeed } from './atom.js';
import { feedPaths, referenceInstant, selectFeed, type FeedOptions } from './feed-items.js';
import { jsonFeed } from './jsonfeed.js';
import { newsSitemap } from './news-sitemap.js';
import { rssFeed } from './rss.js';

export const FEED_MEDIA_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
  sitemap: 'application/xml',
} as const;

export const NEWS_SITEMAP_PATH = 'sitemap-news.xml';

/**
 * The collection renderer: RSS, Atom and JSON Feed for each output language, and the Google
 * News sitemap. Pure: same articles and options → same bytes.
 */
export function renderFeeds(articles: readonly Article[], options: RenderOptions & Partial<FeedOptions>): CollectionResult {
  // One reference instant for every language's feeds (each would scan every article's date).
  const feedOptions: FeedOptions = { ...options, now: options.now ?? referenceInstant(articles) };
  const outputs: RenderedOutput[] = [];
  const diagnostics = [];
  for (const language of options.site.languages) {
    const { feed, diagnostics: found } = selectFeed(articles, language, feedOptions);
    diagnostics.push(...found);
    const paths = feedPaths(language);
    outputs.push(
      { path: paths.rss, mediaType: FEED_MEDIA_TYPES.rss, content: rssFeed(feed) },
      { path: paths.atom, mediaType: FEED_MEDIA_TYPES.atom, content: atomFeed(feed) },
      { path: paths.json, mediaType: FEED_MEDIA_TYPES.json, content: jsonFeed(feed) },
    );
  }
  outputs.push({ path: NEWS_SITEMAP_PATH, mediaType: FEED_MEDIA_TYPES.sitemap, content: newsSitemap(articles, feedOptions) });
  return { outputs, diagnostics };
}
