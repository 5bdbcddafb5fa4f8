import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { mulberry32, seedSentences } from '../src/bench/corpus.js';
import { bodyMarkdown, plainProse } from '../src/formats/markdown.js';
import { CONTENT, contentArticles } from './helpers.js';

/** The serializer the shortcut must agree with: the same options as src/formats/markdown.ts. */
const reference = unified()
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fence: '`', fences: true, rule: '-', listItemIndent: 'one' })
  .freeze();

const prose = (...paragraphs: string[]): Root => ({
  type: 'root',
  children: paragraphs.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
});

describe('plain-prose shortcut for body markdown', () => {
  it('writes what remark-stringify writes whenever it applies (fuzzed with markdown-significant text)', () => {
    const pieces = [
      'a', 'W', 'w', 's', 'p', 'x', '1', '42', ' ', '  ', '.', ',', ':', ';', '!', '?', "'", '"', '(', ')', '-', '--', '+', '*', '_', '`',
      '#', '[', ']', '<', '>', '&', 'amp;', '|', '~', '=', '@', '/', '\\', '^', '\t', '\n', '\u00a0', 'é', '“', '”', '’', '—', 'ع', '😀',
      'www.', 'http://', '1. ', '- ', '> ', '    ', 'a_b', '$',
    ];
    // Mostly prose-like pieces, so many samples pass the guard and get compared.
    const common = ['a', 'W', 'w', 's', 'p', 'x', '1', ' ', '.', ',', ':', '!', '?', "'", '"', '(', ')', '-', 'é', '’', '—'];
    const random = mulberry32(2025);
    const pick = (): string => {
      const pool = random() < 0.8 ? common : pieces;
      return pool[Math.floor(random() * pool.length)] ?? '';
    };
    let applied = 0;
    for (let sample = 0; sample < 30000; sample++) {
      const paragraphs = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        let text = '';
        const length = 1 + Math.floor(random() * 12);
        for (let index = 0; index < length; index++) text += pick();
        return text;
      });
      const tree = prose(...paragraphs);
      const fast = plainProse(tree);
      if (fast === undefined) continue;
      applied++;
      expect(fast, JSON.stringify(paragraphs)).toBe(reference.stringify(tree));
    }
    // The fuzz must exercise the shortcut, not only its refusals.
    expect(applied).toBeGreaterThan(3000);
  });

  it('applies to the sentences of the seed story and writes them unchanged', async () => {
    const sentences = await seedSentences(CONTENT);
    expect(sentences.length).toBeGreaterThan(10);
    const tree = prose(...sentences);
    const covered = sentences.filter((sentence) => plainProse(prose(sentence)) !== undefined);
    expect(covered.length / sentences.length).toBeGreaterThan(0.8);
    for (const sentence of covered) expect(plainProse(prose(sentence))).toBe(reference.stringify(prose(sentence)));
    expect(bodyMarkdown(tree)).toBe(reference.stringify(tree));
  });

  it('gives way to remark-stringify for anything but one-text paragraphs', async () => {
    expect(plainProse({ type: 'root', children: [] })).toBeUndefined();
    expect(plainProse({ type: 'root', children: [{ type: 'heading', depth: 1, children: [{ type: 'text', value: 'Title' }] }] })).toBeUndefined();
    const emphasis: Root = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a ' }, { type: 'emphasis', children: [{ type: 'text', value: 'b' }] }] }] };
    expect(plainProse(emphasis)).toBeUndefined();
    expect(bodyMarkdown(emphasis)).toBe('a _b_\n');
    for (const article of await contentArticles()) expect(bodyMarkdown(article.body.tree), article.slug).toBe(reference.stringify(article.body.tree));
  });
});
