import type { Article } from '../article/types.js';
import type { CollectionResult, RenderedOutput, RenderOptions } from './output.js';
import type { Localizer } from '../i18n/instance.js';
import { atomFeed } from './atom.js';
import { feedChannel, feedPaths, referenceInstant, selectFeed, type Feed, type FeedOptions, type FeedSelection } from './feed-items.js';
import { jsonFeed } from './jsonfeed.js';
import { newsSitemap } from './news-sitemap.js';
import { rssFeed } from './rss.js';
import { writes } from '../config/site.js';

export const FEED_MEDIA_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
  sitemap: 'application/xml',
} as const;

/** The news sitemap's default place (`paths.sitemap`). */
export const NEWS_SITEMAP_PATH = 'sitemap-news.xml';

/**
 * The collection renderer: RSS, Atom and JSON Feed for each output language, and the Google
 * News sitemap. Pure: same articles and options → same bytes.
 */
export function renderFeeds(articles: readonly Article[], options: RenderOptions & Partial<FeedOptions>): CollectionResult {
  const feedOptions = feedOptionsFor(articles, options);
  const outputs: RenderedOutput[] = [];
  const diagnostics = [];
  const { site } = options;
  // Only the formats the site writes (`formats`); none of them: no selection at all.
  const languages = writes(site, 'rss') || writes(site, 'atom') || writes(site, 'jsonfeed') ? site.languages : [];
  for (const language of languages) {
    const { feed, diagnostics: found } = options.feedSelectionOf?.(language) ?? selectFeed(articles, language, feedOptions);
    diagnostics.push(...found);
    const paths = feedPaths(options.site, language);
    const fitted = fitFeed(feed, feedOptions.maxBytes ?? options.site.feeds.maxBytes, feedOptions);
    if (fitted.left > 0) {
      diagnostics.push({
        file: paths.rss.replace(/rss\.xml$/, ''),
        severity: 'info' as const,
        ruleId: 'feed-budget',
        message: `The ${fitted.left} oldest of ${feed.items.length} items left out of the ${language} feeds, which would otherwise exceed feeds.maxBytes (${fitted.maxBytes} bytes)`,
        expected: `at most ${fitted.maxBytes} bytes a feed`,
        actual: `${feed.items.length} items`,
      });
    }
    if (writes(site, 'rss')) outputs.push({ path: paths.rss, mediaType: FEED_MEDIA_TYPES.rss, content: fitted.rss });
    if (writes(site, 'atom')) outputs.push({ path: paths.atom, mediaType: FEED_MEDIA_TYPES.atom, content: fitted.atom });
    if (writes(site, 'jsonfeed')) outputs.push({ path: paths.json, mediaType: FEED_MEDIA_TYPES.json, content: fitted.json });
  }
  if (writes(site, 'sitemap')) outputs.push({ path: site.paths.sitemap, mediaType: FEED_MEDIA_TYPES.sitemap, checkAs: 'news-sitemap', content: newsSitemap(articles, feedOptions) });
  return { outputs, diagnostics };
}

function feedOptionsFor(articles: readonly Article[], options: RenderOptions & Partial<FeedOptions>): FeedOptions & { now: number } {
  // One reference instant for every language's feeds (each would scan every article's date).
  return { continueReading: (language) => continueReadingLabel(options.localizer, language), ...options, now: options.now ?? referenceInstant(articles) };
}

/**
 * `options` with `feedSelectionOf`: each language's feed selection made at most once, for the
 * feeds and the home pages alike (they show the same stories).
 */
export function withFeedSelections(articles: readonly Article[], options: RenderOptions): RenderOptions {
  const feedOptions = feedOptionsFor(articles, options);
  const made = new Map<string, FeedSelection>();
  const feedSelectionOf = (language: string): FeedSelection => {
    let selection = made.get(language);
    if (!selection) made.set(language, (selection = selectFeed(articles, language, feedOptions)));
    return selection;
  };
  return { ...options, feedSelectionOf };
}

/** The label from `locales/`; English when a project's own locales predate the key (i18next returns the key). */
function continueReadingLabel(localizer: Localizer, language: string): string {
  const label = localizer.t(language, 'continueReading');
  return label === 'continueReading' ? 'Continue reading' : label;
}

export interface FittedFeed {
  rss: string;
  atom: string;
  json: string;
  /** Items left out (the oldest) to stay within the budget. */
  left: number;
  maxBytes: number;
}

/**
 * The three feeds of `feed` within `maxBytes` each (UTF-8): all its items when they fit, else the
 * most newest items for which all three do (the formats keep the same items). Bodies are already
 * bounded per item (`maxBodyBytes`), so this only bites on many long items.
 */
export function fitFeed(feed: Feed, maxBytes: number, options: FeedOptions & { now: number }): FittedFeed {
  const write = (count: number): Omit<FittedFeed, 'left' | 'maxBytes'> => {
    const items = count === feed.items.length ? feed.items : feed.items.slice(0, count);
    const part: Feed = count === feed.items.length ? feed : { channel: feedChannel(feed.channel.language, items, options.now, options), items };
    // A format the site does not write (`formats`) is left empty.
    const { site } = options;
    return { rss: writes(site, 'rss') ? rssFeed(part) : '', atom: writes(site, 'atom') ? atomFeed(part) : '', json: writes(site, 'jsonfeed') ? jsonFeed(part) : '' };
  };
  const fits = (texts: Omit<FittedFeed, 'left' | 'maxBytes'>): boolean =>
    Buffer.byteLength(texts.rss) <= maxBytes && Buffer.byteLength(texts.atom) <= maxBytes && Buffer.byteLength(texts.json) <= maxBytes;
  const all = write(feed.items.length);
  if (fits(all)) return { ...all, left: 0, maxBytes };
  // Sizes grow with the number of items: a binary search finds the most that fit.
  let low = 0;
  let high = feed.items.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(write(middle))) low = middle;
    else high = middle - 1;
  }
  return { ...write(low), left: feed.items.length - low, maxBytes };
}
