import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/bench/corpus.js';
import { LineIndex } from '../src/util/position.js';
import { jsonLdBlocks } from '../src/validate/html-page.js';

/** line:column the slow, obvious way. */
function placeBySlicing(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

describe('LineIndex', () => {
  const text = Array.from({ length: 400 }, (_, line) => 'x'.repeat(line % 9)).join('\n');

  it('agrees with slicing for every offset, in order (how parsers ask)', () => {
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) expect(index.place(offset)).toEqual(placeBySlicing(text, offset));
  });

  it('agrees with slicing for offsets asked in any order (jumps back and far ahead)', () => {
    const index = new LineIndex(text);
    const random = mulberry32(7);
    for (let probe = 0; probe < 2000; probe++) {
      const offset = Math.floor(random() * (text.length + 1));
      expect(index.place(offset)).toEqual(placeBySlicing(text, offset));
    }
  });

  it('places an embedded block from its base', () => {
    const index = new LineIndex('ab\ncd', { line: 10, column: 5 });
    expect(index.place(1)).toEqual({ line: 10, column: 6 });
    expect(index.place(4)).toEqual({ line: 11, column: 2 });
  });
});

describe('jsonLdBlocks', () => {
  it('finds every JSON-LD block, skips other scripts, and places each as slicing does', () => {
    const random = mulberry32(11);
    for (let sample = 0; sample < 200; sample++) {
      const parts: string[] = [];
      const expected: string[] = [];
      for (let part = 0; part < 8; part++) {
        const filler = Array.from({ length: Math.floor(random() * 4) }, () => 'x'.repeat(Math.floor(random() * 5))).join('\n');
        parts.push(filler);
        const kind = random();
        const body = `{"n":${part}}\n${'y'.repeat(Math.floor(random() * 3))}`;
        if (kind < 0.4) {
          parts.push(`<SCRIPT type="application/ld+json">${body}</Script>`);
          expected.push(body);
        } else if (kind < 0.7) {
          parts.push(`<script\ntype='application/ld+json' id="a">${body}</script>`);
          expected.push(body);
        } else parts.push(`<script src="x.js">${body}</script>`);
      }
      const html = parts.join('');
      const blocks = jsonLdBlocks(html);
      expect(blocks.map((block) => block.text)).toEqual(expected);
      let from = 0;
      for (const block of blocks) {
        const start = html.indexOf(block.text, from);
        const tag = html.lastIndexOf('<', html.lastIndexOf('>', start));
        expect(block.place).toEqual(placeBySlicing(html, start));
        expect(block.tagPlace).toEqual(placeBySlicing(html, tag));
        from = start + block.text.length;
      }
    }
  });

  it('takes an unclosed block to the end of the page', () => {
    expect(jsonLdBlocks('<p>\n<script type="application/ld+json">{"a":1}')).toEqual([{ text: '{"a":1}', place: { line: 2, column: 36 }, tagPlace: { line: 2, column: 1 } }]);
  });
});
