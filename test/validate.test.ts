import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../src/build/build.js';
import { checkOutputs } from '../src/build/check.js';
import { detectFormat } from '../src/validate/detect.js';
import { validate, validateDocument } from '../src/validate/index.js';
import { RULES } from '../src/util/rules.js';
import { checkIsoDate, checkRfc3339, checkRfc822, isLanguageTag } from '../src/validate/values.js';
import { contentArticles, REPO, repoRenderOptions, specPath, specsAvailable } from './helpers.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'validate');
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, { ruleId: string; line?: number; column?: number }>;
const fixtures = readdirSync(FIXTURES).filter((name) => name !== 'expected.json').sort();
const hasSpecs = specsAvailable('validate: schema.org vocabulary, NewsML-G2 XSD and ninjs schema checks');
const schemasDir = hasSpecs ? specPath() : undefined;
const options = schemasDir ? { schemasDir } : {};

/** Rules exercised by code tests (hostile input, I/O) rather than by a fixture pair. */
const CODE_TESTED = new Set(['feed-size', 'input-too-large', 'input-encoding', 'input-read', 'read', 'too-many-diagnostics', 'official-check-skipped']);
/** Rows of the rule table that are not `wirekit validate`'s format rules: tested where they are reported. */
const NOT_FORMAT_RULES = new Set(['article', 'config', 'build', 'server', 'newsml', 'ninjs']);

describe('validate: every rule has a failing and a passing fixture', () => {
  it('covers each documented rule', () => {
    const missing = Object.entries(RULES)
      .filter(([id, doc]) => !CODE_TESTED.has(id) && !NOT_FORMAT_RULES.has(doc.scope))
      .map(([id]) => id)
      .filter((id) => !fixtures.some((name) => name.startsWith(`${id}.fail.`)) || !fixtures.some((name) => name.startsWith(`${id}.pass.`)));
    expect(missing).toEqual([]);
  });

  it('documents each rule with a spec link', () => {
    for (const [id, doc] of Object.entries(RULES)) {
      expect(doc.url, id).toMatch(/^https:\/\//);
      expect(doc.summary.length, id).toBeGreaterThan(10);
    }
  });

  for (const name of fixtures.filter((file) => file.includes('.fail.'))) {
    const want = expected[name];
    it(`${name} breaks ${want?.ruleId ?? '?'}${want?.line ? ` at ${want.line}:${want.column}` : ''}`, async () => {
      expect(want, `expected.json has no entry for ${name}`).toBeDefined();
      if (!want) return;
      if (!schemasDir && /^(?:jsonld-(?:unknown|property|value|superseded|date))/.test(want.ruleId)) return; // needs the vocabulary
      const result = await validate(path.join(FIXTURES, name), options);
      const hits = result.diagnostics.filter((item) => item.ruleId === want.ruleId);
      expect(hits.length, JSON.stringify(result.diagnostics, null, 1)).toBeGreaterThan(0);
      if (want.line !== undefined) expect(hits.map((hit) => `${hit.line}:${hit.column}`)).toContain(`${want.line}:${want.column}`);
      for (const hit of hits) {
        expect(hit.message.length).toBeGreaterThan(10);
        expect(hit.url).toMatch(/^https:\/\//);
        expect(hit.file).toBe(path.join(FIXTURES, name));
      }
    });
  }

  for (const name of fixtures.filter((file) => file.includes('.pass.') || file.startsWith('valid.'))) {
    it(`${name} passes with no errors or warnings`, async () => {
      const result = await validate(path.join(FIXTURES, name), options);
      const problems = result.diagnostics.filter((item) => item.severity !== 'info' && (schemasDir || item.ruleId !== 'official-check-skipped'));
      expect(problems).toEqual([]);
      expect(result.files[0]?.format).toBeDefined();
    });
  }
});

describe('validate: format detection', () => {
  it.each([
    ['valid.rss.xml', 'rss'],
    ['valid.atom.xml', 'atom'],
    ['valid.feed.json', 'jsonfeed'],
    ['valid.jsonld', 'jsonld'],
    ['valid.html', 'html'],
    ['valid.sitemap.xml', 'news-sitemap'],
  ])('%s is %s', (name, format) => {
    expect(detectFormat(readFileSync(path.join(FIXTURES, name), 'utf8'), name).format).toBe(format);
  });

  it('says why a document is of no known format', () => {
    expect(detectFormat('hello').reason).toMatch(/neither JSON nor XML/);
    expect(detectFormat('<rdf:RDF xmlns:rdf="x"/>').reason).toMatch(/RSS 1.0/);
    expect(detectFormat('{"a": 1}').reason).toMatch(/JSON/);
  });
});

describe('validate: value rules', () => {
  it('RFC 822 dates: zone and four-digit year required, weekday must match', () => {
    expect(checkRfc822('Thu, 13 Feb 2025 09:41:00 +0100').ok).toBe(true);
    expect(checkRfc822('13 Feb 2025 09:41 GMT').ok).toBe(true);
    expect(checkRfc822('Fri, 13 Feb 2025 09:41:00 +0100').ok).toBe(false);
    expect(checkRfc822('2025-02-13T09:41:00+01:00').ok).toBe(false);
    expect(checkRfc822('Thu, 30 Feb 2025 09:41:00 +0100').ok).toBe(false);
  });
  it('RFC 3339 needs an offset; ISO 8601 reports whether it has one', () => {
    expect(checkRfc3339('2025-02-13T09:41:00Z').ok).toBe(true);
    expect(checkRfc3339('2025-02-13T09:41:00').ok).toBe(false);
    expect(checkIsoDate('2025-02-13T09:41:00', 'datetime')).toMatchObject({ ok: true, hasOffset: false });
    expect(checkIsoDate('2025-02-13', 'date').ok).toBe(true);
  });
  it('language codes', () => {
    expect(isLanguageTag('en-us')).toBe(true);
    expect(isLanguageTag('pt-BR')).toBe(true);
    expect(isLanguageTag('en_US')).toBe(false);
    expect(isLanguageTag('english')).toBe(false);
  });
});

describe('validate: official schemas', () => {
  it('reports a missing official check plainly, never a silent pass', async () => {
    const result = await validate(path.join(FIXTURES, 'valid.jsonld'), { schemasDir: path.join(REPO, 'no-such-folder') });
    const note = result.diagnostics.find((item) => item.ruleId === 'official-check-skipped');
    expect(note?.severity).toBe('warning');
    expect(note?.message).toMatch(/schema\.org vocabulary checks.*skipped|skipped: schema\.org/i);
  });

  it.runIf(hasSpecs)("IPTC's official NewsML-G2 examples and ninjs 3.x examples pass", async () => {
    const files = [
      specPath('newsml-g2-2.35', 'examples', 'LISTING_1_A_NewsML-G2_News_Item.xml'),
      specPath('newsml-g2-2.35', 'examples', 'LISTING_2_NewsML-G2_Text_Document.xml'),
      specPath('newsml-g2-2.35', 'examples', 'LISTING_22_Sports_story_in_NewsML-G2NITF.xml'),
      specPath('newsml-g2-2.35', 'examples', 'LISTING_29_Hop_History.xml'),
      ...readdirSync(specPath('ninjs', 'examples'))
        .filter((name) => name.startsWith('3.'))
        .map((name) => specPath('ninjs', 'examples', name)),
    ];
    const result = await validate(files, { schemasDir: specPath() });
    expect(result.diagnostics.filter((item) => item.severity !== 'info')).toEqual([]);
    expect(result.files.map((file) => file.format)).not.toContain(undefined);
  });
});

describe('validate: the build’s own outputs', () => {
  /**
   * Warnings the W3C Feed Validation Service also gives on the build's own output today (issue 17,
   * finding 1: an Atom entry of a translation without summary or body). They are reported, not
   * hidden; the build change that stops producing them makes this list shrink, never grow.
   */
  // The one finding of issue 17 (the Italian version of the Kremlin story had no standfirst) is gone:
  // the sample now carries it, as issue 16 asks the sample to build without warnings.
  const KNOWN_BUILD_FINDINGS = new Set<string>();

  it('everything the build writes passes with zero errors and no warnings but the known findings', async () => {
    const { outputs } = renderAll(await contentArticles(), await repoRenderOptions());
    const result = await validate(
      outputs.map((output) => ({ path: `out/${output.path}`, content: output.content })),
      { ...options, unknownFormat: 'skip' },
    );
    const checked = result.files.filter((file) => file.format !== undefined).map((file) => file.format);
    expect(new Set(checked).size).toBeGreaterThanOrEqual(3);
    // Without ../shared/specs the only notes allowed are the ones saying which official check was skipped.
    const skippedOnly = (item: { severity: string; ruleId: string }): boolean => !schemasDir && item.ruleId === 'official-check-skipped';
    const known = (item: { file: string; ruleId: string }): boolean => KNOWN_BUILD_FINDINGS.has(`${item.file} ${item.ruleId}`);
    expect(result.diagnostics.filter((item) => item.severity !== 'info' && !skippedOnly(item) && !(item.severity === 'warning' && known(item)))).toEqual([]);
  });

  it('checkOutputs flags a broken output and skips markdown', async () => {
    const broken = await checkOutputs(
      [
        { path: 'feeds/en/rss.xml', mediaType: 'application/rss+xml', content: '<rss version="2.0"><channel><title>x</title></channel></rss>' },
        { path: 'articles/x.md', mediaType: 'text/markdown; charset=utf-8', content: '# hi' },
      ],
      options,
    );
    expect(broken.map((item) => item.ruleId)).toContain('feed-missing-element');
    expect(broken.every((item) => item.file === 'out/feeds/en/rss.xml')).toBe(true);
  });

  it('validateDocument checks one in-memory document', async () => {
    const report = await validateDocument(readFileSync(path.join(FIXTURES, 'valid.feed.json'), 'utf8'), { file: 'feed.json' });
    expect(report.format).toBe('jsonfeed');
    expect(report.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
  });
});

describe('validate: a JSON-LD text in several files', () => {
  /** 1-based line:column of `offset` in `text`, counted by slicing (independent of LineIndex). */
  const placeBySlicing = (text: string, offset: number): string => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${(before.at(-1) ?? '').length + 1}`;
  };
  const offsetOf = (text: string, line: number, column: number): number => text.split('\n').slice(0, line - 1).reduce((sum, row) => sum + row.length + 1, 0) + column - 1;

  it('reports each finding in every file that holds the text, at its place there', async () => {
    const json = readFileSync(path.join(FIXTURES, 'google-article-author.fail.jsonld'), 'utf8');
    const head = '<!doctype html>\n<html><head><title>t</title><script type="application/ld+json">';
    const page = `${head}${json}</script>\n<script type="application/ld+json">\n${json}</script></head><body></body></html>\n`;
    const starts = [head.length, page.indexOf(json, head.length + json.length)];
    const together = await validate([
      { path: 'a.jsonld', content: json },
      { path: 'page.html', content: page },
    ], options);
    const alone = await validate({ path: 'a.jsonld', content: json }, options);
    const ofFile = (file: string): string[] => together.diagnostics.filter((item) => item.file === file).map((item) => `${item.line}:${item.column} ${item.ruleId}`);
    const standalone = alone.diagnostics.filter((item) => item.line !== undefined);
    expect(standalone.some((item) => item.ruleId === 'google-article-author')).toBe(true);
    expect(ofFile('a.jsonld')).toEqual(alone.diagnostics.map((item) => `${item.line}:${item.column} ${item.ruleId}`));
    // Each finding of the file, once per block of the page, where the block puts it.
    const expectedInPage = starts.flatMap((start) => standalone.map((item) => `${placeBySlicing(page, start + offsetOf(json, item.line ?? 1, item.column ?? 1))} ${item.ruleId}`));
    expect(ofFile('page.html').sort()).toEqual(expectedInPage.sort());
  });
});
