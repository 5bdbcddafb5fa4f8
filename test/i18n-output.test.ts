import { describe, expect, it } from 'vitest';
import type { RenderOptions } from '../src/formats/article-formats.js';
import { render } from '../src/formats/article-formats.js';
import { HEADLINE_VARIANT_NAMES } from '../src/i18n/headlines.js';
import { articleHeadlinesPart, headlinesDocument, headlinesReport, rememberHeadlinesPart } from '../src/i18n/report.js';
import { graphemeLength } from '../src/i18n/truncate.js';
import { languageVersions, missingLanguages, versionForOutput } from '../src/i18n/versions.js';
import { articleSource, contentArticles, parseOk, readContent, repoRenderOptions } from './helpers.js';

const SEED = '2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md';
const KREMLIN = '2025-02-13-kremlin-rules-out-kursk-territory-swap.md';

interface Page {
  path: string;
  lang: string;
  dir: string;
  canonical: string;
  alternates: Map<string, string>;
  graph: { '@graph': Record<string, unknown>[] };
  html: string;
}

function pageOf(path: string, html: string): Page {
  const root = /<html lang="([^"]+)" dir="([^"]+)">/.exec(html);
  const canonical = /<link rel="canonical" href="([^"]+)">/.exec(html)?.[1] ?? '';
  const alternates = new Map([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
  const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}';
  return { path, lang: root?.[1] ?? '', dir: root?.[2] ?? '', canonical, alternates, graph: JSON.parse(json) as Page['graph'], html };
}

async function pages(file: string, options?: RenderOptions): Promise<Page[]> {
  const article = await parseOk(readContent(file), `content/${file}`);
  return (render(article, options ?? (await repoRenderOptions())).formats['html'] ?? []).map((output) => pageOf(output.path, output.content));
}

const newsArticle = (page: Page): Record<string, unknown> => page.graph['@graph'].find((node) => node['@type'] === 'NewsArticle') ?? {};

describe('the seed story', () => {
  it('carries a translated headline and standfirst for every default language', async () => {
    const { site } = await repoRenderOptions();
    const article = await parseOk(readContent(SEED));
    for (const language of site.languages.filter((language) => language !== article.language)) {
      expect(article.translations[language]?.headline).toBeTruthy();
      expect(article.translations[language]?.description).toBeTruthy();
    }
  });
});

describe('per-language pages', () => {
  it('renders one page per language version, the original first', async () => {
    const seed = await pages(SEED);
    expect(seed.map((page) => page.path)).toEqual([
      // At the front matter url's path; each translation's URL derived from it (.<lang> before .html).
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.html',
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.it.html',
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.es.html',
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.pt-br.html',
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.ar.html',
    ]);
    expect(seed.map((page) => [page.lang, page.dir])).toEqual([['en', 'ltr'], ['it', 'ltr'], ['es', 'ltr'], ['pt-BR', 'ltr'], ['ar', 'rtl']]);
  });

  it('gives the Arabic page lang="ar" dir="rtl", its headline, and marks the English body as such', async () => {
    const arabic = (await pages(SEED)).find((page) => page.lang === 'ar');
    expect(arabic?.html).toContain('<html lang="ar" dir="rtl">');
    expect(arabic?.html).toContain('<h1>ترامب وبوتين يتفقان على بدء مفاوضات فورية بشأن أوكرانيا</h1>');
    expect(arabic?.html).toContain('<div class="body" lang="en" dir="ltr">');
    expect(arabic?.html).toContain('<span class="dateline" lang="en" dir="ltr">ROME</span>');
    expect(arabic?.html).toContain('<p class="section">العالم</p>');
    expect(arabic?.html).toContain('اللغة الأصلية: الإنجليزية · \u201D<a ');
    expect(arabic?.html).toContain('<time datetime="2025-02-13T10:32:00+01:00">13 فبراير 2025 في 10:32 ص</time>');
    expect(arabic?.html).toContain('<p class="copyright">© ANSA. جميع الحقوق محفوظة</p>');
  });

  it('has complete and reciprocal hreflang sets: each version lists itself, the others and x-default', async () => {
    for (const file of [SEED, KREMLIN, '2025-02-12-telefonata-trump-putin.md']) {
      const set = await pages(file);
      const expected = new Map(set.map((page) => [page.lang, page.canonical]));
      for (const page of set) {
        expect(page.alternates.get(page.lang)).toBe(page.canonical);
        const { 'x-default': xDefault, ...languages } = Object.fromEntries(page.alternates);
        expect(new Map(Object.entries(languages))).toEqual(expected);
        // x-default: the version in the first configured language (en) present.
        expect(xDefault).toBe(expected.get('en'));
      }
    }
  });

  it('declares each page language in JSON-LD and links the versions with workTranslation / translationOfWork', async () => {
    const set = await pages(SEED);
    const [original, ...translations] = set;
    const originalNode = newsArticle(original as Page);
    expect(originalNode['inLanguage']).toBe('en');
    const links = originalNode['workTranslation'] as { '@id': string; inLanguage: string }[];
    expect(links.map((link) => link.inLanguage)).toEqual(['it', 'es', 'pt-BR', 'ar']);
    for (const page of translations) {
      const node = newsArticle(page);
      expect(node['inLanguage']).toBe(page.lang);
      expect(node['@id']).toBe(`${page.canonical}#article`);
      expect(node['translationOfWork']).toEqual({ '@id': `${original?.canonical ?? ''}#article` });
      expect(links).toContainEqual(expect.objectContaining({ '@id': `${page.canonical}#article`, inLanguage: page.lang }));
      // No English text labelled with the translation's language.
      expect(node['articleBody']).toBeUndefined();
      expect(node['keywords']).toBeUndefined();
      expect(node['alternativeHeadline']).toBeUndefined();
    }
  });

  it('leaves out a standfirst a translation does not have instead of showing the original one', async () => {
    // The sample's Italian version with its standfirst taken out.
    const source = readContent(KREMLIN).replace(/\n    description: >-\n(?: {6}.*\n)+/, '\n');
    expect(source).not.toContain('Mosca definisce');
    const article = await parseOk(source, `content/${KREMLIN}`);
    const italian = (render(article, await repoRenderOptions()).formats['html'] ?? []).map((output) => pageOf(output.path, output.content)).find((page) => page.lang === 'it');
    expect(italian?.html).not.toContain('class="standfirst"');
    expect(italian?.html).not.toContain('<meta name="description"');
    expect(newsArticle(italian as Page)['description']).toBeUndefined();
    // The English editor's note stays, marked as English.
    expect(italian?.html).toContain('<p class="editorial-note" lang="en" dir="ltr">');
    expect(italian?.html).toContain('Aggiornato il 13 febbraio 2025 alle ore 15:40');
    expect(italian?.html).toContain('«<a href="https://www.ansa.it/english/news/2025/02/13/kremlin-rules-out-kursk-territory-swap.html" hreflang="en" lang="en" dir="ltr">');
  });

  it('composes bylines from locales with the locale list format', async () => {
    const article = await parseOk(
      articleSource({
        authors: '[{ name: Anna Rossi }, { name: Marco Bianchi }]',
        dateModified: '2025-02-13T15:40:00+01:00',
        translations: '{ it: { headline: Un titolo di prova }, ar: { headline: عنوان تجريبي } }',
      }),
    );
    const html = render(article, await repoRenderOptions()).formats['html'] ?? [];
    expect(html.map((output) => output.path)).toEqual(['news/2025/02/13/test-story.html', 'news/2025/02/13/test-story.it.html', 'news/2025/02/13/test-story.ar.html']);
    expect(html[0]?.content).toContain('By Anna Rossi and Marco Bianchi (ANSA)');
    expect(html[0]?.content).toContain('Updated February 13, 2025 at 3:40 PM');
    expect(html[1]?.content).toContain('Di Anna Rossi e Marco Bianchi (ANSA)');
    expect(html[2]?.content).toContain('بقلم Anna Rossi وMarco Bianchi (ANSA)');
    expect(html[2]?.content).toContain('آخر تحديث: 13 فبراير 2025 في 3:40 م');
  });

  it('names the site in the page language: that language’s channel title from templates/feeds.json', async () => {
    const options = await repoRenderOptions();
    const article = await parseOk(articleSource({ translations: '{ ar: { headline: عنوان تجريبي } }' }));
    const [english, arabic] = render(article, options).formats['html'] ?? [];
    const header = (html = ''): string | undefined => /<header class="site"><a class="home" href="[^"]*">([^<]*)<\/a>/.exec(html)?.[1];
    expect(header(english?.content)).toBe('ANSA English');
    expect(header(arabic?.content)).toBe(options.feeds?.channels['ar']?.title);
    expect(header(arabic?.content)).toBe('أنسا – أخبار بالعربية');
  });
});

describe('a missing translation', () => {
  it('leaves the story out of that language with an info note, a warning where expectedLanguages says so', async () => {
    const options = await repoRenderOptions();
    const kremlin = await parseOk(readContent(KREMLIN));
    expect(versionForOutput(kremlin, 'es', options.site)).toBeUndefined();
    expect(missingLanguages(kremlin, options.site)).toEqual(['es', 'pt-BR', 'ar']);
    expect((await pages(KREMLIN)).map((page) => page.lang)).toEqual(['en', 'it']);
    const { report, diagnostics } = headlinesReport([kremlin], options.site, options.localizer);
    expect(diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.severity, diagnostic.field])).toEqual([
      ['i18n-missing-translation', 'info', 'translations.es'],
      ['i18n-missing-translation', 'info', 'translations.pt-BR'],
      ['i18n-missing-translation', 'info', 'translations.ar'],
    ]);
    expect(report.articles[0]?.missing).toEqual(['es', 'pt-BR', 'ar']);
    // A language the site expects every story in: the same note is a warning.
    const expecting = { ...options.site, expectedLanguages: ['ar'] };
    const strict = headlinesReport([await parseOk(readContent(KREMLIN))], expecting, options.localizer).diagnostics;
    expect(strict.map((diagnostic) => [diagnostic.field, diagnostic.severity])).toEqual([
      ['translations.es', 'info'],
      ['translations.pt-BR', 'info'],
      ['translations.ar', 'warning'],
    ]);
  });

  it('uses an explicit fallback from configuration, keeping the text labelled with its own language', async () => {
    const options = await repoRenderOptions();
    const site = { ...options.site, fallbackLanguages: { es: ['it', 'en'], 'pt-BR': ['en'] } };
    const kremlin = await parseOk(readContent(KREMLIN));
    const spanish = versionForOutput(kremlin, 'es', site);
    expect(spanish).toMatchObject({ outputLanguage: 'es', fallback: true, version: { language: 'it', original: false } });
    expect(versionForOutput(kremlin, 'pt-BR', site)?.version.language).toBe('en');
    expect(versionForOutput(kremlin, 'it', site)).toMatchObject({ fallback: false, version: { language: 'it' } });
    const { report, diagnostics } = headlinesReport([kremlin], site, options.localizer);
    expect(diagnostics.map((diagnostic) => diagnostic.field)).toEqual(['translations.ar']);
    expect(report.articles[0]?.fallbacks).toEqual({ es: 'it', 'pt-BR': 'en' });
    // Pages exist only for real versions: a fallback never becomes a page labelled es.
    expect(languageVersions(kremlin, site).map((version) => version.language)).toEqual(['en', 'it']);
  });
});

describe('a translation into a language without locales/', () => {
  it('is reported, since its page labels would fall back to English', async () => {
    const options = await repoRenderOptions();
    const article = await parseOk(articleSource({ translations: '{ fr: { headline: Un titre de test } }' }));
    expect(options.localizer.supports('fr')).toBe(false);
    expect(options.localizer.supports('pt-BR')).toBe(true);
    const { diagnostics } = headlinesReport([article], options.site, options.localizer);
    expect(diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'i18n-no-locale', severity: 'warning', field: 'translations.fr' }));
  });
});

describe('headlines.json', () => {
  it('lists every article × language × variant with its length and source', async () => {
    const options = await repoRenderOptions();
    const articles = await contentArticles();
    const { report } = headlinesReport(articles, options.site, options.localizer);
    expect(report.limits).toEqual({ seo: 110, short: 70, push: 50, social: 100 });
    expect(report.articles).toHaveLength(articles.length);
    const seed = report.articles.find((entry) => entry.slug === 'trump-putin-agree-to-start-ukraine-negotiations');
    expect(seed?.versions.map((version) => version.language)).toEqual(['en', 'it', 'es', 'pt-BR', 'ar']);
    expect(seed?.versions[0]?.variants.short).toEqual({ value: 'Trump and Putin agree to start Ukraine talks', length: 44, source: 'given', limit: 70 });
    for (const entry of report.articles) {
      for (const version of entry.versions) {
        expect(version.variants.headline.source).toBe('given');
        for (const name of HEADLINE_VARIANT_NAMES) {
          const variant = version.variants[name];
          expect(variant.length).toBe(graphemeLength(variant.value, version.language));
          expect(variant.length).toBeLessThanOrEqual(report.limits[name]);
          expect(['given', 'computed']).toContain(variant.source);
        }
      }
    }
    const arabic = seed?.versions.find((version) => version.language === 'ar');
    expect(arabic?.variants.push).toEqual({ value: 'ترامب وبوتين يتفقان على بدء مفاوضات فورية بشأن…', length: 47, source: 'computed', limit: 50 });
  });

  it('is written from per-article parts, byte for byte the report stringified, with the same warnings', async () => {
    const options = await repoRenderOptions();
    const parsed = await parseOk(
      articleSource({
        translations: '{ fr: { headline: "Un titre sur deux lignes" }, it: { headline: "Titolo di prova molto lungo per superare il limite di cinquanta caratteri del push" } }',
      }),
    );
    // What the parser refuses (markup, docs/input-policy.md) can still come through the library API.
    const hostile = { ...parsed, headline: '"Quoted" \\ back\tslash </script> & <b>', translations: { ...parsed.translations, fr: { headline: 'Un titre\nsur deux lignes', headlineVariants: {} } } };
    const articles = [...(await contentArticles()), hostile];
    for (const list of [articles, [], [hostile]]) {
      const { report, diagnostics } = headlinesReport(list, options.site, options.localizer);
      const document = headlinesDocument(list, options.site, options.localizer);
      expect(document.content).toBe(`${JSON.stringify(report, null, 2)}\n`);
      expect(document.diagnostics).toEqual(diagnostics);
    }
    // The warnings of the hostile article: a version without locale, and missing languages.
    expect(headlinesDocument([hostile], options.site, options.localizer).diagnostics.map((item) => item.ruleId)).toContain('i18n-no-locale');
  });

  it('joins a part made elsewhere (a worker) as it was made', async () => {
    const options = await repoRenderOptions();
    const [first] = await contentArticles();
    if (!first) throw new Error('no content');
    const part = { ...articleHeadlinesPart(first, options.site, options.localizer), text: '    {"made": "elsewhere"}' };
    const copy = { ...first };
    rememberHeadlinesPart(copy, options.site, options.localizer, part);
    expect(headlinesDocument([copy], options.site, options.localizer).content).toContain('\n    {"made": "elsewhere"}\n  ]\n}\n');
    // Another site configuration does not take it.
    expect(headlinesDocument([copy], { ...options.site }, options.localizer).content).not.toContain('elsewhere');
  });
});
