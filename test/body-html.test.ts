import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { mulberry32, seedSentences, syntheticArticle } from '../src/bench/corpus.js';
import { absolutizeUrls, articleBody, bodyHtml, sanitizedBody } from '../src/formats/body-html.js';
import { CONTENT, contentArticles, parseOk } from './helpers.js';

/** The full path the plain-prose shortcut stands in for, as src/formats/body-html.ts configures it. */
const toHast = unified().use(remarkRehype).use(rehypeSanitize, defaultSchema).freeze();
const toHtml = unified().use(rehypeStringify, { characterReferences: { useNamedReferences: false } }).freeze();
const BASE = 'https://example.com/news/a.html';

function fullPath(tree: MdastRoot): { hast: HastRoot; html: string } {
  const hast = toHast.runSync(structuredClone(tree)) as HastRoot;
  absolutizeUrls(hast, BASE);
  return { hast, html: toHtml.stringify(hast) };
}

/** hast without positions: the shortcut's nodes carry none, and no serializer reads them. */
const withoutPositions = (hast: HastRoot): unknown => JSON.parse(JSON.stringify(hast, (key, value: unknown) => (key === 'position' ? undefined : value)));

const isPlainProse = (tree: MdastRoot): boolean => tree.children.every((node) => node.type === 'paragraph' && node.children.length === 1 && node.children[0]?.type === 'text');

describe('plain-prose shortcut for the body HTML', () => {
  const parsers = [unified().use(remarkParse).freeze(), unified().use(remarkParse).use(remarkGfm).freeze()];

  it('writes the bytes and the hast of remark-rehype + sanitize + rehype-stringify (fuzzed)', { timeout: 60_000 }, () => {
    const pieces = ['a', 'W', ' ', '  ', '.', ',', '&', '&amp;', '&lt;', '&#0;', '<', '>', '"', "'", '\t', '\r', '\r\n', '\n', '\n\n', ' \n', '\t\n ', '\u0000', '\u0007', '\u00a0', 'é', '“', '😀', '\ud800', '\\', '\\&', '/', '=', '-'];
    const random = mulberry32(1302);
    const pick = (): string => pieces[Math.floor(random() * pieces.length)] ?? '';
    let applied = 0;
    for (let sample = 0; sample < 2500; sample++) {
      const text = Array.from({ length: Math.floor(random() * 30) }, pick).join('');
      for (const parser of parsers) {
        const tree = parser.parse(text);
        if (!isPlainProse(tree)) continue;
        applied++;
        const expected = fullPath(tree);
        expect(bodyHtml(tree, BASE), JSON.stringify(text)).toBe(expected.html);
        expect(withoutPositions(sanitizedBody(tree, BASE)), JSON.stringify(text)).toEqual(withoutPositions(expected.hast));
      }
    }
    // The fuzz must exercise the shortcut, not only its refusals.
    expect(applied).toBeGreaterThan(1500);
  });

  it('applies to the synthetic bench articles and agrees on every bundled article, prose or not', async () => {
    const sentences = await seedSentences(CONTENT);
    const random = mulberry32(3);
    for (let index = 0; index < 100; index++) {
      const article = await parseOk(syntheticArticle(index, sentences, random).text);
      expect(isPlainProse(article.body.tree)).toBe(true);
      expect(bodyHtml(article.body.tree, BASE)).toBe(fullPath(article.body.tree).html);
    }
    for (const article of await contentArticles()) expect(bodyHtml(article.body.tree, BASE)).toBe(fullPath(article.body.tree).html);
  });

  it('leaves markdown to the full path (links made absolute, scripts dropped)', () => {
    const tree = parsers[0]?.parse('A [link](/x) and <script>alert(1)</script>.\n\n*b*') as MdastRoot;
    expect(isPlainProse(tree)).toBe(false);
    expect(bodyHtml(tree, BASE)).toBe('<p>A <a href="https://example.com/x">link</a> and alert(1).</p>\n<p><em>b</em></p>');
  });

  it('converts a body once for every format: articleBody is bodyHtml and sanitizedBody together', async () => {
    const marked = parsers[1]?.parse('A [link](/x), `code` and *emphasis*.\n\n- one\n- two') as MdastRoot;
    const trees = [marked, ...(await contentArticles()).map((article) => article.body.tree)];
    for (const tree of trees) {
      const body = articleBody(tree, BASE);
      expect(body.html).toBe(bodyHtml(tree, BASE));
      expect(withoutPositions(body.hast)).toEqual(withoutPositions(sanitizedBody(tree, BASE)));
      expect(body.html).toBe(fullPath(tree).html);
    }
  });

  it('only reads the article: its mdast is the same after every format converted it', () => {
    const tree = parsers[1]?.parse('A [link](/x "t"), ![img](i.png), `code`, <b>raw</b>, ~~gone~~[^1] and *em*.\n\n| a |\n|---|\n| [b](#c) |\n\n[^1]: Note [here](/n).') as MdastRoot;
    const before = structuredClone(tree);
    const hast = sanitizedBody(tree, BASE);
    absolutizeUrls(hast, 'https://other.example/');
    articleBody(tree, BASE);
    expect(tree).toEqual(before);
  });
});
