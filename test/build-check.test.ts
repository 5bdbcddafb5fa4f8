import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../src/build/build.js';
import { checkOutputs, outputFormat } from '../src/build/check.js';
import { detectFormat } from '../src/validate/detect.js';
import { jsonLdBlocks } from '../src/validate/html-page.js';
import { validate } from '../src/validate/index.js';
import { contentArticles, repoRenderOptions } from './helpers.js';

describe('the build’s check is `wirekit validate` on the bytes written', () => {
  it('finds in every output what validating the written files finds, a spoiled one and a lone surrogate included', async () => {
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs.filter((output) => outputFormat(output) !== undefined);
    const jsonld = rendered.find((output) => output.path.endsWith('.jsonld'));
    const item = rendered.find((output) => output.path.startsWith('newsml/'));
    if (!jsonld || !item) throw new Error('expected a .jsonld file and a NewsML-G2 item');
    // A lone surrogate is written as U+FFFD: what a reader of the file meets is what is checked.
    const spoiled = [
      { ...jsonld, path: jsonld.path.replace(/\.jsonld$/, '.spoiled.jsonld'), content: jsonld.content.replace('"headline": "', `"headline": "\ud800${'Too long for Google. '.repeat(6)}`) },
      { ...item, path: item.path.replace(/\.xml$/, '.spoiled.xml'), content: item.content.replace('<itemMeta>', '<itemMeta><pubStatus qcode="usable"/>') },
    ];
    const outputs = [...rendered, ...spoiled];
    const folder = mkdtempSync(path.join(tmpdir(), 'wirekit-check-'));
    for (const output of outputs) {
      mkdirSync(path.dirname(path.join(folder, 'out', output.path)), { recursive: true });
      writeFileSync(path.join(folder, 'out', output.path), output.content);
    }
    const byBuild = await checkOutputs(outputs);
    const byUser = await validate(outputs.map((output) => path.join(folder, 'out', output.path)), { skippedSeverity: 'info' });
    const relative = byUser.diagnostics.map((found) => ({ ...found, file: path.relative(folder, found.file) }));
    expect(byBuild.filter((found) => found.severity !== 'info')).toEqual(relative.filter((found) => found.severity !== 'info'));
    expect(new Set(byBuild.filter((found) => found.severity !== 'info').map((found) => found.file))).toEqual(new Set(spoiled.map((output) => `out/${output.path}`)));
    expect(byBuild.some((found) => found.ruleId === 'google-article-headline' && found.file.endsWith('.spoiled.jsonld'))).toBe(true);
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
    const own = await validate(documents);
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
    const own = await validate(documents);
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

