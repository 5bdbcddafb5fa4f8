import { parseAtomFeed, parseRssFeed } from 'feedsmith';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/article/types.js';
import type { RenderOptions } from '../src/formats/article-formats.js';
import { atomFeed } from '../src/formats/atom.js';
import { selectFeed } from '../src/formats/feed-items.js';
import { jsonFeed } from '../src/formats/jsonfeed.js';
import { newsSitemap } from '../src/formats/news-sitemap.js';
import { rssFeed } from '../src/formats/rss.js';
import { cdataSection, escapeXmlAttribute, escapeXmlText, XmlWriter } from '../src/formats/xml-writer.js';
import { repoRenderOptions } from './helpers.js';
import { HOSTILE_BODY, richArticle } from './fixtures/feeds/articles.js';
import { atomProblems, elements, parseXml, rssProblems, textOf } from './fixtures/feeds/rules.js';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Every hostile thing a headline can carry except an HTML end tag (that one is its own test). */
const HEADLINE = 'Tom & Jerry: a<b && c &amp; d &nbsp; &chips; "q" \u0001\u0008\u000b\ufffe\uffff\ud800 end 😀';
const RTL = 'نص عربي من اليمين إلى اليسار';

let options: RenderOptions;
let hostile: Article;
let outputs: { rss: string; atom: string; json: string; sitemap: string };

beforeAll(async () => {
  options = await repoRenderOptions();
  const base = await richArticle({}, HOSTILE_BODY);
  hostile = {
    ...base,
    headline: HEADLINE,
    description: `Standfirst with <i>tags & ]]> and ${RTL}`,
    translations: { ...base.translations, ar: { headline: `${RTL} 😀 & <`, headlineVariants: {} } },
  };
  const feed = selectFeed([hostile], 'en', options).feed;
  outputs = { rss: rssFeed(feed), atom: atomFeed(feed), json: jsonFeed(feed), sitemap: newsSitemap([hostile], options) };
});

describe('hostile content', () => {
  it('stays well-formed XML and valid for the rule checks', () => {
    expect(rssProblems(outputs.rss)).toEqual([]);
    expect(atomProblems(outputs.atom)).toEqual([]);
    parseXml(outputs.sitemap);
    const arabic = selectFeed([hostile], 'ar', options).feed;
    expect(rssProblems(rssFeed(arabic))).toEqual([]);
    expect(atomProblems(atomFeed(arabic))).toEqual([]);
  });

  it('strips characters XML 1.0 forbids (controls, U+FFFE/U+FFFF, lone surrogates) everywhere', () => {
    for (const text of Object.values(outputs)) expect(CONTROL.test(text)).toBe(false);
    expect(CONTROL.test(JSON.parse(outputs.json).items[0].content_html as string)).toBe(false);
  });

  it('keeps & and < in headlines as text, entity-looking text included', () => {
    const expected = 'Tom & Jerry: a<b && c &amp; d &nbsp; &chips; "q"  end 😀';
    expect(parseRssFeed(outputs.rss).items?.[0]?.title).toBe(expected);
    const atomTitle = parseAtomFeed(outputs.atom).entries?.[0]?.title;
    expect(typeof atomTitle === 'string' ? atomTitle : atomTitle?.value).toBe(expected);
    expect(JSON.parse(outputs.json).items[0].title).toBe(expected);
    expect(textOf(elements(parseXml(outputs.sitemap), 'news:title')[0])).toBe(expected);
  });

  it('splits ]]> safely inside CDATA', () => {
    expect(outputs.rss).toContain(']]]]><![CDATA[>');
    const content = textOf(elements(parseXml(outputs.rss), 'content:encoded')[0]);
    expect(content).toContain('CDATA end ]]> inside');
    expect(cdataSection('a]]>b]]>')).toBe('<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]>');
  });

  it('removes <script>, on* attributes and javascript: links from the body', () => {
    for (const html of [textOf(elements(parseXml(outputs.rss), 'content:encoded')[0]), textOf(elements(parseXml(outputs.atom), 'content')[0]), JSON.parse(outputs.json).items[0].content_html as string]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/javascript:/i);
    }
  });

  it('makes relative links in the body absolute against the article URL', () => {
    const html = JSON.parse(outputs.json).items[0].content_html as string;
    expect(html).toContain('href="https://www.ansa.it/english/news/2025/02/other/story.html"');
    expect(html).toContain('src="https://www.ansa.it/english/news/2025/02/13/pic.png"');
    expect(html).toContain('href="https://example.com/a?b=1&#x26;c=2"');
  });

  it('keeps emoji and right-to-left text intact', () => {
    expect(JSON.parse(outputs.json).items[0].content_html).toContain(`${RTL} 😀`);
    const arabic = rssFeed(selectFeed([hostile], 'ar', options).feed);
    expect(parseRssFeed(arabic).items?.[0]?.title).toBe(`${RTL} 😀 & <`);
    expect(parseXml(atomFeed(selectFeed([hostile], 'ar', options).feed)).documentElement?.getAttribute('xml:lang')).toBe('ar');
  });

  it('escapes plain text as HTML in RSS description (it is an HTML element)', () => {
    expect(parseRssFeed(outputs.rss).items?.[0]?.description).toBe(`Standfirst with &lt;i&gt;tags &amp; ]]&gt; and ${RTL}`);
    expect(JSON.parse(outputs.json).items[0].summary).toBe(`Standfirst with <i>tags & ]]> and ${RTL}`);
  });

  it('warns when a headline carries an HTML end tag (validators flag it)', () => {
    const { diagnostics } = selectFeed([{ ...hostile, headline: 'Say <b>bold</b>', description: 'An <i>end</i> tag' }], 'en', options);
    expect(diagnostics.filter((d) => d.ruleId === 'feed-html-in-text').map((d) => d.field)).toEqual(['headline', 'description']);
    expect(rssProblems(rssFeed(selectFeed([{ ...hostile, headline: 'Say <b>bold</b>' }], 'en', options).feed))).toContain('ContainsHTML title');
    // An end tag that only appears once the feed drops what XML cannot carry.
    const hidden = selectFeed([{ ...hostile, headline: 'Say <b>bold</\u0001b>', description: 'Plain' }], 'en', options).diagnostics;
    expect(hidden.filter((d) => d.ruleId === 'feed-html-in-text').map((d) => d.field)).toEqual(['headline']);
  });
});

describe('XML writer', () => {
  it('escapes every & (xmlbuilder2 4 leaves &name; and &#NN; unescaped)', () => {
    expect(escapeXmlText('&nbsp; &#38; &#x26; <>')).toBe('&amp;nbsp; &amp;#38; &amp;#x26; &lt;&gt;');
    expect(escapeXmlText('a & <b', true)).toBe('a &#x26; &#x3C;b');
    expect(escapeXmlAttribute('"x"\t\n&copy;')).toBe('&quot;x&quot;&#x9;&#xA;&amp;copy;');
  });

  it('writes deterministic, indented documents and skips undefined values', () => {
    const xml = new XmlWriter().open('a', { x: '1', y: undefined }).text('b', 'text').text('c', undefined).empty('d', { z: 2 }).close('a').toString();
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8"?>\n<a x="1">\n  <b>text</b>\n  <d z="2"/>\n</a>\n');
  });
});
