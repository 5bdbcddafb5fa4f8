import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/util/diagnostics.js';
import { validate } from '../src/validate/index.js';

/**
 * Validating a stranger's file is safe: nothing expands, nothing is fetched, every limit stops the
 * parse where it is crossed with one diagnostic saying so. (How fast is for `npm run bench`.)
 */

const RSS_HEAD = '<?xml version="1.0"?>\n';
const check = async (content: string | Uint8Array, limits = {}): Promise<Diagnostic[]> => (await validate({ path: 'hostile.xml', content }, { limits })).diagnostics;
const idsOf = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((item) => item.ruleId);

describe('validate: hostile input', () => {
  it('billion laughs: entity declarations are refused, nothing is expanded', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let level = 1; level <= 9; level++) entities.push(`<!ENTITY lol${level} "${`&lol${level === 1 ? '' : level - 1};`.repeat(10)}">`);
    const text = `${RSS_HEAD}<!DOCTYPE rss [\n${entities.join('\n')}\n]>\n<rss version="2.0"><channel><title>&lol9;</title></channel></rss>\n`;
    const diagnostics = await check(text);
    // Refused at the DOCTYPE (line 2), and the document is not read on: no rule ever sees "lol…".
    expect(diagnostics).toMatchObject([{ ruleId: 'xml-entity-declaration', line: 2, column: 1 }]);
    expect(JSON.stringify(diagnostics)).not.toMatch(/lollol/);
  });

  it('quadratic blowup: a large entity referenced many times is never expanded', async () => {
    const text = `${RSS_HEAD}<!DOCTYPE rss [<!ENTITY a "${'x'.repeat(50_000)}">]>\n<rss version="2.0"><channel><title>${'&a;'.repeat(50_000)}</title></channel></rss>\n`;
    const diagnostics = await check(text);
    expect(diagnostics).toMatchObject([{ ruleId: 'xml-entity-declaration', line: 2, column: 1 }]);
    expect(JSON.stringify(diagnostics)).not.toMatch(/xxxxxxxxxx/);
  });

  it('undeclared entity references stop at the first error', async () => {
    const text = `${RSS_HEAD}<rss version="2.0"><channel><title>${'&a;'.repeat(200_000)}</title></channel></rss>\n`;
    // One diagnostic at the first reference (after `<title>` on line 2), not 200,000.
    expect(await check(text)).toMatchObject([{ ruleId: 'xml-well-formed', line: 2, column: 38 }]);
  });

  it('external entities and DTDs are never fetched or read (no network, no file access)', async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.end('<!ENTITY x "pwned">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const xxe = await validate({ path: 'xxe.xml', content: `${RSS_HEAD}<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss version="2.0"><channel><title>&xxe;</title></channel></rss>` });
      expect(xxe.diagnostics.map((item) => item.ruleId)).toContain('xml-entity-declaration');
      expect(JSON.stringify(xxe.diagnostics)).not.toMatch(/root:/);
      const dtd = await validate({ path: 'dtd.xml', content: `${RSS_HEAD}<!DOCTYPE rss SYSTEM "http://127.0.0.1:${port}/rss.dtd">\n<rss version="2.0"><channel><title>t</title></channel></rss>` });
      expect(dtd.diagnostics.map((item) => item.ruleId)).toContain('xml-entity-declaration');
      const parameter = await validate({ path: 'pe.xml', content: `${RSS_HEAD}<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:${port}/p.dtd"> %p;]>\n<rss version="2.0"/>` });
      expect(parameter.diagnostics.map((item) => item.ruleId)).toContain('xml-entity-declaration');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('input size limit, with a clear message', async () => {
    const result = await validate({ path: 'big.xml', content: `${RSS_HEAD}<rss>${' '.repeat(2000)}</rss>` }, { limits: { maxBytes: 1000 } });
    const note = result.diagnostics.find((item) => item.ruleId === 'input-too-large');
    expect(note?.message).toMatch(/at most 1000 bytes, found \d+/);
    expect(result.ok).toBe(false);
  });

  it('deep XML nesting is bounded', async () => {
    const depth = 200_000;
    const diagnostics = await check(`${RSS_HEAD}<rss version="2.0">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</rss>`);
    // Stopped at the 256th <a> (the 257th element deep): `<rss version="2.0">` is 19 characters, each <a> 3.
    expect(diagnostics).toMatchObject([{ ruleId: 'xml-limit', line: 2, column: 20 + 255 * 3 }]);
    expect(diagnostics[0]?.message).toMatch(/at most 256 elements deep/);
  });

  it('huge attribute counts are bounded', async () => {
    const attributes = Array.from({ length: 100_000 }, (_, index) => `a${index}="${index}"`).join(' ');
    const diagnostics = await check(`${RSS_HEAD}<rss version="2.0" ${attributes}><channel/></rss>`);
    expect(diagnostics).toMatchObject([{ ruleId: 'xml-limit', line: 2, column: 1 }]);
    expect(diagnostics[0]?.message).toMatch(/at most 512 attributes on one element/);
  });

  it('element count is bounded', async () => {
    const diagnostics = await check(`${RSS_HEAD}<rss version="2.0"><channel>${'<x/>'.repeat(5000)}</channel></rss>`, { maxNodes: 1000 });
    // <rss>, <channel>, then the 998th <x/> is the 1000th element: the next one is refused.
    expect(diagnostics).toMatchObject([{ ruleId: 'xml-limit', line: 2, column: 29 + 998 * 4 }]);
    expect(diagnostics[0]?.message).toMatch(/at most 1000 elements/);
  });

  it('deep JSON nesting is bounded (JSON Feed, JSON-LD, ninjs)', async () => {
    for (const prefix of ['{"version": "https://jsonfeed.org/version/1.1", "x": ', '{"@context": "https://schema.org", "x": ', '{"uri": "urn:x", "headlines": ']) {
      const result = await validate({ path: 'deep.json', content: `${prefix}${'['.repeat(100_000)}${']'.repeat(100_000)}}` });
      const limit = result.diagnostics.filter((item) => item.ruleId !== 'official-check-skipped');
      // The object is level 1, so the 256th "[" would be level 257: stopped there, at column prefix + 256.
      expect(limit).toMatchObject([{ ruleId: 'json-limit', line: 1, column: prefix.length + 256 }]);
      expect(limit[0]?.message).toMatch(/at most 256 deep/);
    }
  });

  it('an HTML page full of unterminated script tags is one JSON-LD block, reported once', async () => {
    const diagnostics = await check(`<!doctype html>\n${'<script type="application/ld+json">'.repeat(50_000)}`);
    const found = diagnostics.filter((item) => item.ruleId !== 'official-check-skipped');
    expect(found).toMatchObject([
      { ruleId: 'html-jsonld-unescaped', line: 2, column: 36 },
      { ruleId: 'json-syntax', line: 2, column: 36 },
    ]);
  });

  it('pathological HTML in feed content: 100,000 unclosed "<a " are text, not markup', async () => {
    const description = '&lt;a '.repeat(100_000);
    const diagnostics = await check(`${RSS_HEAD}<rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>${description}</description></channel></rss>`);
    expect(idsOf(diagnostics)).toEqual(['rss-self-link']);
  });

  it('invalid UTF-8 bytes are reported with a place', async () => {
    const bytes = Buffer.concat([Buffer.from(`${RSS_HEAD}<rss version="2.0">\n<channel><title>caf`), Buffer.from([0xe9, 0x20]), Buffer.from('</title></channel></rss>')]);
    const result = await validate({ path: 'latin.xml', content: bytes });
    const note = result.diagnostics.find((item) => item.ruleId === 'input-encoding');
    expect(note).toMatchObject({ line: 3 });
  });

  it('a file that cannot be read is a diagnostic, not a crash', async () => {
    const result = await validate('/nonexistent/wirekit/feed.xml');
    expect(result.diagnostics[0]).toMatchObject({ ruleId: 'input-read', actual: 'ENOENT' });
  });

  it('millions of problems are capped per file', async () => {
    const items = Array.from({ length: 2000 }, () => '<item><guid>not a url</guid></item>').join('');
    const result = await validate({ path: 'many.xml', content: `${RSS_HEAD}<rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>${items}</channel></rss>` }, { limits: { maxDiagnostics: 100 } });
    expect(result.diagnostics.length).toBeLessThanOrEqual(102);
    expect(result.diagnostics.map((item) => item.ruleId)).toContain('too-many-diagnostics');
  });
});
