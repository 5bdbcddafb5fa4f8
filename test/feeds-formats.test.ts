import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/article/types.js';
import type { RenderOptions } from '../src/formats/article-formats.js';
import { atomFeed } from '../src/formats/atom.js';
import { articleFeedAnswers, selectFeed, type Feed } from '../src/formats/feed-items.js';
import { jsonFeed } from '../src/formats/jsonfeed.js';
import { rssFeed } from '../src/formats/rss.js';
import { contentArticles, repoRenderOptions } from './helpers.js';
import { richArticle } from './fixtures/feeds/articles.js';
import { atomProblems, elements, isRfc2822, parseXml, RFC3339, rssProblems, textOf } from './fixtures/feeds/rules.js';

const require = createRequire(import.meta.url);
const jsonFeedSchema = require('jsonfeed-schema/schema-v1.1.json') as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateJsonFeed = ajv.compile(jsonFeedSchema);

let options: RenderOptions;
let articles: Article[];
let rich: Article;
const feedIn = (language: string, list: readonly Article[] = articles): Feed => selectFeed(list, language, options).feed;

beforeAll(async () => {
  options = await repoRenderOptions();
  rich = await richArticle();
  articles = [...(await contentArticles()), rich];
});

describe('feed item selection', () => {
  it('keeps only the articles available in a language, newest first, with that language headline', () => {
    const it = feedIn('it');
    expect(it.items.map((item) => item.title)).toEqual([
      'Il Cremlino esclude lo scambio di territori proposto da Zelensky sul Kursk',
      "Trump e Putin concordano di avviare subito i negoziati sull'Ucraina",
      'Titolo ricco',
      'Telefonata Trump-Putin, "subito i negoziati" sull\'Ucraina',
    ]);
    for (const [index, item] of it.items.entries()) if (index > 0) expect(item.published).toBeLessThanOrEqual(it.items[index - 1]!.published);
    expect(feedIn('es').items.map((item) => item.language)).toEqual(['es']);
  });

  it('breaks ties deterministically and honours the limit', () => {
    const twin = { ...rich, id: 'urn:newsml:ansa.it:20250213:a-twin', slug: 'a-twin', dateModified: rich.dateModified };
    const feed = selectFeed([rich, twin], 'en', options).feed;
    expect(feed.items.map((item) => item.id)).toEqual(['urn:newsml:ansa.it:20250213:a-twin', rich.id]);
    expect(selectFeed([twin, rich], 'en', options).feed.items.map((item) => item.id)).toEqual(feed.items.map((item) => item.id));
    expect(selectFeed(articles, 'en', { ...options, limit: 2 }).feed.items).toHaveLength(2);
  });

  it('leaves an article out of a language it has no version in, with the i18n warning', () => {
    const { feed, diagnostics } = selectFeed(articles, 'es', options);
    expect(feed.items.map((item) => item.id)).not.toContain(rich.id);
    expect(diagnostics.filter((d) => d.ruleId === 'i18n-missing-translation' && d.message.includes('rich-story'))).toHaveLength(1);
  });

  it('gives the same selection from answers the caller kept (articleFeedAnswers) as from none', () => {
    const kept = new Map(articles.map((article) => [article, articleFeedAnswers(article, options.site)]));
    for (const language of options.site.languages) {
      expect(selectFeed(articles, language, { ...options, feedAnswersOf: (article) => kept.get(article) })).toEqual(selectFeed(articles, language, options));
    }
  });

  it('never labels original-only text with a translation language', () => {
    const [item] = selectFeed([rich], 'it', options).feed.items;
    expect(item?.contentHtml).toBeUndefined();
    expect(item?.keywords).toEqual([]);
    expect(item?.image?.caption).toBeUndefined();
    expect(item?.subjects.every((subject) => subject.label === undefined)).toBe(true);
    // A headline-only translation: its headline is the text of every format (Atom needs one).
    const [arabic] = selectFeed([rich], 'ar', options).feed.items;
    expect(arabic?.summary).toBe(arabic?.title);
    expect(arabic?.summary).toBe(rich.translations['ar']?.headline);
  });

  it('drops withheld and embargoed articles', () => {
    const withheld = { ...rich, pubStatus: 'withheld' as const };
    expect(selectFeed([withheld], 'en', options).feed.items).toEqual([]);
    const embargoed = { ...rich, embargoed: '2025-02-14T00:00:00+01:00' };
    expect(selectFeed([embargoed], 'en', { ...options, now: Date.parse('2025-02-13T12:00:00Z') }).feed.items).toEqual([]);
    expect(selectFeed([embargoed], 'en', { ...options, now: Date.parse('2025-02-15T12:00:00Z') }).feed.items).toHaveLength(1);
  });

  it('takes channel dates from the newest item, never the clock', () => {
    const feed = feedIn('en');
    expect(feed.channel.updated).toBe(Math.max(...feed.items.map((item) => item.modified)));
    expect(rssFeed(feedIn('en'))).toBe(rssFeed(feedIn('en')));
  });
});

describe('RSS 2.0', () => {
  it('has no W3C validator problems in any language', () => {
    for (const language of options.site.languages) expect(rssProblems(rssFeed(feedIn(language))), language).toEqual([]);
  });

  it('reads back with feedsmith: ids, titles, links, dates, authors, categories', () => {
    const feed = feedIn('en');
    const parsed = parseRssFeed(rssFeed(feed));
    expect(parsed.language).toBe('en');
    expect(parsed.atom?.links?.[0]).toMatchObject({ rel: 'self', href: 'https://www.ansa.it/english/feeds/en/rss.xml' });
    expect(parsed.items?.map((item) => item.guid?.value)).toEqual(feed.items.map((item) => (item.original ? item.id : `${item.id}:en`)));
    expect(parsed.items?.map((item) => item.title)).toEqual(feed.items.map((item) => item.title));
    expect(parsed.items?.map((item) => item.link)).toEqual(feed.items.map((item) => item.url));
    expect(parsed.items?.map((item) => Date.parse(item.pubDate ?? ''))).toEqual(feed.items.map((item) => item.published));
    const richItem = parsed.items?.find((item) => item.guid?.value === rich.id);
    expect(richItem?.guid?.isPermaLink).toBe(false);
    expect(richItem?.authors).toEqual([{ email: 'jane@ansa.it', name: 'Jane Reporter' }]);
    expect(richItem?.dc?.creators).toBeUndefined();
    expect(richItem?.categories).toContainEqual({ name: 'diplomacy', domain: 'http://cv.iptc.org/newscodes/mediatopic/20000639' });
    expect(richItem?.enclosures?.[0]).toEqual({ url: 'https://www.ansa.it/img/rich.jpg', length: 12345, type: 'image/jpeg' });
    const wire = parsed.items?.find((item) => item.guid?.value === articles[2]!.id);
    expect(wire?.dc?.creators).toEqual(['ANSA']);
    expect(wire?.authors).toBeUndefined();
  });

  it('writes RFC 822 dates, lowercase language tags and hex references in plain text', () => {
    const xml = rssFeed(feedIn('pt-BR'));
    const document = parseXml(xml);
    expect(textOf(elements(document, 'language')[0])).toBe('pt-br');
    for (const date of elements(document, 'pubDate')) expect(isRfc2822(textOf(date))).toBe(true);
    const amp = rssFeed(selectFeed([{ ...rich, headline: 'R&D <spending>' }], 'en', options).feed);
    expect(amp).toContain('<title>R&#x26;D &#x3C;spending&gt;</title>');
  });

  it('declares only the namespaces it uses', () => {
    const translationOnly = rssFeed(selectFeed([{ ...rich, image: undefined } as Article], 'ar', options).feed);
    expect(translationOnly).not.toContain('xmlns:content');
    expect(translationOnly).not.toContain('xmlns:media');
    expect(rssProblems(translationOnly)).toEqual([]);
    const full = rssFeed(selectFeed([rich], 'en', options).feed);
    expect(full).toContain('xmlns:media');
    expect(full).not.toContain('xmlns:dc');
  });

  it('puts several by-line names in dc:creator, never <author>', () => {
    const two = { ...rich, authors: [{ name: 'A One', email: 'a@ansa.it' }, { name: 'B Two' }] };
    const xml = rssFeed(selectFeed([two], 'en', options).feed);
    expect(rssProblems(xml)).toEqual([]);
    expect(parseRssFeed(xml).items?.[0]?.dc?.creators).toEqual(['A One', 'B Two']);
    expect(xml).not.toContain('<author>');
  });

  it('the rule checks catch what the validator would flag', () => {
    const good = rssFeed(feedIn('en'));
    const firstGuid = parseRssFeed(good).items?.[0]?.guid?.value ?? '';
    expect(rssProblems(good.replace('isPermaLink="false"', ''))).toContain(`InvalidHttpGUID ${firstGuid} (needs isPermaLink="false")`);
    expect(rssProblems(good.replace(/<pubDate>[^<]+/, '<pubDate>2025-02-13T10:00:00Z')).some((p) => p.startsWith('InvalidRFC2822Date'))).toBe(true);
    expect(rssProblems(good.replace('<dc:creator>ANSA</dc:creator>', '<author>ANSA</author>')).some((p) => p.startsWith('InvalidContact author'))).toBe(true);
    expect(rssProblems(good.replace('<title>ANSA English</title>', '<title>ANSA <![CDATA[</b>]]></title>'))).toContain('ContainsHTML title');
    // An undeclared prefix is not even namespace-well-formed XML.
    expect(() => rssProblems(good.replace(' xmlns:dc="http://purl.org/dc/elements/1.1/"', ''))).toThrow();
  });
});

describe('Atom 1.0', () => {
  it('has no W3C validator problems in any language', () => {
    for (const language of options.site.languages) expect(atomProblems(atomFeed(feedIn(language))), language).toEqual([]);
  });

  it('reads back with feedsmith', () => {
    const feed = feedIn('en');
    const parsed = parseAtomFeed(atomFeed(feed));
    expect(parsed.links?.find((link) => link.rel === 'self')?.href).toBe('https://www.ansa.it/english/feeds/en/atom.xml');
    expect(parsed.entries?.map((entry) => entry.title?.value ?? entry.title)).toEqual(feed.items.map((item) => item.title));
    expect(parsed.entries?.map((entry) => Date.parse(entry.updated ?? ''))).toEqual(feed.items.map((item) => item.modified));
    const entry = parsed.entries?.find((candidate) => candidate.id === rich.id);
    expect(entry?.authors).toEqual([{ name: 'Jane Reporter', email: 'jane@ansa.it' }]);
    expect(entry?.categories).toContainEqual({ term: '20000639', scheme: 'http://cv.iptc.org/newscodes/mediatopic/', label: 'diplomacy' });
    expect(entry?.links?.filter((link) => link.rel === 'alternate').map((link) => link.hreflang)).toEqual(['en', 'it', 'ar']);
    expect(entry?.published).toMatch(RFC3339);
    expect(entry?.published).toBe('2025-02-13T10:00:00+01:00');
  });

  it('carries xml:lang and typed text constructs', () => {
    const document = parseXml(atomFeed(feedIn('ar')));
    expect(document.documentElement?.getAttribute('xml:lang')).toBe('ar');
    for (const title of elements(document, 'title')) expect(title.getAttribute('type')).toBe('text');
  });

  it('the rule checks catch duplicate alternates and bad dates', () => {
    const good = atomFeed(feedIn('en'));
    expect(atomProblems(good.replace('type="application/atom+xml" hreflang="it"', 'type="text/html" hreflang="en"')).some((p) => p.startsWith('DuplicateAtomLink'))).toBe(true);
    expect(atomProblems(good.replace(/<updated>[^<]+/, '<updated>2025-02-13')).some((p) => p.startsWith('InvalidRFC3339Date'))).toBe(true);
  });
});

describe('JSON Feed 1.1', () => {
  it('validates against the JSON Feed 1.1 schema in every language', () => {
    for (const language of options.site.languages) {
      const document: unknown = JSON.parse(jsonFeed(feedIn(language)));
      expect(validateJsonFeed(document), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    }
    expect(validateJsonFeed({ version: 'https://jsonfeed.org/version/1.1', items: [] })).toBe(false);
  });

  it('reads back with feedsmith', () => {
    const feed = feedIn('en');
    const parsed = parseJsonFeed(JSON.parse(jsonFeed(feed)));
    expect(parsed.title).toBe('ANSA English');
    expect(parsed.feed_url).toBe('https://www.ansa.it/english/feeds/en/feed.json');
    expect(parsed.items?.map((item) => item.id)).toEqual(feed.items.map((item) => (item.original ? item.id : `${item.id}:en`)));
    const item = parsed.items?.find((candidate) => candidate.id === rich.id);
    expect(item).toMatchObject({
      title: 'Rich story headline',
      url: rich.url,
      summary: 'A standfirst for the rich story.',
      image: 'https://www.ansa.it/img/rich.jpg',
      date_published: '2025-02-13T10:00:00+01:00',
      date_modified: '2025-02-13T11:30:00+01:00',
      language: 'en',
      authors: [{ name: 'Jane Reporter', url: 'mailto:jane@ansa.it' }],
      tags: ['diplomacy', 'Rome', 'Italy'],
    });
    for (const entry of parsed.items ?? []) expect(entry.date_published).toMatch(RFC3339);
    expect(new Set(parsed.items?.map((entry) => entry.id)).size).toBe(parsed.items?.length);
  });
});
