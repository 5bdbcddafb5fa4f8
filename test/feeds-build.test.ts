import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/article/types.js';
import type { RenderOptions } from '../src/formats/article-formats.js';
import { parseFeedsConfig } from '../src/config/feeds.js';
import { renderFeeds } from '../src/formats/feeds.js';
import type { Diagnostic } from '../src/util/diagnostics.js';
import { newsLanguage, newsSitemap, newsSitemapEntries } from '../src/formats/news-sitemap.js';
import { contentArticles, repoRenderOptions, runCli } from './helpers.js';
import { richArticle } from './fixtures/feeds/articles.js';
import { atomProblems, elements, parseXml, RFC3339, rssProblems, textOf } from './fixtures/feeds/rules.js';

const require = createRequire(import.meta.url);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateJsonFeed = ajv.compile(require('jsonfeed-schema/schema-v1.1.json') as object);

let options: RenderOptions;
let articles: Article[];

beforeAll(async () => {
  options = await repoRenderOptions();
  articles = await contentArticles();
});

describe('Google News sitemap', () => {
  it('lists every language version of the last two days before the newest article', async () => {
    const old = await richArticle({ slug: 'old-story', url: undefined, datePublished: '2025-02-10T09:00:00+01:00', dateModified: undefined, translations: undefined });
    const entries = newsSitemapEntries([...articles, old], options);
    expect(entries.map((entry) => entry.id)).not.toContain(old.id);
    expect(entries.filter((entry) => entry.id === articles[2]!.id).map((entry) => entry.language)).toEqual(['en', 'it', 'es', 'pt-BR', 'ar']);
    const xml = newsSitemap([...articles, old], options);
    const document = parseXml(xml);
    expect(document.documentElement?.getAttribute('xmlns')).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(elements(document, 'url')).toHaveLength(entries.length);
    for (const date of elements(document, 'news:publication_date')) expect(textOf(date)).toMatch(RFC3339);
    expect(elements(document, 'news:language').map(textOf)).toContain('pt');
    expect(textOf(elements(document, 'news:name')[0])).toBe('ANSA English');
    expect(xml).toBe(newsSitemap([...articles, old], options));
  });

  it('uses Google News language codes', () => {
    expect(['en', 'pt-BR', 'ar', 'zh-Hant', 'zh-CN'].map(newsLanguage)).toEqual(['en', 'pt', 'ar', 'zh-tw', 'zh-cn']);
  });
});

describe('templates/feeds.json', () => {
  it('renames a channel without code, and reports bad fields at their place', () => {
    const feeds = parseFeedsConfig('{ "channels": { "it": { "title": "Rebranded" } } }', 'feeds.json', []);
    const { outputs } = renderFeeds(articles, { ...options, ...(feeds ? { feeds } : {}) });
    expect(parseRssFeed(outputs.find((output) => output.path === 'feeds/it/rss.xml')!.content).title).toBe('Rebranded');
    const problems: Diagnostic[] = [];
    expect(parseFeedsConfig('{\n  "channels": { "it": { "homePage": "not a url" } }\n}', 'feeds.json', problems)).toBeUndefined();
    expect(problems[0]).toMatchObject({ line: 2, ruleId: 'config-invalid' });
  });
});

describe('the real build', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'wirekit-feeds-'));
    const result = await runCli(['build', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const read = (file: string): string => readFileSync(path.join(out, file), 'utf8');

  it('writes RSS, Atom and JSON Feed for each language and the news sitemap, all valid', () => {
    for (const language of options.site.languages) {
      // Language tags are lowercase in paths, as in URLs (feeds/pt-br/).
      const folder = `feeds/${language.toLowerCase()}`;
      const rss = read(`${folder}/rss.xml`);
      const atom = read(`${folder}/atom.xml`);
      const json: unknown = JSON.parse(read(`${folder}/feed.json`));
      expect(rssProblems(rss), language).toEqual([]);
      expect(atomProblems(atom), language).toEqual([]);
      expect(validateJsonFeed(json), JSON.stringify(validateJsonFeed.errors)).toBe(true);
      const titles = parseRssFeed(rss).items?.map((item) => item.title);
      expect(parseAtomFeed(atom).entries?.map((entry) => (typeof entry.title === 'string' ? entry.title : entry.title?.value))).toEqual(titles);
      expect(parseJsonFeed(json).items?.map((item) => item.title)).toEqual(titles);
      expect(titles?.length).toBeGreaterThan(0);
    }
    expect(parseRssFeed(read('feeds/en/rss.xml')).items?.map((item) => item.guid?.value)).toEqual([
      'urn:newsml:ansa.it:20250213:kremlin-rules-out-kursk-territory-swap',
      'urn:newsml:ansa.it:20250213:trump-putin-agree-to-start-ukraine-negotiations',
      'urn:newsml:ansa.it:20250212:telefonata-trump-putin-negoziati-ucraina:en',
    ]);
    parseXml(read('sitemap-news.xml'));
  });
});
