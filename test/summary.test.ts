import { describe, expect, it } from 'vitest';
import { summarize, withBodyOnDemand } from '../src/build/summary.js';
import { contentArticles } from './helpers.js';

describe('an article kept without its body', () => {
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
