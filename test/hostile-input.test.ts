import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/article/parse.js';
import { renderAll } from '../src/build/build.js';
import { processSource } from '../src/build/process.js';
import type { RenderOptions } from '../src/formats/article-formats.js';
import { formatDiagnostics, type Diagnostic } from '../src/util/diagnostics.js';
import { validate } from '../src/validate/index.js';
import { articleSource, projectCopy, removeTemporary, repoRenderOptions, runCli, snapshot } from './helpers.js';

/**
 * Hostile articles, generated: whatever front matter and body an editor (or a broken CMS) sends,
 * the build either refuses it with an error naming the file and a line, or writes outputs that the
 * validator passes with --strict (no error, no warning), every feed within its byte budget. Never
 * an exception. Then a few fixed cases through the real CLI, `out/` compared before and after.
 * The generated run is seeded (same cases each time); WIREKIT_FUZZ_SEED and WIREKIT_FUZZ_RUNS
 * explore further (seeds 1–8, 11–14, 21–26 and 99, up to 500 runs each, passed when written).
 */

const FILE = 'content/hostile.md';

let options: RenderOptions;
beforeAll(async () => {
  options = await repoRenderOptions();
});
afterAll(removeTemporary);

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const MARKUP = ['</script><script>alert(1)</script>', '<b>', '</p>', '&amp;', '&#39;', '&nbsp;', '<!--', ']]>', '&', '<', 'a < b', 'Q&A', '"', "'", '\\', '{{x}}'];
const CHARACTERS = ['😀', '👩🏽‍💻', 'e\u0301', 'لا', 'نص عربي', '中文标题', '\ufffe', '\uffff', '\ud800', '\u00a0', '\u2028', '\t', '\n', '\r\n', ' ', '#', ':', '- ', '*', '> '];

/** A piece of hostile plain text: markup, controls, bidi, odd characters, sometimes long. */
const hostilePiece = fc.oneof(
  { arbitrary: fc.constantFrom('Trump and Putin agree', ' talks ', 'Ukraine', ', ', 'Zelensky: '), weight: 6 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }), weight: 2 },
  { arbitrary: fc.constantFrom(...MARKUP), weight: 1 },
  { arbitrary: fc.constantFrom(...BIDI), weight: 1 },
  { arbitrary: fc.constantFrom(...CHARACTERS), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 0x9f }).filter((code) => code < 0x20 || code >= 0x7f).map((code) => String.fromCharCode(code)), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('Trump ', 'word ', 'ü', '😀'), fc.integer({ min: 30, max: 700 })).map(([word, count]) => word.repeat(count)), weight: 1 },
);
const hostileText = fc.array(hostilePiece, { minLength: 1, maxLength: 4 }).map((pieces) => `Story ${pieces.join('')}`);

/** A field's text: mostly what an editor writes (odd but valid), sometimes hostile. */
const fieldText = fc.oneof(
  { arbitrary: fc.constantFrom('Trump and Putin agree to talk', 'Q&A: a < b, AT&T', 'نص عربي \u200fمرحبا', '中文标题 😀 👩🏽‍💻', 'Zelensky: "very good"', `${'Trump and Putin agree '.repeat(30)}`), weight: 3 },
  { arbitrary: hostileText, weight: 1 },
);

/** A YAML scalar for `text`: double-quoted with escapes (any code unit survives), or plain. */
const yamlScalar = (text: string, plain: boolean): string => (plain ? text : JSON.stringify(text));

/** Front-matter lines that attack the YAML reader itself. */
const YAML_ATTACKS = fc.oneof(
  { arbitrary: fc.constant(''), weight: 8 },
  {
    arbitrary: fc.integer({ min: 2, max: 9 }).map((width) => {
      // A "billion laughs": each level `width` aliases of the one before.
      const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x]'];
      for (let level = 1; level < 6; level++) levels.push(`l${level}: &l${level} [${Array(width).fill(`*l${level - 1}`).join(', ')}]`);
      return levels.join('\n');
    }),
    weight: 1,
  },
  { arbitrary: fc.integer({ min: 1, max: 2000 }).map((depth) => `extra: ${'['.repeat(depth)}${']'.repeat(depth)}`), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 500 }).map((depth) => `extra: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`), weight: 1 },
  {
    arbitrary: fc.constantFrom('keywords: !!binary aGVsbG8=', 'keywords: !!js/function "x"', 'urgency: .inf', 'urgency: 1e999', 'headline: ~', 'slug: [a]', 'anchor: &a x\nkeywords: [*a, *a]', 'headline: x\nheadline: y', 'extra: "\\ud800"', 'extra: |\n  block\n  scalar'),
    weight: 2,
  },
);

/** Body pieces: markup, deep nesting, controls, GFM, hostile links, long paragraphs. */
const bodyPiece = fc.oneof(
  { arbitrary: fc.constantFrom('Donald Trump recently expressed his agreement.', 'The Kremlin said "very good".', 'A second paragraph of the story.'), weight: 12 },
  { arbitrary: hostileText, weight: 2 },
  {
    arbitrary: fc.constantFrom('<script>alert(1)</script>', '<div onclick="x()">raw html</div>', '[link](javascript:alert(1))', '![img](relative/pic.png)', '| a | b |\n|---|---|\n| 1 | 2 |', 'Text[^1]\n\n[^1]: note', '~~gone~~', '```\n]]> code\n```', '<!-- comment -->', '&amp; &nbsp; &#0;', '\u0001\u0007\u001b'),
    weight: 2,
  },
  // Nesting around the limit (64 levels): deeper cases run through the CLI below.
  { arbitrary: fc.integer({ min: 1, max: 80 }).map((depth) => `${'>'.repeat(depth)} quoted`), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 40 }).map((depth) => Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}- item`).join('\n')), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 80 }).map((depth) => `${'*a '.repeat(depth)}x${' a*'.repeat(depth)}`), weight: 1 },
);
const hostileBody = fc.array(bodyPiece, { minLength: 1, maxLength: 4 }).map((pieces) => `${pieces.join('\n\n')}\n\nCopyright © ANSA\n`);

interface HostileArticle {
  source: string | Uint8Array;
  /** What the generator did, for the failure message. */
  note: string;
}

const hostileArticle = fc
  .record({
    headline: fieldText,
    description: fc.option(fieldText, { nil: undefined }),
    translated: fc.option(fieldText, { nil: undefined }),
    translatedDescription: fc.option(fieldText, { nil: undefined }),
    keyword: fc.option(fieldText, { nil: undefined }),
    seo: fc.option(fieldText, { nil: undefined }),
    plain: fc.boolean(),
    attack: YAML_ATTACKS,
    body: hostileBody,
    encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8', 'bytes', 'bom', 'crlf', 'latin1'),
  })
  .map((input): HostileArticle => {
    const scalar = (text: string): string => yamlScalar(text, input.plain);
    const translation = input.translated === undefined ? undefined : `{ headline: ${JSON.stringify(input.translated)}${input.translatedDescription === undefined ? '' : `, description: ${JSON.stringify(input.translatedDescription)}`} }`;
    const fields: Record<string, string | undefined> = {
      slug: 'hostile-story',
      headline: scalar(input.headline),
      description: scalar(input.description ?? 'A plain standfirst.'),
      keywords: input.keyword === undefined ? undefined : `[${JSON.stringify(input.keyword)}]`,
      headlineVariants: input.seo === undefined ? undefined : `{ seo: ${JSON.stringify(input.seo)} }`,
      translations: translation === undefined ? undefined : `{ it: ${translation}, ar: { headline: "عنوان" } }`,
    };
    let text = articleSource(fields, input.body);
    if (input.attack) text = text.replace('---\n', `---\n${input.attack}\n`);
    if (input.encoding === 'crlf') text = text.replace(/\n/g, '\r\n');
    if (input.encoding === 'bom') text = `\ufeff${text}`;
    const source = input.encoding === 'latin1' ? Uint8Array.from(Buffer.from(text, 'latin1')) : input.encoding === 'bytes' || input.encoding === 'bom' ? Uint8Array.from(Buffer.from(text, 'utf8')) : text;
    return { source, note: JSON.stringify({ ...input, body: input.body.slice(0, 300) }).slice(0, 2000) };
  });

/** Parse, render and validate one article as the build would; the outcome, or what went wrong. */
async function outcome(source: string | Uint8Array): Promise<{ rejected: Diagnostic[] } | { problems: Diagnostic[]; sizes: number[] }> {
  const parsed = parseArticle(source, { path: FILE, site: options.site });
  if (!parsed.article) return { rejected: parsed.diagnostics };
  const { outputs } = renderAll([parsed.article], options);
  const result = await validate(outputs.map((output) => ({ path: `out/${output.path}`, content: output.content })), { unknownFormat: 'skip' });
  const feeds = outputs.filter((output) => output.path.startsWith('feeds/'));
  return { problems: result.diagnostics.filter((item) => item.severity !== 'info'), sizes: feeds.map((output) => Buffer.byteLength(output.content)) };
}

describe('hostile articles (generated)', () => {
  it('are refused with an error naming the file and line, or give outputs that pass validate --strict', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(hostileArticle, async ({ source, note }) => {
        const result = await outcome(source);
        if ('rejected' in result) {
          const errors = result.rejected.filter((item) => item.severity === 'error');
          expect(errors.length, note).toBeGreaterThan(0);
          for (const error of errors) {
            expect(error.file, note).toBe(FILE);
            expect(error.line, `${note}\n${formatDiagnostics(errors)}`).toBeGreaterThanOrEqual(1);
            expect(error.message.length).toBeGreaterThan(10);
          }
        } else {
          expect(formatDiagnostics(result.problems), note).toBe('');
          accepted++;
          for (const size of result.sizes) expect(size).toBeLessThanOrEqual(options.site.feeds.maxBytes);
        }
      }),
      { numRuns: Number(process.env['WIREKIT_FUZZ_RUNS'] ?? 80), seed: Number(process.env['WIREKIT_FUZZ_SEED'] ?? 20261202), endOnFailure: true },
    );
    // The generator reaches both sides: a property that only ever saw rejections would prove little.
    expect(accepted).toBeGreaterThan(10);
  }, 120_000);

  it('are refused for what the plain-text policy forbids, each at its field', async () => {
    const cases: [string, string, string][] = [
      ['headline', JSON.stringify('</script><script>alert(1)</script> Trump'), 'frontmatter-markup'],
      ['headline', JSON.stringify('Trump &amp; Putin'), 'frontmatter-markup'],
      // What the W3C service reads as a reference in a title: an HTML 4 name without `;`, `&#`, a digit.
      ['headline', JSON.stringify('From alpha&omega'), 'frontmatter-markup'],
      ['headline', JSON.stringify('Escaped &#x'), 'frontmatter-markup'],
      ['headline', JSON.stringify('Top&10 stories'), 'frontmatter-markup'],
      ['description', JSON.stringify('Bell \u0007 here'), 'frontmatter-control-character'],
      ['headline', JSON.stringify('Spoof \u202e txet'), 'frontmatter-bidi'],
      ['headline', JSON.stringify('Open \u2067 isolate'), 'frontmatter-bidi'],
      ['headline', JSON.stringify('x'.repeat(1001)), 'frontmatter-length'],
    ];
    for (const [field, value, rule] of cases) {
      const parsed = parseArticle(articleSource({ [field]: value }), { path: FILE, site: options.site });
      expect(parsed.article).toBeUndefined();
      expect(parsed.diagnostics.map((item) => [item.ruleId, item.field, item.line])).toContainEqual([rule, field, field === 'headline' ? 4 : 5]);
    }
    // A body of raw HTML only would be empty in every output once sanitized.
    const rawOnly = parseArticle(articleSource({}, '<div onclick="x()">raw</div>\n\n<!-- comment -->\n\nCopyright © ANSA\n'), { path: FILE, site: options.site });
    expect(rawOnly.diagnostics.map((item) => [item.ruleId, item.severity, item.line])).toContainEqual(['body-empty', 'error', 9]);
    // Plain text that only looks odd stays, as written.
    const fine = parseArticle(articleSource({ headline: JSON.stringify('Q&A: a < b, AT&T, R&D & more, \u200fمرحبا\u2067x\u2069') }), { path: FILE, site: options.site });
    expect(fine.article?.headline).toBe('Q&A: a < b, AT&T, R&D & more, \u200fمرحبا\u2067x\u2069');
  });
});

describe('the findings of issue 17, fixed', () => {
  it('a 500-character headline: JSON-LD headline within 110, the full one kept', async () => {
    const long = `${'Trump and Putin agree '.repeat(23)}`.slice(0, 500).trim();
    const parsed = parseArticle(articleSource({ headline: JSON.stringify(long) }), { path: FILE, site: options.site });
    if (!parsed.article) throw new Error(formatDiagnostics(parsed.diagnostics));
    const jsonld = renderAll([parsed.article], options).outputs.find((output) => output.path.endsWith('.jsonld'));
    const graph = JSON.parse(jsonld?.content ?? '{}') as { '@graph': Record<string, unknown>[] };
    const article = graph['@graph'].find((node) => node['@type'] === 'NewsArticle');
    expect([...String(article?.['headline'])].length).toBeLessThanOrEqual(110);
    expect(String(article?.['headline'])).toMatch(/…$/);
    expect(article?.['alternativeHeadline']).toBe(long);
  });

  it('a headline-only translation gives every feed format its text', async () => {
    const parsed = parseArticle(articleSource({ translations: '{ it: { headline: "Solo il titolo" } }' }), { path: FILE, site: options.site });
    if (!parsed.article) throw new Error(formatDiagnostics(parsed.diagnostics));
    const outputs = renderAll([parsed.article], options).outputs;
    const atom = outputs.find((output) => output.path === 'feeds/it/atom.xml')?.content ?? '';
    expect(atom).toContain('<summary type="text">Solo il titolo</summary>');
    const json = JSON.parse(outputs.find((output) => output.path === 'feeds/it/feed.json')?.content ?? '{}') as { items: { content_text?: string }[] };
    expect(json.items[0]?.content_text).toBe('Solo il titolo');
  });

  it('long bodies are cut at a block boundary with a link to the page; feeds keep within maxBytes', async () => {
    const paragraph = 'Donald Trump recently expressed his agreement with Vladimir Putin on starting negotiations over the war.';
    const body = `${Array.from({ length: 400 }, (_, index) => `${paragraph} (${index})`).join('\n\n')}\n\nCopyright © ANSA\n`;
    const parsed = parseArticle(articleSource({}, body), { path: FILE, site: options.site });
    if (!parsed.article) throw new Error(formatDiagnostics(parsed.diagnostics));
    const small: RenderOptions = { ...options, site: { ...options.site, feeds: { ...options.site.feeds, maxBodyBytes: 2048, maxBytes: 16384 } } };
    const articles = Array.from({ length: 12 }, (_, index) => ({ ...parsed.article!, id: `urn:x:${index}`, slug: `s-${index}`, datePublished: `2025-02-13T10:${String(10 + index).padStart(2, '0')}:00+01:00` }));
    const { outputs, diagnostics } = renderAll(articles, small);
    const json = JSON.parse(outputs.find((output) => output.path === 'feeds/en/feed.json')?.content ?? '{}') as { items: { id: string; content_html: string }[] };
    const html = json.items[0]?.content_html ?? '';
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(2048);
    expect(html).toMatch(/<\/p>\n<p><a href="https:\/\/www\.ansa\.it\/[^"]+">Continue reading<\/a><\/p>$/);
    // Whole paragraphs only, in order.
    expect(html).toContain(`<p>${paragraph} (0)</p>`);
    for (const output of outputs.filter((item) => item.path.startsWith('feeds/en/'))) expect(Buffer.byteLength(output.content)).toBeLessThanOrEqual(16384);
    // The newest items stayed, the same in every format, and the build says how many were left out.
    expect(json.items[0]?.id).toBe('urn:x:11');
    expect(json.items.length).toBeLessThan(12);
    expect(diagnostics.find((item) => item.ruleId === 'feed-budget' && item.file === 'feeds/en/')?.message).toContain(`The ${12 - json.items.length} oldest of 12 items`);
    const rss = outputs.find((output) => output.path === 'feeds/en/rss.xml')?.content ?? '';
    expect(rss.match(/<item>/g)?.length).toBe(json.items.length);
  });
});

describe('an exception no rule foresaw', () => {
  it('still becomes an error naming the article, not a crash of the build', async () => {
    // A template that cannot render stands in for a library failing on some input nobody has met yet.
    const broken = { ...options, pageTemplate: undefined as unknown as RenderOptions['pageTemplate'] };
    const result = await processSource({ file: '/x/content/story.md', shown: 'content/story.md', bytes: Buffer.from(articleSource()) }, broken);
    expect(result.outputs).toEqual([]);
    expect(result.diagnostics.map((item) => [item.file, item.ruleId, item.severity, item.line])).toEqual([['content/story.md', 'article-unprocessable', 'error', 1]]);
    expect(result.diagnostics[0]?.message).toMatch(/^wirekit could not process this article: .+ \(a wirekit bug: please report it with this file\)$/);
  });
});

describe('hostile articles through the real CLI', () => {
  it('refuses alias bombs, markup and deep nesting with exit 1 and the file named; out/ stays as it was', async () => {
    const project = projectCopy();
    const first = await runCli(['build'], { cwd: project });
    expect(first.code).toBe(0);
    const before = snapshot(path.join(project, 'out'));
    const bombs = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    const cases: [string, string, RegExp][] = [
      ['bomb.md', articleSource({ slug: 'bomb' }).replace('---\n', `---\n${bombs}\n`), /content\/bomb\.md\n\s*\d+:\d+ +error +Invalid YAML: aliases expand to more than 100 copies/],
      ['markup.md', articleSource({ slug: 'markup', headline: '"</script><script>alert(1)</script>"' }), /content\/markup\.md\n\s*4:11 +error +Field `headline`: expected plain text, found HTML markup/],
      ['deep.md', articleSource({ slug: 'deep' }, `${'>'.repeat(20000)} deep\n`), /content\/deep\.md\n\s*\d+:\d+ +error +The body nests quotes, lists or emphasis/],
      ['yaml-deep.md', articleSource({ slug: 'yaml-deep' }).replace('---\n', `---\nextra: ${'['.repeat(20000)}${']'.repeat(20000)}\n`), /content\/yaml-deep\.md\n\s*\d+:\d+ +error +Invalid YAML/],
    ];
    for (const [name, text, expected] of cases) {
      const file = path.join(project, 'content', name);
      writeFileSync(file, text);
      const result = await runCli(['build'], { cwd: project });
      expect(result.code, result.stderr).toBe(1);
      expect(`${result.stdout}${result.stderr}`).toMatch(expected);
      expect(result.stderr).not.toMatch(/internal error|    at /);
      expect(snapshot(path.join(project, 'out'))).toEqual(before);
      unlinkSync(file);
    }
  }, 120_000);

  it('builds a 10 MB body into feeds under 1 MiB that wirekit validate --strict passes', async () => {
    const project = projectCopy();
    const paragraph = 'Donald Trump recently expressed his agreement with Vladimir Putin on starting negotiations over the war in Ukraine, the Kremlin said.';
    const body = `${Array.from({ length: Math.ceil(10_000_000 / paragraph.length) }, () => paragraph).join('\n\n')}\n\nCopyright © ANSA\n`;
    writeFileSync(path.join(project, 'content', 'huge.md'), articleSource({ slug: 'huge', datePublished: '2025-02-14T10:00:00+01:00' }, body));
    const build = await runCli(['build'], { cwd: project });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    for (const name of ['rss.xml', 'atom.xml', 'feed.json']) {
      expect(Buffer.byteLength(readFileSync(path.join(project, 'out', 'feeds', 'en', name)))).toBeLessThanOrEqual(1024 * 1024);
    }
    const checked = await runCli(['validate', 'out', '--strict'], { cwd: project });
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  }, 120_000);
});
