import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { articleGraph, scriptSafeJson } from '../src/formats/jsonld.js';
import { render } from '../src/formats/article-formats.js';
import { articleSource, parseOk, readContent, repoRenderOptions, repoSite } from './helpers.js';

const SEED_FILE = '2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md';
const SEED_URL = 'https://www.ansa.it/english/news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.html';

type Node = Record<string, unknown>;

async function seedGraph(): Promise<Node[]> {
  const article = await parseOk(readContent(SEED_FILE));
  const graph = articleGraph(article, { site: await repoSite() }) as unknown as { '@context': string; '@graph': Node[] };
  expect(graph['@context']).toBe('https://schema.org');
  return graph['@graph'];
}

describe('schema.org graph of the original article', () => {
  it('links Organization, WebSite, WebPage and NewsArticle by @id', async () => {
    const [publisher, website, page, article] = await seedGraph();
    expect(publisher).toMatchObject({ '@type': 'NewsMediaOrganization', '@id': 'https://www.ansa.it/#organization', name: 'ANSA', url: 'https://www.ansa.it/' });
    expect(publisher?.['logo']).toEqual({
      '@type': 'ImageObject',
      url: 'https://www.ansa.it/assets/images/ansa-logo-600x60.png',
      contentUrl: 'https://www.ansa.it/assets/images/ansa-logo-600x60.png',
      width: { '@type': 'QuantitativeValue', value: 600, unitCode: 'E37', unitText: 'pixel' },
      height: { '@type': 'QuantitativeValue', value: 60, unitCode: 'E37', unitText: 'pixel' },
    });
    expect(website).toMatchObject({ '@type': 'WebSite', '@id': 'https://www.ansa.it/english/#website', publisher: { '@id': 'https://www.ansa.it/#organization' } });
    expect(page).toMatchObject({ '@type': 'WebPage', '@id': SEED_URL, url: SEED_URL, isPartOf: { '@id': 'https://www.ansa.it/english/#website' }, inLanguage: 'en' });
    expect(article?.['mainEntityOfPage']).toEqual({ '@id': SEED_URL });
    expect(article?.['publisher']).toEqual({ '@id': 'https://www.ansa.it/#organization' });
  });

  it('carries every NewsArticle property by value', async () => {
    const article = (await seedGraph())[3] ?? {};
    expect(article['@type']).toBe('NewsArticle');
    expect(article['@id']).toBe(`${SEED_URL}#article`);
    expect(article['headline']).toBe('Trump and Putin agree to start Ukraine negotiations immediately');
    expect(String(article['headline']).length).toBeLessThanOrEqual(110);
    expect(article['alternativeHeadline']).toBe('Trump says Ukraine joining NATO is not practical after a 90-minute call with Putin');
    expect(article['description']).toMatch(/^After a phone call of an hour and a half, the US and Russian presidents agreed/);
    expect(article['inLanguage']).toBe('en');
    expect(article['datePublished']).toBe('2025-02-13T10:32:00+01:00');
    expect(article['dateModified']).toBe('2025-02-13T10:32:00+01:00');
    expect(article['dateline']).toBe('ROME');
    expect(article['author']).toEqual([{ '@id': 'https://www.ansa.it/#organization' }]);
    expect(article['creditText']).toBe('ANSA');
    expect(article['copyrightHolder']).toEqual({ '@id': 'https://www.ansa.it/#organization' });
    expect(article['copyrightNotice']).toBe('Copyright © ANSA');
    expect(article['copyrightYear']).toBe(2025);
    expect(article['keywords']).toEqual(['Trump', 'Putin', 'Zelensky', 'Ukraine', 'Russia', 'NATO', 'negotiations', 'ceasefire', 'Kursk']);
    expect(article['isAccessibleForFree']).toBe(true);
    expect(article['articleSection']).toBe('World');
    const body = String(article['articleBody']);
    expect(body.startsWith('Donald Trump recently expressed his agreement')).toBe(true);
    expect(body.endsWith('will be “destroyed.”')).toBe(true);
    expect(body).not.toContain('Copyright');
    // Words as Intl.Segmenter counts them; checked against a plain whitespace count of the same text.
    expect(article['wordCount']).toBeGreaterThan(body.split(/\s+/).length * 0.95);
    expect(article['wordCount']).toBeLessThan(body.split(/\s+/).length * 1.05);
    expect(article['about']).toContainEqual({ '@type': 'Person', name: 'Vladimir Putin', sameAs: 'https://www.wikidata.org/wiki/Q7747' });
    expect(article['about']).toContainEqual({ '@type': 'Organization', name: 'NATO', sameAs: 'https://www.wikidata.org/wiki/Q7184' });
    expect(article['mentions']).toContainEqual({ '@type': 'Place', name: 'Saudi Arabia', sameAs: 'https://www.wikidata.org/wiki/Q851' });
    expect(article['mentions']).toContainEqual({ '@type': 'Person', name: 'Marco Rubio', sameAs: 'https://www.wikidata.org/wiki/Q324546' });
    expect(article['image']).toBeUndefined();
  });

  it('gives named authors as Person nodes, an image as ImageObject, and another holder as its own Organization', async () => {
    const article = await parseOk(
      articleSource({
        authors: '[{ name: Jane Doe, url: "https://example.com/jane" }]',
        image: '{ url: "https://example.com/a.jpg", width: 1200, height: 800, type: image/jpeg, caption: A caption }',
      }, 'Text.\n\n© 2025 Reuters\n'),
    );
    const node = (articleGraph(article, { site: await repoSite() })['@graph'][3] ?? {}) as Node;
    expect(node['author']).toEqual([{ '@type': 'Person', name: 'Jane Doe', url: 'https://example.com/jane' }]);
    expect(node['copyrightHolder']).toEqual({ '@type': 'Organization', name: 'Reuters' });
    expect(node['image']).toMatchObject({ '@type': 'ImageObject', url: 'https://example.com/a.jpg', encodingFormat: 'image/jpeg', caption: 'A caption' });
  });
});

describe('JSON-LD embedded in the article page', () => {
  it('escapes characters that could end or alter the script element', () => {
    const value = { headline: '</script><script>alert(1)</script> & <!-- \u2028\u2029' };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('keeps a hostile headline inside one script element that parses back to the same JSON', async () => {
    const hostile = '</script><script>alert(1)</script> Trump & Putin <b>talk</b> \u2028 line \u2029 end';
    // The parser refuses markup in headlines (docs/input-policy.md); the library API does not check.
    const article = { ...(await parseOk(articleSource({}))), headline: hostile };
    const page = render(article, await repoRenderOptions()).formats['html']?.[0]?.content ?? '';
    const tree: Root = fromHtml(page);
    const scripts: Element[] = [];
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'script') scripts.push(node);
    });
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.properties['type']).toBe('application/ld+json');
    const graph = JSON.parse(hastToString(scripts[0] as Element)) as { '@graph': Node[] };
    expect(graph['@graph'][3]?.['headline']).toBe(hostile);
    // The visible headline is text, not markup.
    const headings: string[] = [];
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'h1') headings.push(hastToString(node));
    });
    expect(headings).toEqual([hostile]);
  });
});
