import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detached } from '../src/util/detach.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('detached copies', () => {
  it('equal the original, nested objects, arrays and non-plain values included', () => {
    const value = { a: 'short', b: 'a string long enough to be sliced', list: [1, 'two', { three: [3] }], none: undefined, nothing: null, when: new Date(0), map: new Map([[1, 'x']]) };
    const copy = detached(value);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    expect(copy.list[2]).not.toBe(value.list[2]);
    expect(copy.when).toBeInstanceOf(Date);
    expect(Object.keys(copy)).toEqual(Object.keys(value));
  });

  it('do not keep the text their strings were cut from alive', () => {
    const heapAfter = (keep: (source: string) => unknown): number => {
      const kept: unknown[] = [];
      // 64 sources of 1 MB, of each a 40-character cut kept: slices would hold 64 MB.
      for (let index = 0; index < 64; index++) {
        const source = `${String(index).padStart(6, '0')}${'x'.repeat(1 << 20)}`;
        kept.push(keep(source.slice(0, 40)));
      }
      collectGarbage();
      collectGarbage();
      const used = process.memoryUsage().heapUsed;
      expect(kept).toHaveLength(64);
      return used;
    };
    const baseline = heapAfter(() => 'nothing kept');
    const slices = heapAfter((cut) => ({ headline: cut }));
    const copies = heapAfter((cut) => detached({ headline: cut }));
    // The slices keep their sources; the copies do not.
    expect(slices - baseline).toBeGreaterThan(48 * 2 ** 20);
    expect(copies - baseline).toBeLessThan(8 * 2 ** 20);
  });
});
