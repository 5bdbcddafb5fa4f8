import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { absolutizeUrls, articleBody, bodyHtml, sanitizedBody } from '../src/formats/body-html.js';
import { contentArticles } from './helpers.js';

/** remark-rehype + sanitize + rehype-stringify, as src/formats/body-html.ts configures them. */
const toHast = unified().use(remarkRehype).use(rehypeSanitize, defaultSchema).freeze();
const toHtml = unified().use(rehypeStringify, { characterReferences: { useNamedReferences: false } }).freeze();
const BASE = 'https://example.com/news/a.html';

function fullPath(tree: MdastRoot): { hast: HastRoot; html: string } {
  const hast = toHast.runSync(structuredClone(tree)) as HastRoot;
  absolutizeUrls(hast, BASE);
  return { hast, html: toHtml.stringify(hast) };
}

/** hast without positions (no serializer reads them). */
const withoutPositions = (hast: HastRoot): unknown => JSON.parse(JSON.stringify(hast, (key, value: unknown) => (key === 'position' ? undefined : value)));

describe('body HTML', () => {
  const parsers = [unified().use(remarkParse).freeze(), unified().use(remarkParse).use(remarkGfm).freeze()];

  it('makes links absolute and drops scripts', () => {
    const tree = parsers[0]?.parse('A [link](/x) and <script>alert(1)</script>.\n\n*b*') as MdastRoot;
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
