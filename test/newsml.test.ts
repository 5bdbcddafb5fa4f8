import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/article/types.js';
import { render } from '../src/formats/article-formats.js';
import { MEDIA_TOPICS } from '../src/formats/media-topics.js';
import { NAR_NS, newsItemXml } from '../src/formats/newsml.js';
import { newsMessageXml } from '../src/formats/newsml-message.js';
import { XHTML_NS } from '../src/formats/xhtml.js';
import { checkNewsmlDocuments } from '../src/validate/newsml.js';
import { articleSource, contentArticles, parseOk, repoRenderOptions, repoSite, SEED_ARTICLE, SPECS, specPath, specsAvailable } from './helpers.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function parse(xml: string): Document {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml') as unknown as Document;
  expect(errors).toEqual([]);
  return document;
}

const nar = (node: Document | Element, name: string): Element[] => Array.from(node.getElementsByTagNameNS(NAR_NS, name));
const childNames = (element: Element | undefined): string[] => Array.from(element?.childNodes ?? []).filter((node): node is Element => node.nodeType === 1).map((node) => node.localName);

async function seed(): Promise<Article> {
  return parseOk(readFileSync(SEED_ARTICLE, 'utf8'), SEED_ARTICLE);
}

describe('NewsML-G2 newsItem', () => {
  it('carries the item attributes, catalogs and rights the issue lists', async () => {
    const article = await seed();
    const document = parse(newsItemXml(article, { site: await repoSite() }));
    const item = document.documentElement;
    expect(item.namespaceURI).toBe(NAR_NS);
    expect(item.localName).toBe('newsItem');
    expect(item.getAttribute('guid')).toBe(article.id);
    expect(item.getAttribute('version')).toBe(String(article.version));
    expect(item.getAttribute('standard')).toBe('NewsML-G2');
    expect(item.getAttribute('standardversion')).toBe('2.35');
    expect(item.getAttribute('conformance')).toBe('power');
    expect(item.getAttributeNS(XML_NS, 'lang')).toBe('en');
    expect(childNames(item)).toEqual(['catalogRef', 'catalog', 'rightsInfo', 'itemMeta', 'contentMeta', 'contentSet']);
    expect(nar(document, 'catalogRef')[0]?.getAttribute('href')).toBe('http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml');
    const schemes = nar(document, 'scheme').map((scheme) => `${scheme.getAttribute('alias')}=${scheme.getAttribute('uri')}`);
    expect(schemes).toContain('wd=http://www.wikidata.org/entity/');
    const holder = nar(document, 'copyrightHolder')[0];
    expect(holder?.getAttribute('uri')).toBe('https://www.ansa.it/');
    expect(nar(holder!, 'name')[0]?.textContent).toBe('ANSA');
    expect(nar(document, 'copyrightNotice')[0]?.textContent).toBe(article.rights.notice);
    expect(nar(document, 'usageTerms')[0]?.textContent).toMatch(/ANSA licence/);
  });

  it('writes itemMeta and contentMeta in XSD order, administrative before descriptive', async () => {
    const article = { ...(await seed()), embargoed: '2025-02-13T12:00:00+01:00', signal: 'update' as const, version: 2, editorialNote: 'Adds the Kremlin reaction.' };
    const document = parse(newsItemXml(article, { site: await repoSite() }));
    const itemMeta = nar(document, 'itemMeta')[0];
    expect([...new Set(childNames(itemMeta))]).toEqual(['itemClass', 'provider', 'versionCreated', 'firstCreated', 'embargoed', 'pubStatus', 'generator', 'edNote', 'signal', 'link']);
    expect(nar(itemMeta!, 'signal')[0]?.getAttribute('qcode')).toBe('sig:update');
    expect(nar(itemMeta!, 'pubStatus')[0]?.getAttribute('qcode')).toBe('stat:usable');
    expect(nar(itemMeta!, 'link')[0]?.getAttribute('href')).toBe(article.url);
    expect(document.documentElement.getAttribute('version')).toBe('2');
    const contentMeta = nar(document, 'contentMeta')[0];
    expect([...new Set(childNames(contentMeta))]).toEqual([
      'urgency', 'contentCreated', 'contentModified', 'located', 'infoSource', 'creator',
      'language', 'genre', 'subject', 'keyword', 'slugline', 'headline', 'dateline', 'by', 'description',
    ]);
  });

  it('signals corrections and maps every pubStatus', async () => {
    const site = await repoSite();
    const base = await seed();
    const correction = parse(newsItemXml({ ...base, signal: 'correction' }, { site }));
    expect(nar(correction, 'signal')[0]?.getAttribute('qcode')).toBe('sig:correction');
    for (const status of ['usable', 'withheld', 'canceled'] as const) {
      expect(nar(parse(newsItemXml({ ...base, pubStatus: status }, { site })), 'pubStatus')[0]?.getAttribute('qcode')).toBe(`stat:${status}`);
    }
    expect(nar(parse(newsItemXml(base, { site })), 'signal')).toEqual([]);
  });

  it('has a subject per Media Topic (qcode, name, broader) and per entity (Wikidata qcode under the declared scheme)', async () => {
    const article = await seed();
    const document = parse(newsItemXml(article, { site: await repoSite() }));
    const subjects = nar(document, 'subject');
    const topic = subjects.find((subject) => subject.getAttribute('qcode') === 'medtop:20000076')!;
    expect(topic.getAttribute('type')).toBe('cpnat:abstract');
    expect(nar(topic, 'name')[0]?.textContent).toBe('peace talks');
    expect(nar(topic, 'broader')[0]?.getAttribute('qcode')).toBe('medtop:20000073');
    const putin = subjects.find((subject) => subject.getAttribute('qcode') === 'wd:Q7747')!;
    expect(putin.getAttribute('type')).toBe('cpnat:person');
    expect(subjects.find((subject) => subject.getAttribute('qcode') === 'wd:Q7184')?.getAttribute('type')).toBe('cpnat:organisation');
    expect(subjects.find((subject) => subject.getAttribute('qcode') === 'wd:Q212')?.getAttribute('type')).toBe('cpnat:geoArea');
    expect(subjects).toHaveLength(article.subjects.length + article.entities.length);
    expect(nar(document, 'located')[0]?.getAttribute('qcode')).toBe('wd:Q220');
  });

  it('has one headline per language with xml:lang, variants with a declared role, RTL marked', async () => {
    const article = await seed();
    const document = parse(newsItemXml(article, { site: await repoSite() }));
    const headlines = nar(document, 'headline');
    const main = headlines.filter((headline) => !headline.hasAttribute('role'));
    expect(main.map((headline) => headline.getAttributeNS(XML_NS, 'lang'))).toEqual(['en', 'it', 'es', 'pt-BR', 'ar']);
    expect(main[0]?.textContent).toBe(article.headline);
    expect(main[4]?.getAttribute('dir')).toBe('rtl');
    const roles = headlines.filter((headline) => headline.getAttributeNS(XML_NS, 'lang') === 'en').map((headline) => headline.getAttribute('role'));
    expect(roles).toEqual([null, 'wkhlrole:alternative', 'wkhlrole:seo', 'wkhlrole:short', 'wkhlrole:push', 'wkhlrole:social']);
    expect(headlines.find((headline) => headline.getAttribute('role') === 'wkhlrole:short')?.textContent).toBe(article.headlineVariants.short);
    expect(nar(document, 'scheme').map((scheme) => scheme.getAttribute('alias'))).toContain('wkhlrole');
    const descriptions = nar(document, 'description');
    expect(descriptions.map((description) => description.getAttributeNS(XML_NS, 'lang') || 'en')).toEqual(['en', 'it', 'es', 'pt-BR', 'ar']);
  });

  it('holds the body as namespaced XHTML in inlineXML with wordcount and charcount', async () => {
    const article = await seed();
    const document = parse(newsItemXml(article, { site: await repoSite() }));
    const inline = nar(document, 'inlineXML')[0]!;
    expect(inline.getAttribute('contenttype')).toBe('application/xhtml+xml');
    expect(inline.getAttribute('wordcount')).toBe(String(article.body.wordCount));
    expect(inline.getAttribute('charcount')).toBe(String(article.body.charCount));
    const html = Array.from(inline.childNodes).find((node): node is Element => node.nodeType === 1)!;
    expect(html.namespaceURI).toBe(XHTML_NS);
    expect(html.localName).toBe('html');
    const paragraphs = Array.from(html.getElementsByTagNameNS(XHTML_NS, 'p'));
    expect(paragraphs.length).toBeGreaterThan(3);
    expect(paragraphs[0]?.textContent).toMatch(/^Donald Trump recently expressed/);
  });

  it('is deterministic: same article, same bytes; the message has no clock', async () => {
    const site = await repoSite();
    const articles = await contentArticles();
    expect(newsItemXml(articles[0]!, { site })).toBe(newsItemXml(articles[0]!, { site }));
    expect(newsMessageXml(articles, { site })).toBe(newsMessageXml([...articles], { site }));
  });

  it('writes a newsMessage whose header is derived from the newest item', async () => {
    const site = await repoSite();
    const articles = await contentArticles();
    const document = parse(newsMessageXml(articles, { site })!);
    const message = document.documentElement;
    expect(message.localName).toBe('newsMessage');
    expect(childNames(message)).toEqual(['header', 'itemSet']);
    expect(childNames(nar(document, 'header')[0])).toEqual(['sent', 'sender', 'transmitId', 'priority']);
    const newest = articles.map((article) => article.dateModified).sort((a, b) => Date.parse(b) - Date.parse(a))[0]!;
    expect(Date.parse(nar(document, 'sent')[0]!.textContent!)).toBe(Date.parse(newest));
    expect(nar(document, 'sent')[0]?.textContent).toMatch(/[+-]\d\d:\d\d$/);
    expect(nar(document, 'sender')[0]?.textContent).toBe('ansa.it');
    expect(nar(document, 'priority')[0]?.textContent).toBe('3');
    expect(nar(nar(document, 'itemSet')[0]!, 'newsItem').map((item) => item.getAttribute('guid'))).toEqual(articles.map((article) => article.id));
    expect(newsMessageXml([], { site })).toBeUndefined();
  });

  it('is registered in the per-article formats and the collections', async () => {
    const options = await repoRenderOptions();
    const rendered = render(await seed(), options);
    expect(rendered.formats['newsml']?.map((output) => [output.path, output.mediaType])).toEqual([
      ['newsml/trump-putin-agree-to-start-ukraine-negotiations.xml', 'application/vnd.iptc.g2.newsitem+xml'],
    ]);
    expect(rendered.formats['ninjs']?.map((output) => output.path)).toEqual(['ninjs/trump-putin-agree-to-start-ukraine-negotiations.json']);
  });
});

describe('hostile content stays valid NewsML-G2', () => {
  it('strips control characters, escapes markup, ]]> and entity look-alikes once, keeps RTL text', async () => {
    const site = await repoSite();
    const base = await parseOk(articleSource({ slug: 'hostile' }, 'Body with ]]> and <b>markup</b> &nbsp; and \u0001 control.\n\nCopyright © ANSA\n'));
    const hostile: Article = {
      ...base,
      headline: 'Bad \u0001\u0008 chars ]]> <script>alert(1)</script> &nbsp; &amp; \uFFFE end',
      description: 'Line one\u000b and \ud800 lone surrogate',
      keywords: ['<b>kw</b>', ']]>'],
      translations: { ar: { headline: 'عنوان <b>عربي</b> ]]>', description: 'وصف', headlineVariants: {} } },
      entities: [{ type: 'person', name: 'Tom & "Jerry" <x>', wikidata: 'Q1', role: 'about' }],
    };
    const xml = newsItemXml(hostile, { site });
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe]/);
    const document = parse(xml);
    const headlines = nar(document, 'headline');
    expect(headlines[0]?.textContent).toBe('Bad  chars ]]> <script>alert(1)</script> &nbsp; &amp;  end');
    expect(headlines.find((headline) => headline.getAttributeNS(XML_NS, 'lang') === 'ar')?.textContent).toBe('عنوان <b>عربي</b> ]]>');
    expect(nar(document, 'keyword').map((keyword) => keyword.textContent)).toEqual(['<b>kw</b>', ']]>']);
    const paragraph = document.getElementsByTagNameNS(XHTML_NS, 'p')[0];
    expect(paragraph?.textContent).toMatch(/Body with \]\]> and/);
    if (specsAvailable('NewsML-G2 XSD validation of hostile content')) {
      const [diagnostics] = await checkNewsmlDocuments([{ file: 'hostile.xml', text: xml }], { schemasDir: SPECS });
      expect(diagnostics).toEqual([]);
    }
  });
});

describe('Media Topics', () => {
  const available = specsAvailable('Media Topic vocabulary checks');

  it.runIf(available)('the table and every content subject use real, current codes with IPTC labels and broader topics', async () => {
    const vocabulary = JSON.parse(readFileSync(specPath('medtop-2023-10-24-flat.json'), 'utf8')) as {
      concepts: { qcode: string; label_en_GB: string; retired: string | null; broader: string | null }[];
    };
    const byCode = new Map(vocabulary.concepts.map((concept) => [concept.qcode, concept]));
    for (const [code, topic] of Object.entries(MEDIA_TOPICS)) {
      const concept = byCode.get(code);
      expect(code).toMatch(/^medtop:\d{8}$/);
      expect(concept, code).toBeDefined();
      expect(concept?.retired, code).toBeNull();
      expect(topic.label, code).toBe(concept?.label_en_GB);
      expect(topic.broader ?? null, code).toBe(concept?.broader ?? null);
    }
    for (const article of await contentArticles()) {
      for (const subject of article.subjects) {
        const concept = byCode.get(subject.code);
        expect(concept, `${article.slug}: ${subject.code}`).toBeDefined();
        expect(concept?.retired, subject.code).toBeNull();
        expect(subject.name).toBe(concept?.label_en_GB);
        if (subject.broader !== undefined) expect(subject.broader).toBe(concept?.broader);
        expect(MEDIA_TOPICS[subject.code], `add ${subject.code} to src/formats/media-topics.ts`).toBeDefined();
      }
    }
  });
});
