import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/article/types.js';
import { renderAll } from '../src/build/build.js';
import { bodyHtml } from '../src/formats/body-html.js';
import { ninjsDocument, ninjsJson, type NinjsArticle } from '../src/formats/ninjs.js';
import { formatDiagnostics, type Diagnostic } from '../src/util/diagnostics.js';
import { checkNinjs, GEOJSON_SCHEMA_FILE, NINJS_SCHEMA_FILE } from '../src/validate/ninjs.js';
import { BUNDLED_SCHEMAS_DIR } from '../src/validate/xsd.js';
import { sha256 } from '../src/util/hash.js';
import { articleSource, contentArticles, REPO, parseOk, repoRenderOptions, repoSite, SEED_ARTICLE, SPECS, specPath, specsAvailable } from './helpers.js';

async function seedDocument(overrides: Partial<Article> = {}): Promise<NinjsArticle> {
  const article = { ...(await parseOk(readFileSync(SEED_ARTICLE, 'utf8'), SEED_ARTICLE)), ...overrides };
  return ninjsDocument(article, { site: await repoSite(), bodyHtml: bodyHtml(article.body.tree, article.url) });
}

const errorsOf = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((item) => item.severity === 'error');

describe('ninjs 3.1 document', () => {
  it('uses the 3.1 property names for the fields the issue lists', async () => {
    const document = await seedDocument();
    expect(document.uri).toBe('urn:newsml:ansa.it:20250213:trump-putin-agree-to-start-ukraine-negotiations');
    expect(document).toMatchObject({
      type: 'text',
      version: '1',
      firstCreated: '2025-02-13T10:32:00+01:00',
      versionCreated: '2025-02-13T10:32:00+01:00',
      contentCreated: '2025-02-13T10:32:00+01:00',
      pubStatus: 'usable',
      urgency: 3,
      language: 'en',
      copyrightHolder: 'ANSA',
      copyrightNotice: 'Copyright © ANSA',
      located: 'ROME',
      slugline: 'trump-putin-agree-to-start-ukraine-negotiations',
    });
    expect(document.usageTerms).toMatch(/ANSA licence/);
    expect(document.headlines?.map((headline) => headline.role)).toEqual(['main', 'alternative', 'seo', 'short', 'push', 'social']);
    expect(document.descriptions?.[0]).toMatchObject({ role: 'summary', contentType: 'text/plain' });
    expect(document.bodies?.map((body) => body.contentType)).toEqual(['text/plain', 'text/html']);
    expect(document.bodies?.[1]?.value).toMatch(/^<p>Donald Trump/);
    expect(document.bodies?.[0]?.wordCount).toBeGreaterThan(100);
    expect(document.subjects).toContainEqual({ name: 'peace talks', rel: 'about', uri: 'http://cv.iptc.org/newscodes/mediatopic/20000076', literal: 'medtop:20000076' });
    expect(document.subjects).toContainEqual({ name: 'Vladimir Putin', rel: 'about', uri: 'http://www.wikidata.org/entity/Q7747' });
    expect(document.subjects).toContainEqual({ name: 'ceasefire', rel: 'keyword' });
    expect(document.people?.map((person) => person.name)).toContain('Marco Rubio');
    expect(document.people?.find((person) => person.name === 'Marco Rubio')?.rel).toBe('mentions');
    expect(document.organisations?.map((organisation) => organisation.uri)).toContain('http://www.wikidata.org/entity/Q7184');
    expect(document.places?.map((place) => place.name)).toContain('Brussels');
    expect(document.altIds).toContainEqual({ role: 'canonical-url', value: document.altIds?.[1]?.value });
    expect(document.embargoedUntil).toBeUndefined();
  });

  it('gives each translation as an associated object in its own language', async () => {
    const document = await seedDocument();
    expect(document.associations?.map((association) => association.language)).toEqual(['it', 'es', 'pt-BR', 'ar']);
    const italian = document.associations?.[0];
    expect(italian).toMatchObject({ name: 'translation-it', rel: 'translation', uri: `${document.uri}:it`, type: 'text' });
    expect(italian?.headlines?.[0]).toEqual({ role: 'main', value: "Trump e Putin concordano di avviare subito i negoziati sull'Ucraina" });
  });

  it('writes embargoedUntil, version and pubStatus from the article', async () => {
    const document = await seedDocument({ embargoed: '2025-02-13T12:00:00+01:00', version: 3, pubStatus: 'withheld' });
    expect(document).toMatchObject({ embargoedUntil: '2025-02-13T12:00:00+01:00', version: '3', pubStatus: 'withheld' });
  });

  it('is stable JSON text', async () => {
    const article = await parseOk(readFileSync(SEED_ARTICLE, 'utf8'), SEED_ARTICLE);
    const options = { site: await repoSite(), bodyHtml: bodyHtml(article.body.tree, article.url) };
    const text = ninjsJson(article, options);
    expect(text).toBe(ninjsJson(article, options));
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(ninjsDocument(article, options));
  });
});

describe.runIf(specsAvailable('ninjs 3.1 schema validation'))('ninjs against the official 3.1 JSON Schema', () => {
  it('validates every ninjs file the build writes', async () => {
    const { outputs } = renderAll(await contentArticles(), await repoRenderOptions());
    const files = outputs.filter((output) => output.path.startsWith('ninjs/'));
    expect(files.length).toBe((await contentArticles()).length);
    for (const file of files) {
      expect(formatDiagnostics(await checkNinjs(file.content, { file: file.path, schemasDir: SPECS }))).toBe('');
    }
  });

  it('accepts the official ninjs 3.x examples', async () => {
    const examples = readdirSync(specPath('ninjs', 'examples')).filter((name) => /^3\.[01]_/.test(name));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const name of examples) {
      const diagnostics = await checkNinjs(readFileSync(specPath('ninjs', 'examples', name), 'utf8'), { file: name, schemasDir: SPECS });
      expect(formatDiagnostics(diagnostics), name).toBe('');
    }
  });

  it('keeps hostile content valid', async () => {
    const base = await parseOk(articleSource({ slug: 'hostile' }, 'Body with ]]> and <b>markup</b> and \u0001 control.\n\nCopyright © ANSA\n'));
    const article: Article = { ...base, headline: 'Bad \u0001 </script> ]]> \u2028 \ud800 end', translations: { ar: { headline: 'عنوان <b>عربي</b>', headlineVariants: {} } } };
    const text = ninjsJson(article, { site: await repoSite(), bodyHtml: bodyHtml(article.body.tree, article.url) });
    expect(await checkNinjs(text, { file: 'hostile.json', schemasDir: SPECS })).toEqual([]);
  });

  const faults: { name: string; text: string; message: RegExp; line: number }[] = [
    {
      name: 'a property ninjs 3.1 does not define (1.x `keywords`)',
      text: '{\n  "uri": "urn:x:1",\n  "keywords": ["a"]\n}\n',
      message: /^Expected only ninjs 3.1 properties in the document, found `keywords`, which the schema does not define$/,
      line: 3,
    },
    { name: 'a misspelt property (`embargoed`)', text: '{\n  "uri": "urn:x:1",\n  "embargoed": "2025-02-13T12:00:00+01:00"\n}\n', message: /found `embargoed`/, line: 3 },
    { name: 'an unknown pubStatus', text: '{\n  "uri": "urn:x:1",\n  "pubStatus": "published"\n}\n', message: /^Expected one of "usable", "withheld", "canceled" for `pubStatus`, found "published"$/, line: 3 },
    { name: 'a date without offset', text: '{\n  "uri": "urn:x:1",\n  "versionCreated": "2025-02-13 10:32"\n}\n', message: /^Expected `versionCreated` to be a date-time \(RFC 3339/, line: 3 },
    { name: 'a headline without value', text: '{\n  "uri": "urn:x:1",\n  "headlines": [\n    { "role": "main" }\n  ]\n}\n', message: /^Expected the required property `value` in `headlines.0`, found none$/, line: 4 },
    { name: 'a number where a string belongs', text: '{\n  "uri": "urn:x:1",\n  "version": 2\n}\n', message: /^Expected `version` to be a string, found a number$/, line: 3 },
    { name: 'no uri', text: '{\n  "type": "text"\n}\n', message: /required property `uri`/, line: 1 },
  ];

  for (const fault of faults) {
    it(`rejects ${fault.name} with a readable, placed message`, async () => {
      const diagnostics = errorsOf(await checkNinjs(fault.text, { file: 'fault.json', schemasDir: SPECS }));
      const match = diagnostics.find((item) => fault.message.test(item.message));
      expect(match, formatDiagnostics(diagnostics)).toBeDefined();
      expect(match?.line).toBe(fault.line);
      expect(match?.column).toBeGreaterThan(0);
    });
  }

  it('reports invalid JSON from the JSON parser', async () => {
    const diagnostics = await checkNinjs('{ "uri": ', { file: 'broken.json', schemasDir: SPECS });
    expect(errorsOf(diagnostics).map((item) => item.ruleId)).toEqual(['json-syntax']);
  });
});

describe('ninjs checker without schemas', () => {
  it('checks the basic shape and says the schema was skipped', async () => {
    expect((await checkNinjs('{"uri":"urn:x:1"}', { file: 'a.json' })).map((item) => item.ruleId)).toEqual(['ninjs-schema-skipped']);
    expect(errorsOf(await checkNinjs('[]', { file: 'a.json' })).map((item) => item.message)).toEqual(['Expected a ninjs object, found an array']);
  });
});

describe('the precompiled ninjs validator (written by npm run compile for the shipped schemas)', () => {
  it('is made from the very schema files the package ships', () => {
    const made = createRequire(import.meta.url)(path.join(REPO, 'dist', 'ninjs-validator.cjs')) as { schemaHash: string };
    const text = (file: string): string => readFileSync(path.join(BUNDLED_SCHEMAS_DIR, file), 'utf8');
    expect(made.schemaHash).toBe(sha256(`${sha256(text(NINJS_SCHEMA_FILE))}${sha256(text(GEOJSON_SCHEMA_FILE))}`));
  });

  it('finds what a schema compiled at run time finds, places and all, on spoiled documents', async () => {
    // The same schemas with one more byte: not the precompiled ones, so Ajv compiles them.
    const copy = mkdtempSync(path.join(tmpdir(), 'wirekit-ninjs-'));
    mkdirSync(path.join(copy, 'ninjs'));
    writeFileSync(path.join(copy, NINJS_SCHEMA_FILE), `${readFileSync(path.join(BUNDLED_SCHEMAS_DIR, NINJS_SCHEMA_FILE), 'utf8')}\n`);
    writeFileSync(path.join(copy, GEOJSON_SCHEMA_FILE), readFileSync(path.join(BUNDLED_SCHEMAS_DIR, GEOJSON_SCHEMA_FILE)));
    const rendered = renderAll(await contentArticles(), await repoRenderOptions()).outputs.find((output) => output.path.startsWith('ninjs/'));
    if (!rendered) throw new Error('expected a ninjs output');
    const value = JSON.parse(rendered.content) as Record<string, unknown>;
    const spoiled = [
      rendered.content,
      JSON.stringify({ ...value, uri: 42, unknownField: true, version: 'one', firstcreated: 'yesterday', pubstatus: 'maybe' }, null, 2),
      JSON.stringify({ ...value, headlines: [{ role: 1 }], subjects: 'none', located: { type: 'Point', coordinates: ['x'] } }, null, 2),
    ];
    let findings = 0;
    for (const text of spoiled) {
      const shipped = await checkNinjs(text, { file: 'a.json', schemasDir: BUNDLED_SCHEMAS_DIR });
      expect(shipped).toEqual(await checkNinjs(text, { file: 'a.json', schemasDir: copy }));
      findings += shipped.filter((found) => found.ruleId === 'ninjs-schema').length;
    }
    expect(findings).toBeGreaterThan(5);
  });
});
