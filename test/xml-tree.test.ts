import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Article } from '../src/article/types.js';
import { newsItemTree } from '../src/formats/newsml.js';
import { XmlElement } from '../src/formats/xml-tree.js';
import { xmlSafe } from '../src/formats/xml-writer.js';
import { articleSource, contentArticles, parseOk, repoSite } from './helpers.js';

/**
 * The NewsML item tree is written by our own serializer for speed; xmlbuilder2 (the project's XML
 * builder) is the reference: the same tree fed to xmlbuilder2 must come out byte for byte the same.
 * xmlbuilder2 takes `&name;` in values for references, so values reach it with `&` already escaped
 * (and tab/LF/CR in attributes as decimal references: it re-escapes hexadecimal ones); it escapes
 * `<`, `>` and `"` itself. Our writer spells those three references in hexadecimal, as the feeds
 * do; the comparison maps the reference's decimal spelling to that, and nothing else.
 */
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const RAW_PLACEHOLDER = 'wirekit:raw';
const referenceText = (text: string): string => xmlSafe(text).replaceAll('&', '&amp;');
const referenceAttribute = (text: string): string =>
  referenceText(text).replaceAll('\t', '&#9;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;');
const hexadecimalBreaks = (xml: string): string => xml.replaceAll('&#9;', '&#x9;').replaceAll('&#10;', '&#xA;').replaceAll('&#13;', '&#xD;');

function addToReference(parent: XMLBuilder, element: XmlElement, raws: string[]): void {
  const namespace = element.attributeList.find(([name]) => name === 'xmlns')?.[1];
  const node = namespace === undefined ? parent.ele(element.name) : parent.ele(namespace, element.name);
  for (const [name, value] of element.attributeList) {
    if (name === 'xmlns') continue;
    if (name.startsWith('xml:')) node.att(XML_NS, name, referenceAttribute(value));
    else node.att(name, referenceAttribute(value));
  }
  if (element.textContent !== undefined) node.txt(referenceText(element.textContent));
  for (const child of element.childList) {
    if (child instanceof XmlElement) addToReference(node, child, raws);
    else {
      raws.push(child.raw);
      node.com(RAW_PLACEHOLDER);
    }
  }
}

function withXmlbuilder2(root: XmlElement): string {
  const document = create();
  const raws: string[] = [];
  addToReference(document, root, raws);
  let index = 0;
  const xml = hexadecimalBreaks(document.end({ headless: true, prettyPrint: true }));
  return xml.replaceAll(`<!--${RAW_PLACEHOLDER}-->`, () => raws[index++] ?? '');
}

describe('XmlElement writes what xmlbuilder2 writes', () => {
  it('for the NewsML item of every article in content/', async () => {
    const site = await repoSite();
    const articles = await contentArticles();
    expect(articles.length).toBeGreaterThanOrEqual(3);
    for (const article of articles) {
      const tree = newsItemTree(article, { site });
      expect(tree.toString(), article.slug).toBe(withXmlbuilder2(tree));
    }
  });

  it('for hostile values: markup, entity look-alikes, quotes, controls, line breaks in attributes, RTL', async () => {
    const site = await repoSite();
    const base = await parseOk(articleSource({ slug: 'hostile' }, 'Body & <b>markup</b> &nbsp; ]]>.\n\nCopyright © ANSA\n'));
    const hostile: Article = {
      ...base,
      headline: 'Tab\there\nnew line "quoted" \'single\' &nbsp; &#65; &amp; <x> ]]> \u0001\u0085 end',
      keywords: ['<b>kw</b>', ']]>', 'a > b'],
      translations: { ar: { headline: 'عنوان <b>عربي</b> "x"\r\n', description: 'وصف', headlineVariants: {} } },
      entities: [{ type: 'person', name: 'Tom & "Jerry" <x>', wikidata: 'Q1', role: 'about' }],
    };
    const tree = newsItemTree(hostile, { site });
    const xml = tree.toString();
    expect(xml).toBe(withXmlbuilder2(tree));
    // The headline appears as a title attribute of the seeAlso link: breaks survive as references.
    expect(xml).toContain('title="Tab&#x9;here&#xA;new line &quot;quoted&quot;');
    expect(xml).toContain('&amp;nbsp; &amp;#65; &amp;amp; &lt;x&gt; ]]&gt;');
  });

  it('lays out empty, text-only, nested and raw children as xmlbuilder2 does', () => {
    const root = new XmlElement('root').att('xmlns', 'urn:example').att('xml:lang', 'en');
    root.ele('empty').att('a', '1');
    root.ele('text').txt('one & two');
    root.ele('blank').txt('');
    root.ele('outer').ele('inner').ele('leaf').txt('x');
    root.ele('block').raw('<p xmlns="http://www.w3.org/1999/xhtml">kept <b>as is</b></p>');
    expect(root.toString()).toBe(withXmlbuilder2(root));
    expect(root.toString()).toBe(
      [
        '<root xmlns="urn:example" xml:lang="en">',
        '  <empty a="1"/>',
        '  <text>one &amp; two</text>',
        '  <blank/>',
        '  <outer>',
        '    <inner>',
        '      <leaf>x</leaf>',
        '    </inner>',
        '  </outer>',
        '  <block>',
        '    <p xmlns="http://www.w3.org/1999/xhtml">kept <b>as is</b></p>',
        '  </block>',
        '</root>',
      ].join('\n'),
    );
  });

  it('refuses to mix text and elements (the layout above has no place for mixed content)', () => {
    expect(() => new XmlElement('a').txt('x').ele('b')).toThrow('<a> holds text');
    const parent = new XmlElement('a');
    parent.ele('b');
    expect(() => parent.txt('x')).toThrow('<a> holds elements');
  });
});
