import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/article/parse.js';
import type { Diagnostic } from '../src/util/diagnostics.js';
import { articleSource, repoSite } from './helpers.js';

async function diagnosticsOf(source: string | Uint8Array): Promise<Diagnostic[]> {
  return parseArticle(source, { path: 'content/story.md', site: await repoSite() }).diagnostics;
}

/** `line:column severity rule message`, the shape the CLI prints. */
const summary = (items: Diagnostic[]): string[] => items.filter((item) => item.severity !== 'info').map((item) => `${item.line}:${item.column} ${item.severity} ${item.ruleId} ${item.message}`);

describe('front matter: required fields', () => {
  const required: [string, string][] = [
    ['slug', 'a slug'],
    ['language', 'a BCP 47 language tag'],
    ['headline', 'a headline'],
    ['description', 'a standfirst (description)'],
    ['datePublished', 'an ISO 8601 date-time such as 2025-02-13T09:41:00+01:00'],
  ];
  for (const [field, expected] of required) {
    it(`reports a missing ${field} at the front matter, with what was expected`, async () => {
      const result = parseArticle(articleSource({ [field]: undefined }), { path: 'content/story.md', site: await repoSite() });
      expect(result.article).toBeUndefined();
      expect(summary(result.diagnostics)).toEqual([`1:1 error frontmatter-required Missing required field \`${field}\`: expected ${expected}`]);
      expect(result.diagnostics[0]).toMatchObject({ file: 'content/story.md', field, expected, actual: 'nothing' });
    });
  }
});

describe('front matter: wrong values', () => {
  it('names the field, what was expected and what was found, at its line:column', async () => {
    // headline is on line 4 of the source: ---, slug, language, headline.
    expect(summary(await diagnosticsOf(articleSource({ headline: '42' })))).toEqual([
      '4:11 error frontmatter-invalid Field `headline`: expected a headline, found number 42',
    ]);
    expect(summary(await diagnosticsOf(articleSource({ urgency: 'high' })))).toEqual([
      '7:10 error frontmatter-invalid Field `urgency`: expected an urgency from 1 to 9, found "high"',
    ]);
    expect(summary(await diagnosticsOf(articleSource({ keywords: '{ a: 1 }' })))).toEqual([
      '7:11 error frontmatter-invalid Field `keywords`: expected a list of keywords, found a mapping',
    ]);
  });

  it('rejects an impossible date and a date that is not ISO 8601', async () => {
    expect(summary(await diagnosticsOf(articleSource({ datePublished: '2025-02-30T10:32:00+01:00' })))).toEqual([
      '6:16 error frontmatter-date Field `datePublished`: expected a real calendar date and time, found "2025-02-30T10:32:00+01:00"',
    ]);
    expect(summary(await diagnosticsOf(articleSource({ datePublished: '13 February 2025' })))).toEqual([
      '6:16 error frontmatter-date Field `datePublished`: expected an ISO 8601 date-time such as 2025-02-13T09:41:00+01:00, found "13 February 2025"',
    ]);
  });

  it('reads a date without offset in the configured zone, with a warning', async () => {
    const result = parseArticle(articleSource({ datePublished: '2025-07-13T10:32:00' }), { path: 'content/story.md', site: await repoSite() });
    expect(result.article?.datePublished).toBe('2025-07-13T10:32:00+02:00');
    expect(summary(result.diagnostics)).toEqual([
      '6:16 warning frontmatter-date-offset Field `datePublished`: expected a date-time with an offset (Z or ±hh:mm), found "2025-07-13T10:32:00"; read in Europe/Rome as 2025-07-13T10:32:00+02:00',
    ]);
  });

  it('normalises dates to the configured zone', async () => {
    const result = parseArticle(articleSource({ datePublished: '2025-02-13T09:32:00Z', dateModified: '2025-02-13T12:00:00-05:00' }), { path: 'x.md', site: await repoSite() });
    expect(result.article?.datePublished).toBe('2025-02-13T10:32:00+01:00');
    expect(result.article?.dateModified).toBe('2025-02-13T18:00:00+01:00');
  });

  it('rejects a modification date before publication', async () => {
    expect(summary(await diagnosticsOf(articleSource({ dateModified: '2025-02-12T10:32:00+01:00' })))).toEqual([
      '7:15 error frontmatter-date-order Field `dateModified`: expected a date-time at or after datePublished (2025-02-13T10:32:00+01:00), found 2025-02-12T10:32:00+01:00',
    ]);
  });

  it('rejects slugs that could escape out/', async () => {
    for (const slug of ['../etc', 'a/b', 'Trump Putin', 'a..b']) {
      const items = summary(await diagnosticsOf(articleSource({ slug: JSON.stringify(slug) })));
      expect(items).toEqual([
        `2:7 error frontmatter-invalid Field \`slug\`: expected a slug of lowercase letters, digits and single hyphens (no "/", "." or spaces), found ${JSON.stringify(slug)}`,
      ]);
    }
  });

  it('rejects unknown language codes and accepts region subtags', async () => {
    expect(summary(await diagnosticsOf(articleSource({ language: 'english' })))).toEqual([
      '3:11 error frontmatter-invalid Field `language`: expected a known BCP 47 language tag such as en, it, pt-BR, ar, found "english"',
    ]);
    expect(summary(await diagnosticsOf(articleSource({ language: 'xx' })))).toHaveLength(1);
    expect(summary(await diagnosticsOf(articleSource({ language: 'en_US' })))).toHaveLength(1);
    expect(summary(await diagnosticsOf(articleSource({ language: 'pt-BR' })))).toEqual([]);
  });

  it('warns about unknown fields and suggests the closest known one', async () => {
    const items = await diagnosticsOf(articleSource({ headlne: 'Typo' }));
    expect(summary(items)).toEqual(['7:10 warning frontmatter-unknown-field Unknown field `headlne` is ignored (did you mean `headline`?)']);
  });
});

describe('front matter: broken files', () => {
  it('reports invalid YAML at its position', async () => {
    const items = summary(await diagnosticsOf(articleSource({ keywords: '[a, b' })));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/^7:\d+ error frontmatter-yaml Invalid YAML: /);
  });

  it('reports a file without front matter', async () => {
    expect(summary(await diagnosticsOf('Just a paragraph.\n'))).toEqual([
      '1:1 error frontmatter-missing No front matter: expected the file to start with a `---` line, YAML fields, and a closing `---`',
    ]);
  });

  it('reports front matter that is not a mapping', async () => {
    expect(summary(await diagnosticsOf('---\n- a\n- b\n---\n\nBody\n'))).toEqual([
      '2:1 error frontmatter-invalid Front matter must be a mapping of fields: found a list of 2',
    ]);
  });

  it('reports an empty file', async () => {
    expect(summary(await diagnosticsOf(''))).toEqual([
      '1:1 error empty-file The file is empty: expected front matter between `---` lines, then the article body',
    ]);
    expect(summary(await diagnosticsOf('  \n\n'))).toHaveLength(1);
  });

  it('reports an article without a body', async () => {
    expect(summary(await diagnosticsOf(articleSource({}, '')))).toEqual([
      '7:4 error body-empty The article has no body: expected text after the front matter',
    ]);
  });

  it('reports non-UTF-8 bytes at the line:column of the first bad byte', async () => {
    const head = new TextEncoder().encode(articleSource({}, 'Caf'));
    const bytes = new Uint8Array([...head, 0xe9, 0x20, 0x41, 0x0a]); // Latin-1 "é"
    expect(summary(await diagnosticsOf(bytes))).toEqual(['9:4 error encoding Invalid UTF-8: byte 0xe9 cannot start or continue a character']);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(articleSource())]);
    const result = parseArticle(bytes, { path: 'x.md', site: await repoSite() });
    expect(result.article?.headline).toBe('A test headline');
  });
});

describe('article model', () => {
  it('fills defaults from the site configuration', async () => {
    const result = parseArticle(articleSource(), { path: 'x.md', site: await repoSite() });
    expect(result.article).toMatchObject({
      id: 'urn:newsml:ansa.it:20250213:test-story',
      url: 'https://www.ansa.it/english/news/2025/02/13/test-story.html',
      version: 1,
      pubStatus: 'usable',
      credit: 'ANSA',
      dateModified: '2025-02-13T10:32:00+01:00',
      dateCreated: '2025-02-13T10:32:00+01:00',
      isAccessibleForFree: true,
    });
  });

  it('counts words and characters of the body text', async () => {
    const result = parseArticle(articleSource({}, 'Three small words.\n\nAnd *two* more.\n'), { path: 'x.md', site: await repoSite() });
    expect(result.article?.body.text).toBe('Three small words.\n\nAnd two more.');
    expect(result.article?.body.wordCount).toBe(6);
    expect(result.article?.body.charCount).toBe(33);
  });

  it('warns about a headline over 110 characters, counted in graphemes', async () => {
    const long = 'Trump and Putin agree to start negotiations on Ukraine immediately as Kremlin rules out territory swap for Kyiv';
    expect(long.length).toBe(111);
    expect(summary(await diagnosticsOf(articleSource({ headline: JSON.stringify(long) })))).toEqual([
      '4:11 warning headline-length Field `headline`: expected at most 110 characters (Google\'s NewsArticle limit), found 111; JSON-LD takes its `headline` from the `seo` variant instead',
    ]);
    // 110 flags of two code points each are 110 characters, not 220.
    expect(summary(await diagnosticsOf(articleSource({ headline: JSON.stringify('🇮🇹'.repeat(110)) })))).toEqual([]);
  });

  it('warns when an update keeps version 1', async () => {
    expect(summary(await diagnosticsOf(articleSource({ signal: 'correction' })))).toEqual([
      '7:9 warning frontmatter-signal-version Field `signal`: an correction expects `version` 2 or more, found 1',
    ]);
  });
});

describe('markdown parsing', () => {
  it('gives the same tree with and without GFM for text that cannot contain GFM syntax', async () => {
    const { unified } = await import('unified');
    const remarkParse = (await import('remark-parse')).default;
    const remarkFrontmatter = (await import('remark-frontmatter')).default;
    const remarkGfm = (await import('remark-gfm')).default;
    const gfm = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
    const { parserFor } = await import('../src/article/parse.js');
    const samples = [
      articleSource(),
      articleSource({}, 'A *quote* — “with” [a link](/x) and `code`.\n\n- a list\n- of items\n\n> a quote\n\n1. one\n2. two\n'),
      articleSource({}, '| a | b |\n| - | - |\n| 1 | 2 |\n\n~~gone~~ www.ansa.it and news@ansa.it [^1]\n\n[^1]: note\n\n- [x] done\n'),
    ];
    for (const sample of samples) expect(parserFor(sample).parse(sample)).toEqual(gfm.parse(sample));
    // The last sample does use GFM: the fast path must not be taken for it.
    const last = samples[2] ?? '';
    expect(JSON.stringify(parserFor(last).parse(last))).toContain('"table"');
  });
});
