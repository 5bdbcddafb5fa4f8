import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/bench/corpus.js';
import { LineIndex } from '../src/util/position.js';

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
