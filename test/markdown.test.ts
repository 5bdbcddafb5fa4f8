import { describe, expect, it } from 'vitest';
import { normalizedMarkdown } from '../src/formats/markdown.js';
import { articleSource, contentArticles, parseOk, repoSite } from './helpers.js';

describe('normalized markdown', () => {
  it('round-trips every bundled article: same Article, then the same bytes', async () => {
    const site = await repoSite();
    const articles = await contentArticles();
    expect(articles.length).toBeGreaterThanOrEqual(3);
    for (const article of articles) {
      const first = normalizedMarkdown(article, site);
      const reparsed = await parseOk(first, `${article.slug}.md`);
      expect(reparsed).toEqual(article);
      expect(normalizedMarkdown(reparsed, site)).toBe(first);
    }
  });

  it('writes fields in schema order, the copyright as front matter and not as body text', async () => {
    const site = await repoSite();
    const article = await parseOk(articleSource({ keywords: '[b, a]' }, 'Some *text* with a [link](https://example.com/).\n\nCopyright © ANSA\n'));
    const text = normalizedMarkdown(article, site);
    const keys = [...text.split('\n---\n')[0]!.matchAll(/^([a-zA-Z]+):/gm)].map((match) => match[1]);
    expect(keys).toEqual(['id', 'slug', 'version', 'language', 'headline', 'description', 'url', 'datePublished', 'dateModified', 'dateCreated', 'pubStatus', 'credit', 'keywords', 'isAccessibleForFree', 'copyright']);
    expect(text).toContain('copyright:\n  holder: ANSA\n  notice: Copyright © ANSA\n  year: 2025\n');
    expect(text.endsWith('Some _text_ with a [link](https://example.com/).\n')).toBe(true);
  });

  it('escapes markdown syntax in plain wire copy so it stays text', async () => {
    const site = await repoSite();
    const article = await parseOk(articleSource({ bodyFormat: 'text' }, '1. Not a list *nor emphasis*\n# not a heading\n'));
    const text = normalizedMarkdown(article, site);
    const reparsed = await parseOk(text);
    expect(reparsed.body).toEqual(article.body);
    expect(reparsed.body.text).toBe('1. Not a list *nor emphasis*\n\n# not a heading');
  });
});
