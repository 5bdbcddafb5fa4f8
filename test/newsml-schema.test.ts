import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../src/build/build.js';
import { formatDiagnostics, type Diagnostic } from '../src/util/diagnostics.js';
import { checkNewsml, checkNewsmlDocuments } from '../src/validate/newsml.js';
import { processFile, processFiles, type ProcessedArticle } from '../src/build/process.js';
import { readdirSync } from 'node:fs';
import { CONTENT } from './helpers.js';
import { loadNewsmlSchemas, readableXsdMessage, validateWithXsd } from '../src/validate/xsd.js';
import { contentArticles, REPO, repoRenderOptions, SPECS, specPath, specsAvailable } from './helpers.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'newsml');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const errors = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((item) => item.severity === 'error');
const withSpecs = specsAvailable('NewsML-G2 XSD validation');

describe.runIf(withSpecs)('NewsML-G2 output against the official 2.35 XSD', () => {
  it('validates every NewsML-G2 file the build writes, with one compiled schema', async () => {
    const articles = await contentArticles();
    const { outputs } = renderAll(articles, await repoRenderOptions());
    const documents = outputs.filter((output) => output.path.startsWith('newsml/')).map((output) => ({ file: output.path, text: output.content }));
    // One item per article plus the message.
    expect(documents.map((document) => document.file).sort()).toEqual([...articles.map((article) => `newsml/${article.slug}.xml`), 'newsml/message.xml'].sort());
    // The raw XSD validation first, then the checker that wraps it.
    const raw = await validateWithXsd(documents, await loadNewsmlSchemas(SPECS));
    expect(formatDiagnostics(raw.flat())).toBe('');
    const checked = await checkNewsmlDocuments(documents, { schemasDir: SPECS });
    expect(formatDiagnostics(checked.flat())).toBe('');
  });

  it('accepts the IPTC examples LISTING_1, 2, 22 and 29 and the should-pass unit tests', async () => {
    const names = [
      'examples/LISTING_1_A_NewsML-G2_News_Item.xml',
      'examples/LISTING_2_NewsML-G2_Text_Document.xml',
      'examples/LISTING_22_Sports_story_in_NewsML-G2NITF.xml',
      'examples/LISTING_29_Hop_History.xml',
      'tests/2.29_should_pass_001_simplest_file.xml',
      'tests/2.30_should_pass_CR00211_01_newsitem_with_no_catalog.xml',
      'tests/2.33_should_pass_CR00217_digitalSourceType_on_contentMeta.xml',
      'tests/2.35_should_pass_CR00221_eventstatus.xml',
    ];
    const documents = names.map((name) => ({ file: name, text: readFileSync(specPath('newsml-g2-2.35', name), 'utf8') }));
    const results = await checkNewsmlDocuments(documents, { schemasDir: SPECS });
    expect(formatDiagnostics(results.flat())).toBe('');
  });

  it('build: articles processed together get what each gets alone', async () => {
    const options = await repoRenderOptions();
    const files = readdirSync(CONTENT).filter((name) => name.endsWith('.md')).sort().map((name) => ({ file: path.join(CONTENT, name), shown: name }));
    const batch: ProcessedArticle[] = [];
    await processFiles(files, options, { schemasDir: SPECS }, async (result) => void batch.push(result));
    const alone = await Promise.all(files.map(({ file, shown }) => processFile(file, shown, options, { schemasDir: SPECS })));
    const sorted = (items: readonly Diagnostic[]): string[] => items.map((item) => JSON.stringify(item)).sort();
    expect(batch.map((result) => sorted(result.diagnostics))).toEqual(alone.map((result) => sorted(result.diagnostics)));
    expect(batch.map((result) => result.outputs)).toEqual(alone.map((result) => result.outputs));
  });

  it('accepts the valid fixture the faulty ones derive from', async () => {
    expect(await checkNewsml(fixture('valid-item.xml'), { file: 'valid-item.xml', schemasDir: SPECS })).toEqual([]);
  });

  // Each classic fault: the built-in rule names what was expected and found, at line:column; the
  // XSD agrees where it can see the fault (it cannot see inside inlineXML: processContents="lax").
  const faults: { file: string; rule: string; message: RegExp; line: number; column: number | undefined; xsd: RegExp | undefined }[] = [
    { file: 'embargoed-after-pubstatus.xml', rule: 'newsml-itemmeta-order', message: /Expected <embargoed> before <pubStatus> in <itemMeta>, found it after \(<pubStatus> is at 8:5\)/, line: 9, column: 5, xsd: /expected .*<signal> here, found <embargoed>/ },
    { file: 'administrative-after-descriptive.xml', rule: 'newsml-contentmeta-order', message: /Expected administrative <creator> before every descriptive element of <contentMeta>, found it after descriptive <language> \(at 13:5\)/, line: 18, column: 5, xsd: /found <creator>/ },
    { file: 'qcode-without-scheme.xml', rule: 'newsml-qcode', message: /Expected a QCode scheme:code .* in attribute `qcode` of <subject>, found "20000076" without a scheme/, line: 17, column: 14, xsd: /Attribute `qcode` of <subject> must match the pattern/ },
    { file: 'unnamespaced-inlinexml.xml', rule: 'newsml-inlinexml-namespace', message: /Expected <html> in <inlineXML> to declare xmlns="http:\/\/www.w3.org\/1999\/xhtml", found no xmlns of its own \(so it is in the NewsML-G2 namespace\)/, line: 24, column: undefined, xsd: undefined },
    { file: 'message-without-header.xml', rule: 'newsml-message-header', message: /Expected <header> as the first child of <newsMessage>, found <itemSet>/, line: 3, column: 3, xsd: /<itemSet>/ },
    { file: 'three-part-standardversion.xml', rule: 'newsml-standardversion', message: /Expected a two-part standardversion such as "2.35", found "2.35.0"/, line: 2, column: 135, xsd: /standardversion` of <newsItem> must match the pattern \[0-9\]\+\\.\[0-9\]\+, found "2.35.0"/ },
  ];

  for (const fault of faults) {
    it(`rejects ${fault.file} with a readable message`, async () => {
      const diagnostics = await checkNewsml(fixture(fault.file), { file: fault.file, schemasDir: SPECS });
      const rule = diagnostics.find((item) => item.ruleId === fault.rule);
      expect(rule, formatDiagnostics(diagnostics)).toBeDefined();
      expect(rule?.severity).toBe('error');
      expect(rule?.message).toMatch(fault.message);
      expect(rule?.line).toBe(fault.line);
      // (The shared XML parser places an element that directly follows a start tag a few columns late.)
      if (fault.column !== undefined) expect(rule?.column).toBe(fault.column);
      expect(rule?.expected).toBeTruthy();
      expect(rule?.actual).toBeTruthy();
      const xsd = diagnostics.filter((item) => item.ruleId === 'newsml-xsd');
      if (fault.xsd) {
        expect(xsd.map((item) => item.message).join('\n')).toMatch(fault.xsd);
        // XSD messages are placed too, and say element names without {namespace} noise.
        for (const item of xsd) {
          expect(item.line).toBeGreaterThan(0);
          expect(item.column).toBeGreaterThan(0);
          expect(item.message).not.toMatch(/\{http/);
        }
      } else {
        expect(xsd).toEqual([]);
      }
    });
  }

  it('reports a document that is not well-formed once, from the XML parser, not again from libxml2', async () => {
    const diagnostics = await checkNewsml('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta></newsItem>', { file: 'broken.xml', schemasDir: SPECS });
    expect(errors(diagnostics).map((item) => item.ruleId)).toEqual(['xml-well-formed']);
  });

  it('says when the schemas folder lacks the XSD, and still runs the built-in rules', async () => {
    const diagnostics = await checkNewsml(fixture('embargoed-after-pubstatus.xml'), { file: 'x.xml', schemasDir: path.join(REPO, 'test') });
    expect(diagnostics.map((item) => item.ruleId).sort()).toEqual(['newsml-itemmeta-order', 'newsml-xsd-unavailable']);
  });
});

describe('NewsML-G2 built-in rules without schemas', () => {
  it('checks structure and says that the XSD was skipped', async () => {
    const valid = await checkNewsml(fixture('valid-item.xml'), { file: 'valid-item.xml' });
    expect(valid.map((item) => [item.severity, item.ruleId])).toEqual([['info', 'newsml-xsd-skipped']]);
    const faulty = await checkNewsml(fixture('three-part-standardversion.xml'), { file: 'f.xml' });
    expect(errors(faulty).map((item) => item.ruleId)).toEqual(['newsml-standardversion']);
  });

  it('rejects a root that is not NewsML-G2', async () => {
    const diagnostics = await checkNewsml('<newsItem guid="x"/>', { file: 'plain.xml' });
    expect(errors(diagnostics)[0]?.message).toBe('Expected <newsItem> or <newsMessage> (or another G2 item) in the namespace http://iptc.org/std/nar/2006-10-01/, found <newsItem> in no namespace');
  });
});

describe('NewsML-G2 documents a stranger sends', () => {
  const item = (prolog: string, body = '<itemMeta/>'): string => `<?xml version="1.0"?>\n${prolog}<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" version="1" standard="NewsML-G2" standardversion="2.35">${body}</newsItem>\n`;

  it('refuses a DOCTYPE that declares entities before any parser expands them', async () => {
    const laughs = Array.from({ length: 9 }, (_, level) => `<!ENTITY l${level + 1} "${`&l${level};`.repeat(10)}">`).join('');
    const diagnostics = await checkNewsml(item(`<!DOCTYPE newsItem [<!ENTITY l0 "lol">${laughs}]>\n`, '<itemMeta>&l9;</itemMeta>'), { file: 'laughs.xml', schemasDir: SPECS });
    expect(diagnostics).toMatchObject([{ ruleId: 'xml-entity-declaration', severity: 'error', line: 2, column: 1 }]);
    expect(JSON.stringify(diagnostics)).not.toMatch(/lollol/);
  });

  it('notes an external DTD (never fetched) and a plain DOCTYPE', async () => {
    const external = await checkNewsml(item('<!DOCTYPE newsItem SYSTEM "http://127.0.0.1:9/g2.dtd">\n'), { file: 'dtd.xml' });
    expect(external.map((found) => [found.ruleId, found.line, found.column])).toContainEqual(['xml-entity-declaration', 2, 1]);
    const plain = await checkNewsml(item('<!-- a note -->\n<!DOCTYPE newsItem>\n'), { file: 'plain.xml' });
    expect(plain.map((found) => [found.ruleId, found.line, found.column])).toContainEqual(['xml-doctype', 3, 1]);
  });

  it('reports the first well-formedness error at its line:column, and nothing after it', async () => {
    const diagnostics = await checkNewsml(item('', '<itemMeta>\n  <pubStatus qcode="stat:usable">\n</itemMeta>'), { file: 'broken.xml', schemasDir: SPECS });
    expect(errors(diagnostics)).toMatchObject([{ ruleId: 'xml-well-formed', line: 4 }]);
    expect(errors(diagnostics)[0]?.message).toMatch(/^Expected well-formed XML, found: .*pubStatus/);
    expect(errors(diagnostics)[0]?.column).toBeGreaterThan(1);
  });

  it('keeps the XML bounds of the other checks: nesting, attributes on one element', async () => {
    const deep = await checkNewsml(item('', `<contentSet><inlineXML>${'<div>'.repeat(300)}${'</div>'.repeat(300)}</inlineXML></contentSet>`), { file: 'deep.xml', schemasDir: SPECS });
    expect(deep).toMatchObject([{ ruleId: 'xml-limit', line: 2 }]);
    expect(deep[0]?.message).toMatch(/at most 256 elements deep/);
    const attributes = Array.from({ length: 600 }, (_, index) => `a${index}="${index}"`).join(' ');
    const wide = await checkNewsml(item('', `<itemMeta ${attributes}/>`), { file: 'wide.xml', schemasDir: SPECS });
    expect(wide).toMatchObject([{ ruleId: 'xml-limit', line: 2 }]);
    expect(wide[0]?.message).toMatch(/at most 512 attributes on one element/);
    expect(wide[0]?.column).toBe(item('', '<itemMeta ').split('\n')[1]?.indexOf('<itemMeta') + 1);
  });

  it('places a rule finding on the element it names, among siblings of other names on one line', async () => {
    const text = item('', '<contentMeta><language tag="en"/><subject qcode="medtop:1"/><subject qcode="nocolon"/></contentMeta>');
    const [finding] = (await checkNewsml(text, { file: 'one-line.xml' })).filter((found) => found.ruleId === 'newsml-qcode');
    expect(finding).toMatchObject({ line: 2, actual: 'nocolon' });
    expect(text.split('\n')[1]?.slice((finding?.column ?? 0) - 1).startsWith('qcode="nocolon"')).toBe(true);
  });

  it('reads QCodes where G2 puts them: not inside <inlineXML> or foreign elements, nor prefixed attributes or a timestamp’s role', async () => {
    const body = [
      '<itemMeta><itemClass qcode="bad1"/><title role="bad2">t</title><timestamp role="skip1"/></itemMeta>',
      '<contentMeta><x:ext xmlns:x="urn:x" qcode="skip2"><subject qcode="skip3"/></x:ext>',
      '<subject xmlns:x="urn:x" x:qcode="skip4" qcode="bad3 medtop:1  bad4"><broader qcode="bad5"/></subject></contentMeta>',
      '<contentSet><inlineXML contenttype="application/xhtml+xml"><p qcode="skip5"/><subject qcode="skip6"/></inlineXML></contentSet>',
    ].join('\n');
    const found = (await checkNewsml(item('', body), { file: 'where.xml' })).filter((finding) => finding.ruleId === 'newsml-qcode');
    expect(found.map((finding) => `${finding.field} ${finding.actual} ${finding.line}`)).toEqual(['itemClass@qcode bad1 2', 'title@role bad2 2', 'subject@qcode bad3 4', 'subject@qcode bad4 4', 'broader@qcode bad5 4']);
  });
});

describe('XSD messages', () => {
  it('are said without {namespace} noise, as expected/found sentences', () => {
    const raw = "Element '{http://iptc.org/std/nar/2006-10-01/}embargoed': This element is not expected. Expected is one of ( {http://iptc.org/std/nar/2006-10-01/}role, {http://iptc.org/std/nar/2006-10-01/}signal ).";
    expect(readableXsdMessage(raw).message).toBe('XSD: expected <role>, <signal> here, found <embargoed>');
  });
});
