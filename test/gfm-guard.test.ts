import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { mayUseGfm, parserFor } from '../src/article/parse.js';
import { mulberry32 } from '../src/bench/corpus.js';

const gfm = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

describe('choosing the CommonMark parser when GFM cannot change the tree', () => {
  it('gives remark-gfm’s tree whenever it skips GFM (fuzzed with links, URLs and GFM syntax)', () => {
    const pieces = [
      'a', 'b', ' ', ' ', 'x', '.', '[', ']', '(', ')', '](', '[a](https://x.com)', '[www.a.com](https://x.com/b_c)', '![i](https://x.com/i.png)', '[a](/rel)',
      'https://x.com', 'http://y.org/z', 'www.a.com', 'mailto:', 'news@ansa.it', '`', '``', '\\', '<', '>', '<https://x.com>', '!', '*', '_', '|', '~', '~~', '[^1]', '[ ]', '[x]',
      '\n', '\n\n', '- ', '> ', '1. ', ':', '"', "'", ' "t"', '&amp;', '|---|', 'é',
    ];
    const random = mulberry32(4242);
    let skipped = 0;
    let withLinks = 0;
    for (let sample = 0; sample < 15000; sample++) {
      let text = '---\nslug: a\n---\n\n';
      const length = 1 + Math.floor(random() * 16);
      for (let index = 0; index < length; index++) text += pieces[Math.floor(random() * pieces.length)] ?? '';
      if (mayUseGfm(text)) continue;
      expect(parserFor(text).parse(text), JSON.stringify(text)).toEqual(gfm.parse(text));
      skipped++;
      if (/\]\(https?:/.test(text)) withLinks++;
    }
    expect(skipped).toBeGreaterThan(1500);
    // Texts whose only URLs sit in link destinations: the case the link rule is for.
    expect(withLinks).toBeGreaterThan(300);
  });
});
