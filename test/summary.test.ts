import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { contentArticles } from './helpers.js';

// The compiled module, as the build runs it (`npm test` compiles first): the test transform
// compiles object rest into a loop of keyed stores, which V8 treats otherwise.
const { summarize, withBodyOnDemand } = (await import('../dist/build/summary.js')) as typeof import('../src/build/summary.js');

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set: V8's own test of an object's property storage.
const hasFastProperties = new Function('value', 'return %HasFastProperties(value)') as (value: object) => boolean;

describe('an article kept without its body', () => {
  it('keeps fast properties (a data property turned accessor made it a dictionary, slow to read)', async () => {
    for (const article of await contentArticles()) {
      expect(hasFastProperties(summarize(article))).toBe(true);
      expect(hasFastProperties(withBodyOnDemand(summarize(article), () => article.body))).toBe(true);
    }
  });

  it('reads its body from the loader once, on first use, and otherwise equals the article', async () => {
    for (const article of await contentArticles()) {
      let loads = 0;
      const kept = withBodyOnDemand(summarize(article), () => {
        loads++;
        return article.body;
      });
      expect(loads).toBe(0);
      expect(Object.keys(kept).sort()).toEqual(Object.keys(article).sort());
      expect(kept).toEqual(article);
      expect(kept.body).toBe(article.body);
      expect(loads).toBe(1);
    }
  });
});
