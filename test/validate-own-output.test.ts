import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../src/build/build.js';
import { outputFormat } from '../src/build/check.js';
import { detectFormat } from '../src/validate/detect.js';
import { hasStringUri } from '../src/validate/ninjs.js';
import { jsonLdBlocks } from '../src/validate/html-page.js';
import { validate } from '../src/validate/index.js';
import type { JsonNode } from '../src/validate/json.js';
import type { Diagnostic } from '../src/util/diagnostics.js';
import { parseJson, placeQuickDiagnostics, quickJson, toPlain } from '../src/validate/json.js';
import { Report } from '../src/validate/rules.js';
import { contentArticles, REPO, repoRenderOptions, specPath, specsAvailable } from './helpers.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'validate');
const hasSpecs = specsAvailable('validate (own output): schema.org vocabulary and ninjs schema checks');
const options = hasSpecs ? { schemasDir: specPath() } : {};

/** A problem found in a document (not a note, nor the notice that an official check was skipped). */
const isFinding = (item: Diagnostic): boolean => item.severity !== 'info' && item.ruleId !== 'official-check-skipped';

/** The build's check reads its own JSON with JSON.parse first; what it reports must not change. */
describe('validate with ownOutput (the build’s check of its own files)', () => {
  const jsonFixtures = readdirSync(FIXTURES).filter((name) => /\.(jsonld|json|html)$/.test(name)).sort();

  it('reports what the positioned check reports, places included, on every JSON, JSON-LD and HTML fixture', async () => {
    expect(jsonFixtures.length).toBeGreaterThan(20);
    let withFindings = 0;
    for (const name of jsonFixtures) {
      const document = { path: name, content: readFileSync(path.join(FIXTURES, name), 'utf8') };
      const plain = await validate(document, options);
      const own = await validate(document, { ...options, ownOutput: true });
      expect(own.diagnostics, name).toEqual(plain.diagnostics);
      if (plain.diagnostics.some((item) => item.line !== undefined)) withFindings++;
      for (const item of own.diagnostics) if (item.line !== undefined) expect(item.line, name).toBeGreaterThan(0);
    }
    // Most fixtures fail a rule at a place: the fallback to the positioned parse is exercised.
    expect(withFindings).toBeGreaterThan(10);
  });

  it('misses a repeated key, which JSON.stringify cannot write: the reason it is never used on files from elsewhere', async () => {
    const document = { path: 'twice.jsonld', content: '{"@context": "https://schema.org", "@type": "Thing", "name": "a", "name": "b"}' };
    const rules = async (own: boolean): Promise<string[]> => (await validate(document, { ...options, ownOutput: own })).diagnostics.map((item) => item.ruleId);
    expect(await rules(false)).toContain('json-duplicate-key');
    expect(await rules(true)).not.toContain('json-duplicate-key');
  });

  // The dedupe runs with the schema.org vocabulary only, and so does the unknown-property rule.
  it.runIf(hasSpecs)('checks a graph the page shares with its .jsonld once, and still reports a bad one in both files', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs;
    const documents = rendered.filter((output) => /\.(jsonld|html)$/.test(output.path)).map((output) => ({ path: output.path, content: output.content }));
    expect((await validate(documents, { ...options, ownOutput: true })).diagnostics.filter(isFinding)).toEqual([]);

    const jsonld = documents.find((document) => document.path.endsWith('.jsonld'));
    const page = documents.find((document) => document.path === jsonld?.path.replace(/\.jsonld$/, '.html'));
    if (!jsonld || !page) throw new Error('expected a .jsonld file and its page');
    const spoil = (text: string): string => text.replace('"@type": "NewsArticle"', '"@type": "NewsArticle", "noSuchProperty": 1').replace('"@type":"NewsArticle"', '"@type":"NewsArticle","noSuchProperty":1');
    const spoiled = [{ ...jsonld, content: spoil(String(jsonld.content)) }, { ...page, content: spoil(String(page.content)) }];
    expect(spoiled[0]?.content).not.toBe(jsonld.content);
    expect(spoiled[1]?.content).not.toBe(page.content);
    const own = await validate(spoiled, { ...options, ownOutput: true });
    const plain = await validate(spoiled, options);
    expect(own.diagnostics).toEqual(plain.diagnostics);
    expect(new Set(own.diagnostics.filter((item) => item.severity !== 'info').map((item) => item.file))).toEqual(new Set([jsonld.path, page.path]));
  });
});

describe('a page and its .jsonld file, checked together as the build does', () => {
  it('share one JSON-LD text: the page embeds the file as it is', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs;
    const files = rendered.filter((output) => output.path.endsWith('.jsonld'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const page = rendered.find((output) => output.path === file.path.replace(/\.jsonld$/, '.html'));
      expect(page && jsonLdBlocks(page.content).map((block) => block.text), file.path).toEqual([file.content]);
    }
  });

  it('report a problem of that text in both files, at each file’s own places', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs;
    const jsonld = rendered.find((output) => output.path.endsWith('.jsonld'));
    const page = rendered.find((output) => output.path === jsonld?.path.replace(/\.jsonld$/, '.html'));
    if (!jsonld || !page) throw new Error('expected a .jsonld file and its page');
    // The same edit in both keeps the page's block identical to the file.
    const spoil = (text: string): string => text.replace('"headline": "', `"headline": "${'Too long for Google. '.repeat(6)}`);
    const documents = [jsonld, page].map((output) => ({ path: output.path, content: spoil(output.content) }));
    expect(documents.map((document) => document.content)).not.toEqual([jsonld.content, page.content]);
    const own = await validate(documents, { ownOutput: true });
    expect(own.diagnostics).toEqual((await validate(documents)).diagnostics);
    const found = own.diagnostics.filter((item) => item.ruleId === 'google-article-headline');
    expect(found.map((item) => item.file).sort()).toEqual([jsonld.path, page.path].sort());
    // At the headline in each file: its line in the page is further down (after the <head> lines).
    expect(new Set(found.map((item) => item.line)).size).toBe(2);
  });

  it('place a finding on the text’s first line at the block’s column in the page, its later lines below the block’s line', async () => {
    // Findings on the first line of the text and on later lines: the page's places are the file's,
    // shifted to where the block starts (mid-line, after the script tag).
    const text = `{"@context": "https://schema.org", "@type": "NewsArticle",\n"headline": "${'Too long for Google. '.repeat(6)}"}`;
    const documents = [
      { path: 'out/articles/a.jsonld', content: text },
      { path: 'out/articles/a.html', content: `<!doctype html>\n<html lang="en">\n<head><title>A</title>\n  <script type="application/ld+json">${text}</script>\n</head><body></body></html>\n` },
    ];
    const own = await validate(documents, { ownOutput: true });
    const plain = await validate(documents);
    expect(own.diagnostics).toEqual(plain.diagnostics);
    const inPage = own.diagnostics.filter((item) => item.file === 'out/articles/a.html' && item.line !== undefined);
    expect(inPage.some((item) => item.line === 4 && (item.column ?? 0) > 30)).toBe(true);
    expect(inPage.some((item) => item.line === 5)).toBe(true);
  });
});

describe('formats of the build’s outputs', () => {
  it('are what detecting them from their content gives, for every output that names one', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs;
    const named = rendered.filter((output) => outputFormat(output) !== undefined);
    expect(new Set(named.map((output) => outputFormat(output)))).toEqual(new Set(['jsonld', 'html', 'newsml-item', 'newsml-message', 'ninjs', 'rss', 'atom', 'jsonfeed', 'news-sitemap']));
    for (const output of named) expect(outputFormat(output), output.path).toBe(detectFormat(output.content, output.path).format);
  });

  it('leave unchecked only outputs of no format the validator knows (markdown, headlines.json, the template stylesheet)', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs;
    const unnamed = rendered.filter((output) => outputFormat(output) === undefined);
    expect(new Set(unnamed.map((output) => output.path.replace(/^.*\./, '')))).toEqual(new Set(['md', 'json', 'css']));
    for (const output of unnamed) expect(detectFormat(output.content, output.path).format, output.path).toBeUndefined();
  });
});

describe('ninjs with ownOutput', () => {
  it('reports what the positioned check reports without the schema, on every rendered ninjs document and a broken one', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs.filter((output) => output.path.startsWith('ninjs/'));
    const broken = { path: 'ninjs/broken.json', content: JSON.stringify({ uri: 42, headlines: [] }, null, 2) };
    expect(rendered.length).toBeGreaterThan(0);
    for (const output of [...rendered, broken]) {
      const document = { path: output.path, content: output.content, format: 'ninjs' as const };
      const own = await validate(document, { ownOutput: true });
      expect(own.diagnostics, output.path).toEqual((await validate(document, {})).diagnostics);
      expect(own.diagnostics.some((item) => item.ruleId === 'ninjs-uri')).toBe(output === broken);
    }
  });

  it('reports what the positioned check reports on a spoiled ninjs document, places included', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs;
    const ninjs = rendered.find((output) => output.path.startsWith('ninjs/'));
    if (!ninjs) throw new Error('expected a ninjs document among the outputs');
    const value = JSON.parse(ninjs.content) as Record<string, unknown>;
    const spoiled = JSON.stringify({ ...value, uri: 42, unknownField: true, version: 'one' }, null, 2);
    const document = { path: ninjs.path, content: spoiled, format: 'ninjs' as const };
    const plain = await validate(document, options);
    const own = await validate(document, { ...options, ownOutput: true });
    expect(plain.diagnostics.filter((item) => item.line !== undefined).length).toBeGreaterThan(0);
    expect(own.diagnostics).toEqual(plain.diagnostics);
    const clean = await validate({ ...document, content: ninjs.content }, { ...options, ownOutput: true });
    expect(clean.diagnostics.filter(isFinding)).toEqual([]);
  });
});

describe('hasStringUri (the ninjs check of its own output without the schema)', () => {
  it('says what JSON.parse says of any value JSON.stringify writes, in any layout', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs.filter((output) => output.path.startsWith('ninjs/'));
    const tricky = 'a\n  "uri": "x';
    const values: unknown[] = [
      ...rendered.map((output) => JSON.parse(output.content) as unknown),
      { uri: 'u' }, { uri: 42 }, { uri: null }, { uri: ['u'] }, { URI: 'u' }, { 'uri ': 'u' }, {},
      { headline: tricky }, { headline: tricky, uri: 7 }, { nested: { uri: 'u' } }, { nested: [{ uri: 'u' }] },
      [{ uri: 'u' }], ['\n  "uri": "u'], 'uri', 42, null, { [tricky]: 'u' }, { a: { b: tricky } },
    ];
    for (const value of values) {
      const truth = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { uri?: unknown }).uri === 'string';
      for (const layout of [undefined, 2, 4, '\t']) {
        const text = JSON.stringify(value, null, layout);
        expect(hasStringUri(text), text).toBe(truth);
      }
    }
  });
});

describe('quickJson', () => {
  it('gives parseJson’s value, and stand-in places that placeQuickDiagnostics maps to parseJson’s', () => {
    const text = JSON.stringify({ a: [1, 'two', null, true, { b: -0.5e3 }], '': {}, ['__proto__']: 'x', c: '\u2028</script>', d: { e: [[], {}] } }, null, 2);
    const quick = quickJson(text);
    const positioned = parseJson(text, new Report('x'));
    expect(quick?.value).toEqual(positioned.value);
    expect(quick?.root && toPlain(quick.root)).toEqual(positioned.value);
    // Every node and key, in both trees, side by side: the stand-in resolves to the true place.
    const pairs: [{ line: number; column: number }, { line: number; column: number }][] = [];
    const walk = (fast: JsonNode, slow: JsonNode): void => {
      pairs.push([fast.place, slow.place]);
      if (fast.kind === 'object' && slow.kind === 'object') {
        fast.entries.forEach((entry, index) => {
          const other = slow.entries[index];
          if (!other) throw new Error('entries differ');
          pairs.push([entry.keyPlace, other.keyPlace]);
          walk(entry.value, other.value);
        });
      } else if (fast.kind === 'array' && slow.kind === 'array') {
        fast.items.forEach((item, index) => walk(item, slow.items[index] as JsonNode));
      }
    };
    if (!quick?.root || !positioned.root) throw new Error('both parse');
    walk(quick.root, positioned.root);
    expect(pairs.length).toBe(22);
    const found = pairs.map(([standIn], index) => ({ file: 'x', severity: 'info' as const, ruleId: `r${index}`, message: '', line: standIn.line, column: standIn.column }));
    expect(found.every((item) => item.line === 0)).toBe(true);
    const placed = placeQuickDiagnostics(text, found);
    expect(placed.map((item) => ({ line: item.line, column: item.column }))).toEqual(pairs.map(([, place]) => place));
  });

  it('declines what the positioned parser must explain: bad syntax and broken limits', () => {
    expect(quickJson('{"a": 1,}')).toBeUndefined();
    expect(quickJson('\ufeff{}')).toBeUndefined();
    expect(quickJson('[[[[1]]]]', { maxDepth: 3 })).toBeUndefined();
    expect(quickJson('[1, 2, 3]', { maxNodes: 3 })).toBeUndefined();
    expect(quickJson('[1, 2, 3]', { maxNodes: 4 })).toBeDefined();
  });
});
