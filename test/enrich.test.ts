import { describe, expect, it } from 'vitest';
import { readArticle } from '../src/article/parse.js';
import { enrichArticle } from '../src/enrich/article.js';
import type { SiteConfig } from '../src/config/site.js';
import { DiagnosticList } from '../src/util/diagnostics.js';
import { articleSource, repoSite } from './helpers.js';

/** The same draft enriched for two sites: what the source leaves out comes from the site. */
describe('enrich: site defaults, ids, URLs and rights apart from reading', () => {
  const source = articleSource({ datePublished: '2025-02-13T23:30:00Z' }, 'A paragraph linking [home](/english/).\n');

  it('reads an article without a site, then takes each site’s defaults', async () => {
    const { draft, diagnostics } = readArticle(source, 'x.md');
    expect(diagnostics).toEqual([]);
    expect(draft?.frontMatter.slug).toBe('test-story');
    const ansa = await repoSite();
    const other: SiteConfig = {
      ...ansa,
      url: 'https://news.example.org/',
      timeZone: 'America/New_York',
      providerId: 'example.org',
      articleUrl: 'https://news.example.org/{yyyy}/{mm}/{dd}/{slug}.html',
      publisher: { ...ansa.publisher, name: 'Example News', legalName: undefined, aliases: [] },
    };
    const enrich = (site: SiteConfig) => enrichArticle(draft!, site, new DiagnosticList('x.md'));
    const first = enrich(ansa);
    const second = enrich(other);
    // 23:30 UTC on the 13th is the 14th in Rome and still the 13th in New York.
    expect(first?.id).toBe(`urn:newsml:${ansa.providerId}:20250214:test-story`);
    expect(second?.id).toBe('urn:newsml:example.org:20250213:test-story');
    expect(second?.url).toBe('https://news.example.org/2025/02/13/test-story.html');
    expect(second?.datePublished).toBe('2025-02-13T18:30:00-05:00');
    expect(first?.credit).toBe(ansa.publisher.name);
    expect(second?.credit).toBe('Example News');
    expect(second?.rights.notice).toBe('© 2025 Example News');
    // Reading is the same for both: the body is not touched by enrichment.
    expect(second?.body).toBe(first?.body);
  });

  it('reports what it resolves at the field’s place', async () => {
    const { draft } = readArticle(articleSource({ datePublished: '2025-07-13T10:32:00' }), 'x.md');
    const diagnostics = new DiagnosticList('x.md');
    const article = enrichArticle(draft!, await repoSite(), diagnostics);
    expect(article?.datePublished).toBe('2025-07-13T10:32:00+02:00');
    expect(diagnostics.items).toMatchObject([{ ruleId: 'frontmatter-date-offset', line: 6, file: 'x.md', severity: 'warning' }]);
  });
});
