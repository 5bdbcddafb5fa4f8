import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { renderCollections } from '../src/formats/collections.js';
import { articleSource, parseOk, repoRenderOptions } from './helpers.js';

describe('newsMessage batch', () => {
  it('carries the most recently modified items, at most feeds.limit, newest first', async () => {
    const options = await repoRenderOptions();
    const articles = await Promise.all(
      [5, 1, 3, 2, 4].map((day) => parseOk(articleSource({ slug: `story-${day}`, datePublished: `2025-02-0${day}T10:00:00+01:00`, dateModified: day === 1 ? '2025-02-09T10:00:00+01:00' : undefined }))),
    );
    const limited = { ...options, site: { ...options.site, feeds: { ...options.site.feeds, limit: 3 } } };
    const message = renderCollections(articles, limited).outputs.find((output) => output.path === 'newsml/message.xml');
    const document = new DOMParser().parseFromString(message?.content ?? '', 'application/xml');
    const guids = Array.from(document.getElementsByTagName('newsItem')).map((item) => item.getAttribute('guid'));
    expect(guids).toEqual(['urn:newsml:ansa.it:20250201:story-1', 'urn:newsml:ansa.it:20250205:story-5', 'urn:newsml:ansa.it:20250204:story-4']);
    expect(document.getElementsByTagName('sent')[0]?.textContent).toBe('2025-02-09T10:00:00+01:00');
  });
});

describe('the NewsML message selection', () => {
  it('keeps the newest by dateModified, ties by id, as a sort of every article would', async () => {
    const { latestChanged } = await import('../src/formats/collections.js');
    const stamps = ['2025-02-13T10:00:00+01:00', '2025-02-14T08:00:00+01:00', '2025-02-13T10:00:00+01:00', '2025-02-12T23:59:00+01:00', '2025-02-14T08:00:00+01:00'];
    const base = await parseOk(articleSource({ slug: 'story' }));
    const articles = Array.from({ length: 40 }, (_, index) => ({ ...base, slug: `story-${index}`, id: `urn:x:${(index * 7) % 40}`, dateModified: stamps[index % stamps.length]!, modifiedMs: Date.parse(stamps[index % stamps.length]!) }));
    const sorted = [...articles].sort((a, b) => Date.parse(b.dateModified) - Date.parse(a.dateModified) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const limit of [0, 1, 5, 17, 40, 50]) expect(latestChanged(articles, limit).map((article) => article.id)).toEqual(sorted.slice(0, limit).map((article) => article.id));
  });
});
