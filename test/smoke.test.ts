import { describe, expect, it } from 'vitest';
import { parseOk, readContent, articleSource } from './helpers.js';

describe('test helpers', () => {
  it('parse the seed article and a minimal source', async () => {
    const seed = await parseOk(readContent('2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md'));
    expect(seed.slug).toBe('trump-putin-agree-to-start-ukraine-negotiations');
    const minimal = await parseOk(articleSource());
    expect(minimal.rights.notice).toBe('Copyright © ANSA');
  });
});
