import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/article/types.js';
import { writeCorpus } from '../src/bench/corpus.js';
import { checkOutputs } from '../src/build/check.js';
import { render, takeSerializedTree } from '../src/build/render.js';
import { NAR_NS, newsItemDocument, newsItemTree } from '../src/formats/newsml.js';
import { XmlElement } from '../src/formats/xml-tree.js';
import { checkNewsmlStructure, checkOwnNewsml } from '../src/validate/newsml.js';
import { ownXmlTree } from '../src/validate/xml-own.js';
import { parseXml, type XmlElement as CheckedElement } from '../src/validate/xml.js';
import { Report } from '../src/validate/rules.js';
import { articleSource, CONTENT, contentArticles, parseOk, readContent, removeTemporary, repoRenderOptions, repoSite, temporaryFolder } from './helpers.js';

afterAll(removeTemporary);

/**
 * The build checks its NewsML-G2 items on the tree they were written from (`ownXmlTree`) and
 * parses the text only when the rules find something. The tree must be what saxes reads from the
 * text, in everything a rule can look at.
 */
interface Shape {
  name: string;
  prefix: string;
  local: string;
  uri: string;
  attributes: { name: string; prefix: string; local: string; uri: string; value: string }[];
  text: string[];
  children?: Shape[];
}

/** Everything but places and whitespace-only text; a block's (XHTML) content only with `deep`. */
function shape(element: CheckedElement, deep = true): Shape {
  const { name, prefix, local, uri } = element;
  const attributes = element.attributes.map((item) => ({ name: item.name, prefix: item.prefix, local: item.local, uri: item.uri, value: item.value }));
  const text = element.children.flatMap((child) => (child.kind === 'text' && child.value.trim() !== '' ? [child.value] : []));
  const result: Shape = { name, prefix, local, uri, attributes, text };
  if (deep) result.children = element.children.flatMap((child) => (child.kind === 'element' ? [shape(child, local !== 'inlineXML')] : []));
  return result;
}

const parsedShape = (text: string): Shape | undefined => {
  const root = parseXml(text, new Report('item.xml')).root;
  return root && shape(root);
};

async function hostileArticles(): Promise<Article[]> {
  const base = await parseOk(articleSource({ slug: 'hostile' }, 'Body & <b>markup</b> &nbsp; ]]>.\r\n\r\nSecond\rline.\n\nCopyright © ANSA\n'));
  return [
    {
      ...base,
      headline: 'Tab\there\nnew line\r\nCR\r "quoted" \'single\' &nbsp; &#65; &amp; <x> ]]> \u0001\u0085\ud800 end',
      keywords: ['<b>kw</b>', ']]>', 'a > b', '  spaced  '],
      translations: { ar: { headline: 'عنوان <b>عربي</b> "x"\r\n', description: 'وصف', headlineVariants: {} } },
      entities: [{ type: 'person', name: 'Tom & "Jerry" <x>\t', wikidata: 'Q1', role: 'about' }],
    },
  ];
}

describe('ownXmlTree', () => {
  it('gives what parsing the written item gives, for every article in content/, generated ones and hostile ones', async () => {
    const site = await repoSite();
    const corpus = temporaryFolder();
    await writeCorpus(corpus, 40, CONTENT);
    const generated = await Promise.all(readdirSync(corpus).map((name) => parseOk(readFileSync(path.join(corpus, name)), name)));
    const articles = [...(await contentArticles()), ...generated, ...(await hostileArticles())];
    expect(articles.length).toBeGreaterThan(40);
    for (const article of articles) {
      const tree = newsItemTree(article, { site });
      const own = ownXmlTree(tree);
      expect(own, article.slug).toBeDefined();
      expect(own && shape(own), article.slug).toEqual(parsedShape(newsItemDocument(tree)));
    }
  });

  it('declines what it cannot stand for: an undeclared prefix, a repeated attribute, a block it cannot read, a broken limit', () => {
    const declined = (root: XmlElement, limits = {}): boolean => ownXmlTree(root, limits) === undefined;
    expect(declined(new XmlElement('p:item').att('xmlns', NAR_NS))).toBe(true);
    expect(declined(new XmlElement('item').att('p:a', 'x'))).toBe(true);
    expect(declined(new XmlElement('item').att('a', '1').att('a', '2'))).toBe(true);
    expect(declined(new XmlElement('item').att('xmlns:p', ''))).toBe(true);
    expect(declined(new XmlElement('item').att('xmlns:xml', 'urn:other'))).toBe(true);
    expect(declined(new XmlElement('item').raw('<html a="&amp;"></html>'))).toBe(true);
    expect(declined(new XmlElement('item').raw('not markup'))).toBe(true);
    const deep = new XmlElement('a');
    deep.ele('b').ele('c');
    expect(declined(deep, { maxDepth: 2 })).toBe(true);
    expect(declined(deep, { maxNodes: 2 })).toBe(true);
    expect(declined(deep)).toBe(false);
    // A block counts with what is inside it, as the text's parse counts it.
    const block = new XmlElement('item');
    block.ele('inline').raw('<html xmlns="urn:h"><body><div><p>a<b>b</b></p><br/></div></body></html>');
    expect(declined(block)).toBe(false);
    expect(declined(block, { maxDepth: 6 })).toBe(true);
    expect(declined(block, { maxDepth: 7 })).toBe(false);
    expect(declined(block, { maxNodes: 7 })).toBe(true);
    expect(declined(block, { maxNodes: 8 })).toBe(false);
    for (const limits of [{ maxDepth: 6 }, { maxDepth: 7 }, { maxNodes: 7 }, { maxNodes: 8 }]) {
      const text = block.toString();
      const parsed = parseXml(text, new Report('x.xml'), limits).root !== undefined;
      expect(parsed, JSON.stringify(limits)).toBe(!declined(block, limits));
    }
  });
});

/** Items spoiled the ways the rules catch, each on a fresh tree. */
function spoiledItems(article: Article, site: Awaited<ReturnType<typeof repoSite>>): [string, XmlElement][] {
  const fresh = (): XmlElement => newsItemTree(article, { site });
  const childNamed = (parent: XmlElement, name: string): XmlElement => {
    const found = parent.childList.find((child): child is XmlElement => child instanceof XmlElement && child.name === name);
    if (!found) throw new Error(`no <${name}>`);
    return found;
  };
  const reorder = (parent: XmlElement, first: string, second: string): void => {
    const list = parent.childList as XmlElement[];
    const a = list.findIndex((child) => child.name === first);
    const b = list.findIndex((child) => child.name === second);
    [list[a], list[b]] = [list[b] as XmlElement, list[a] as XmlElement];
  };
  const cases: [string, (item: XmlElement) => void][] = [
    ['three-part standardversion', (item) => void ((item.attributeList as [string, string][]).find(([name]) => name === 'standardversion')![1] = '2.35.0')],
    ['itemMeta out of order', (item) => reorder(childNamed(item, 'itemMeta'), 'itemClass', 'pubStatus')],
    ['contentMeta out of order', (item) => reorder(childNamed(item, 'contentMeta'), 'contentCreated', 'headline')],
    ['a QCode without a scheme', (item) => void childNamed(childNamed(item, 'contentMeta'), 'headline').att('role', 'plain')],
    ['an XHTML body without its namespace', (item) => {
      const inline = childNamed(childNamed(item, 'contentSet'), 'inlineXML');
      const raw = inline.childList[0] as { raw: string };
      (inline.childList as unknown[])[0] = { raw: raw.raw.replace(' xmlns="http://www.w3.org/1999/xhtml"', '') };
    }],
    ['a root in no namespace', (item) => void ((item.attributeList as [string, string][]).find(([name]) => name === 'xmlns')![1] = '')],
  ];
  return cases.map(([name, spoil]) => {
    const item = fresh();
    spoil(item);
    return [name, item];
  });
}

describe('checkOwnNewsml', () => {
  it('finds what checking the text finds, with the same places, on clean and spoiled items', async () => {
    const site = await repoSite();
    const articles = [...(await contentArticles()), ...(await hostileArticles())];
    let spoiledSeen = 0;
    for (const article of articles) {
      const clean = newsItemTree(article, { site });
      expect(checkOwnNewsml(clean, newsItemDocument(clean), 'item.xml')).toEqual(checkNewsmlStructure(newsItemDocument(clean), 'item.xml'));
      for (const [name, item] of spoiledItems(article, site)) {
        const text = newsItemDocument(item);
        const fromText = checkNewsmlStructure(text, 'item.xml');
        expect(fromText.diagnostics.filter((entry) => entry.ruleId.startsWith('newsml-')).length, name).toBeGreaterThan(0);
        expect(checkOwnNewsml(item, text, 'item.xml'), name).toEqual(fromText);
        spoiledSeen++;
      }
    }
    expect(spoiledSeen).toBeGreaterThanOrEqual(24);
  });

  it('is what the build uses for an item just rendered, and a copy of it is checked from its text alike', async () => {
    const options = await repoRenderOptions();
    const article = await parseOk(readContent('2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md'));
    const peek = render(article, options).outputs.find((output) => output.path.startsWith('newsml/'));
    expect(peek && takeSerializedTree(peek)).toBeInstanceOf(XmlElement);
    expect(peek && takeSerializedTree(peek)).toBeUndefined();
    const outputs = render(article, options).outputs;
    const copies = outputs.map((output) => ({ ...output }));
    expect(copies.some((output) => takeSerializedTree(output) !== undefined)).toBe(false);
    expect(await checkOutputs(outputs)).toEqual(await checkOutputs(copies));
  });
});
