import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/util/diagnostics.js';
import { DEFAULT_LIMITS } from '../src/validate/limits.js';
import { RULES, type RuleDoc } from '../src/util/rules.js';
import { REPO, runCli } from './helpers.js';

/**
 * Issue 17, findings 1–4: `wirekit validate` (the real CLI) reports each on the file the build
 * wrote, and the rule's documentation names the W3C Feed Validation Service's message.
 */

const FINDINGS = path.join(REPO, 'test', 'fixtures', 'w3c-findings');
const scratch = mkdtempSync(path.join(tmpdir(), 'wirekit-w3c-findings-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function diagnosticsOf(file: string): Promise<Diagnostic[]> {
  const result = await runCli(['validate', '--format', 'json', file]);
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

const doc = (ruleId: string): RuleDoc | undefined => (RULES as Record<string, RuleDoc>)[ruleId];

/** `rss` with its items repeated (guids made unique) until it passes `bytes` UTF-8 bytes. */
function inflate(rss: string, bytes: number): string {
  const start = rss.indexOf('<item>');
  const end = rss.lastIndexOf('</item>') + '</item>'.length;
  const items = rss.slice(start, end);
  const copies: string[] = [];
  let size = Buffer.byteLength(rss) - Buffer.byteLength(items);
  for (let copy = 0; size <= bytes; copy++) {
    const renamed = items.replace(/(<guid[^>]*>)([^<]*)(<\/guid>)/g, (_, open: string, guid: string, close: string) => `${open}${guid}#${copy}${close}`);
    copies.push(renamed);
    size += Buffer.byteLength(renamed);
  }
  return rss.slice(0, start) + copies.join('') + rss.slice(end);
}

describe('issue 17: findings on the files the build wrote', () => {
  it('(1) an Atom entry with neither <content> nor <summary>: W3C MissingTextualContent', async () => {
    const found = (await diagnosticsOf(path.join(FINDINGS, 'no-textual-content.atom.xml'))).filter((item) => item.ruleId === 'atom-missing-textual-content');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', line: 20, column: 3 });
    expect(doc('atom-missing-textual-content')?.w3c).toContain('MissingTextualContent');
  });

  it('(2) a headline with markup: W3C ContainsHTML (RSS title) and ContainsUndeclaredHTML (Atom text title)', async () => {
    for (const [name, field] of [
      ['markup-headline.rss.xml', 'item[0].title'],
      ['markup-headline.atom.xml', 'entry[0].title'],
    ] as const) {
      const found = (await diagnosticsOf(path.join(FINDINGS, name))).filter((item) => item.ruleId === 'feed-html-in-text');
      expect(found.map((item) => item.field), name).toEqual([field]);
      expect(found[0]?.actual).toBe('</script>');
    }
    expect(doc('feed-html-in-text')?.w3c).toEqual(expect.arrayContaining(['ContainsHTML', 'ContainsUndeclaredHTML']));
  });

  it('(3) a 500-character JSON-LD headline: Google NewsArticle allows at most 110 characters', async () => {
    const found = (await diagnosticsOf(path.join(FINDINGS, 'long-headline.jsonld'))).filter((item) => item.ruleId === 'google-article-headline');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/at most 110 characters, found 500/);
    expect(doc('google-article-headline')?.summary).toMatch(/110/);
  });

  it('(4) a feed over 5,000,000 bytes: W3C ValidatorLimit, and only then', async () => {
    const rss = readFileSync(path.join(FINDINGS, 'markup-headline.rss.xml'), 'utf8');
    const big = path.join(scratch, 'big.rss.xml');
    writeFileSync(big, inflate(rss, DEFAULT_LIMITS.feedBytes));
    const found = (await diagnosticsOf(big)).filter((item) => item.ruleId === 'feed-size');
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('warning');
    expect(found[0]?.message).toMatch(/at most 5,000,000 bytes, found 5,\d{3},\d{3}/);
    expect(doc('feed-size')?.w3c).toContain('ValidatorLimit');

    const small = path.join(scratch, 'small.rss.xml');
    writeFileSync(small, rss);
    expect((await diagnosticsOf(small)).filter((item) => item.ruleId === 'feed-size')).toEqual([]);
  });
});
