import { Feed as NpmFeed, type Item as NpmFeedItem } from 'feed';
import type { Article } from '../article/types.js';
import type { RenderOptions } from '../formats/article-formats.js';
import { atomFeed } from '../formats/atom.js';
import { selectFeed, type Feed } from '../formats/feed-items.js';
import { jsonFeed } from '../formats/jsonfeed.js';
import { rssFeed } from '../formats/rss.js';

/**
 * Feed serialization, wirekit against npm `feed@6`, from the same prepared items (selection and
 * body HTML are done once, untimed, and shared: both libraries take finished HTML). Each side
 * makes RSS + Atom + JSON for every item (limit raised to all); the median of a few runs counts.
 */
export interface FeedBench {
  items: number;
  /** Selection and body HTML, shared by both sides (untimed in the comparison). */
  prepareMs: number;
  wirekitMs: number;
  feedMs: number;
  /** How many times as long npm `feed` takes. */
  ratio: number;
  outputKb: number;
}

export function benchFeeds(articles: Article[], options: RenderOptions): FeedBench {
  const language = options.site.language;
  let started = performance.now();
  const { feed } = selectFeed(articles, language, { ...options, limit: Math.max(1, articles.length) });
  const prepareMs = performance.now() - started;
  const runs = 5;
  const ours = median(runs, () => {
    rssFeed(feed);
    atomFeed(feed);
    jsonFeed(feed);
  });
  const theirs = median(runs, () => {
    const npm = npmFeed(feed);
    npm.rss2();
    npm.atom1();
    npm.json1();
  });
  const bytes = rssFeed(feed).length + atomFeed(feed).length + jsonFeed(feed).length;
  return { items: feed.items.length, prepareMs, wirekitMs: ours, feedMs: theirs, ratio: theirs / ours, outputKb: Math.round(bytes / 1024) };
}

function median(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** The same items through npm `feed`, as its API takes them. */
function npmFeed({ channel, items }: Feed): NpmFeed {
  const npm = new NpmFeed({
    id: channel.urls.atom,
    title: channel.title,
    description: channel.description,
    link: channel.homePage,
    language: channel.language,
    updated: new Date(channel.updated),
    copyright: channel.copyright,
    generator: 'wirekit-bench',
    feedLinks: { rss: channel.urls.rss, atom: channel.urls.atom, json: channel.urls.json },
    author: { name: channel.publisher.name, link: channel.publisher.url },
    ttl: channel.ttl,
  });
  for (const item of items) {
    const entry: NpmFeedItem = {
      title: item.title,
      id: item.id,
      link: item.url,
      date: new Date(item.modified),
      published: new Date(item.published),
      author: item.authors.length > 0 ? item.authors.map((person) => ({ name: person.name, ...(person.email ? { email: person.email } : {}) })) : [{ name: item.credit }],
      category: item.subjects.map((subject) => ({ name: subject.label ?? subject.qcode, domain: subject.uri, term: subject.code })),
    };
    if (item.summary !== undefined) entry.description = item.summary;
    if (item.contentHtml !== undefined) entry.content = item.contentHtml;
    if (item.image) entry.image = { url: item.image.url, ...(item.image.type ? { type: item.image.type } : {}), ...(item.image.length ? { length: item.image.length } : {}) };
    npm.addItem(entry);
  }
  return npm;
}
