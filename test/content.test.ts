import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyHtml } from '../src/formats/body-html.js';
import { contentArticles, parseOk, readContent, SEED_TEXT, specPath, specsAvailable } from './helpers.js';

const SEED_FILE = '2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md';

describe('bundled content', () => {
  const haveSpecs = specsAvailable('seed text and Media Topic checks');

  it.skipIf(!haveSpecs)('carries the original ANSA text unchanged as the body of the default article', () => {
    const source = readContent(SEED_FILE);
    const body = source.slice(source.indexOf('\n---\n', 4) + '\n---\n'.length);
    expect(body).toBe(readFileSync(SEED_TEXT, 'utf8'));
  });

  it.skipIf(!haveSpecs)('keeps every line of the original as a paragraph, without the copyright line', async () => {
    const article = await parseOk(readContent(SEED_FILE));
    const lines = readFileSync(SEED_TEXT, 'utf8').split('\n').filter((line) => line.trim().length > 0);
    expect(lines.at(-1)).toBe('Copyright © ANSA');
    expect(article.body.text).toBe(lines.slice(0, -1).join('\n\n'));
    expect(article.body.tree.children).toHaveLength(lines.length - 1);
    expect(article.body.text).not.toContain('Copyright');
  });

  it.skipIf(!haveSpecs)('uses Media Topic codes that exist, are current, and carry their English label and broader topic', async () => {
    const vocabulary = JSON.parse(readFileSync(specPath('medtop-2023-10-24-flat.json'), 'utf8')) as {
      concepts: { qcode: string; label_en_GB: string; retired: string | null; broader: string | null }[];
    };
    const byCode = new Map(vocabulary.concepts.map((concept) => [concept.qcode, concept]));
    const articles = await contentArticles();
    for (const article of articles) {
      expect(article.subjects.length).toBeGreaterThan(0);
      for (const subject of article.subjects) {
        const concept = byCode.get(subject.code);
        expect(concept, subject.code).toBeDefined();
        expect(concept?.retired).toBeNull();
        expect(subject.name).toBe(concept?.label_en_GB);
        expect(subject.broader).toBe(concept?.broader ?? undefined);
      }
    }
  });

  it('resolves the update\'s relative link against its own URL, to the seed article\'s page', async () => {
    const articles = await contentArticles();
    const update = articles.find((article) => article.slug === 'kremlin-rules-out-kursk-territory-swap');
    const seed = articles.find((article) => article.slug === 'trump-putin-agree-to-start-ukraine-negotiations');
    const html = bodyHtml(update!.body.tree, update!.url);
    expect(html).toContain(`<a href="${seed!.url}">earlier story</a>`);
  });

  it('has the seed article, an update (version 2) and an Italian story', async () => {
    const articles = await contentArticles();
    expect(articles.map((article) => [article.language, article.version, article.signal ?? null])).toEqual([
      ['it', 1, null],
      ['en', 2, 'update'],
      ['en', 1, null],
    ]);
    const seed = articles[2];
    expect(seed?.datePublished).toBe('2025-02-13T10:32:00+01:00');
    expect(Object.keys(seed?.translations ?? {})).toEqual(['it', 'es', 'pt-BR', 'ar']);
    for (const article of articles) {
      for (const entity of article.entities) expect(entity.wikidata).toMatch(/^Q[1-9]\d*$/);
    }
  });
});
