import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { mulberry32, seedSentences, syntheticArticle } from '../src/bench/corpus.js';
import { proseTree } from '../src/article/prose-tree.js';
import { CONTENT } from './helpers.js';

/** The parsers the shortcut must agree with: remark as src/article/parse.ts configures it. */
const commonmark = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();
const gfm = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** Compares with both parsers; returns whether the shortcut applied. */
function agrees(text: string): boolean {
  const fast = proseTree(text);
  if (fast === undefined) return false;
  expect(fast, JSON.stringify(text)).toEqual(commonmark.parse(text));
  expect(fast, JSON.stringify(text)).toEqual(gfm.parse(text));
  return true;
}

describe('plain-prose shortcut for the markdown parse', () => {
  it('gives remark’s tree, positions included, whenever it applies (fuzzed with markdown-significant text)', () => {
    const pieces = [
      'a', 'W', 'w', 's', 'x', '1', '42', ' ', '  ', '   ', '    ', '.', ',', ':', ';', '!', '?', "'", '"', '(', ')', '-', '--', '---', '+', '*', '_', '`',
      '#', '[', ']', '<', '>', '&', 'amp;', '|', '~', '=', '===', '@', '/', '\\', '^', '\t', '\r', '\r\n', '\u0000', '\u000c', '\u00a0', 'é', '“', '’', '—',
      'ع', '😀', '\ud800', 'www.', 'http://', 'https', 'mailto:', '1. ', '2)', '- ', '> ', '* ', '+ ', '![', '](', '[^1]', '&#x41;', '<b>', '```', '~~~', '\n', '\n\n', '\n \n',
    ];
    const common = ['a', 'W', 'w', 's', 'x', '1', ' ', '.', ',', ':', '!', '?', "'", '"', '(', ')', '-', 'é', '’', '—', '😀', '\n', '\n', '\n\n'];
    const random = mulberry32(20250213);
    const pick = (pool: readonly string[]): string => pool[Math.floor(random() * pool.length)] ?? '';
    const piece = (): string => pick(random() < 0.85 ? common : pieces);
    const run = (length: number): string => Array.from({ length }, piece).join('');
    const fences = ['---\n', '---  \n', '--- \n', '----\n', '---\t\n', '---\r\n', '--\n', ''];
    const closings = ['---\n', '---', '---  \n', '--- x\n', '----\n', '...\n', '---\r\n', ''];
    let applied = 0;
    for (let sample = 0; sample < 20000; sample++) {
      const opening = random() < 0.9 ? '---\n' : pick(fences);
      const yaml = random() < 0.1 ? '' : `slug: a\nheadline: ${run(1 + Math.floor(random() * 6))}\n`.replace(/\n---/g, '\n-- -');
      const closing = random() < 0.9 ? '---\n' : pick(closings);
      const body = run(Math.floor(random() * 40));
      if (agrees(opening + yaml + closing + body)) applied++;
    }
    // The fuzz must exercise the shortcut, not only its refusals.
    expect(applied).toBeGreaterThan(3000);
  });

  it('applies to every synthetic bench article and to the bundled content it can take, with remark’s tree', async () => {
    const sentences = await seedSentences(CONTENT);
    const random = mulberry32(7);
    for (let index = 0; index < 200; index++) expect(agrees(syntheticArticle(index, sentences, random).text)).toBe(true);
    for (const name of readdirSync(CONTENT).filter((file) => file.endsWith('.md'))) agrees(readFileSync(path.join(CONTENT, name), 'utf8'));
  });

  it('declines markdown syntax, missing front matter and text it cannot place exactly', () => {
    const front = '---\nslug: a\n---\n';
    for (const body of ['# Title', 'a *b*', 'a _b_', '- item', '1. item', '> quote', 'a  \nb', '    code', 'a\n===', 'a\n---', '[a]: /b', 'a <b>', 'a &amp; b', 'www.example.com', 'a@b.c', 'a | b', '~~a~~', 'a\\b', 'a\tb', 'a\r\nb', ' lead']) {
      expect(proseTree(front + body), body).toBeUndefined();
    }
    for (const text of ['no front matter', '---\nslug: a\n', '--- x\nslug: a\n---\nbody', '\n---\nslug: a\n---\nbody']) expect(proseTree(text), text).toBeUndefined();
    expect(agrees(`${front}\nOne line.\nSame paragraph.\n\n   \nSecond paragraph — “quoted”, 42 (x).\n`)).toBe(true);
  });
});
