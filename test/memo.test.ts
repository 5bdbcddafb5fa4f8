import { describe, expect, it } from 'vitest';
import { memoizeByKey } from '../src/util/memo.js';

describe('memoizeByKey', () => {
  it('computes once per key, keeps at most `limit` answers, stores nothing for a throw', () => {
    const calls: string[] = [];
    const length = memoizeByKey((key) => {
      calls.push(key);
      if (key === 'bad') throw new Error('bad key');
      return key.length;
    }, 2);
    expect([length('a'), length('a'), length('bb'), length('bb')]).toEqual([1, 1, 2, 2]);
    expect(calls).toEqual(['a', 'bb']);
    // Full: a third key is answered but not kept.
    expect([length('ccc'), length('ccc')]).toEqual([3, 3]);
    expect(calls).toEqual(['a', 'bb', 'ccc', 'ccc']);
    expect(() => length('bad')).toThrow('bad key');
    expect(() => length('bad')).toThrow('bad key');
    expect(calls.filter((key) => key === 'bad')).toHaveLength(2);
  });

  it('remembers undefined and false answers too', () => {
    let calls = 0;
    const nothing = memoizeByKey((): boolean | undefined => {
      calls++;
      return calls === 1 ? undefined : false;
    });
    expect(nothing('x')).toBeUndefined();
    expect(nothing('x')).toBeUndefined();
    expect(calls).toBe(1);
  });
});
