import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/util/rules.js';
import { REPO } from './helpers.js';

/**
 * One rule table: every rule id the code reports (article, config, build, server, every checker)
 * is a row of `RULES`, which `wirekit validate --rules` prints. Found by reading the source, so a
 * new diagnostic without a row fails here.
 */
const SEVERITIES = new Set(['error', 'warning', 'info']);
const ID = "'([a-z][a-z0-9]*(?:-[a-z0-9]+)*)'";
const PATTERNS = [
  // list.error('id', …), list.warn(…), list.info(…), report.add('id', …), add('id', …)
  new RegExp(`\\.(?:error|warn|info)\\(\\s*${ID}`, 'g'),
  new RegExp(`\\badd\\(\\s*(?:'(?:error|warning|info)',\\s*)?${ID}`, 'g'),
  // { ruleId: 'id' }
  new RegExp(`ruleId:\\s*${ID}`, 'g'),
  // helpers that take the id after a few arguments: report(page, offset, 'id'), skipped(…, 'id'), failure(file, 'id'), diagnostic(file, 'id')
  new RegExp(`\\b(?:report|skipped|failure|diagnostic)\\(\\s*(?:[\\w.?[\\]]+(?:\\s*\\?\\?\\s*[\\w.]+)?,\\s*){1,3}${ID}`, 'g'),
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'bench' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function reportedIds(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(path.join(REPO, 'src'))) {
    if (file.endsWith(path.join('util', 'rules.ts'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const id = match[1] ?? '';
        if (!SEVERITIES.has(id)) found.set(id, path.relative(REPO, file));
      }
    }
    // Ids made from a prefix: `${options.rulePrefix}-invalid` for each rulePrefix given.
    const suffixes = [...text.matchAll(/`\$\{options\.rulePrefix\}-([a-z-]+)`/g)].map((match) => match[1]);
    if (suffixes.length > 0) prefixedSuffixes.push(...(suffixes as string[]));
    for (const match of text.matchAll(/rulePrefix: '([a-z]+)'/g)) prefixes.add(match[1] ?? '');
    for (const match of text.matchAll(/ruleId: `duplicate-\$\{key\}`/g)) if (match) for (const key of ['slug', 'id']) found.set(`duplicate-${key}`, path.relative(REPO, file));
  }
  for (const prefix of prefixes) for (const suffix of prefixedSuffixes) found.set(`${prefix}-${suffix}`, 'src/util/yaml-schema.ts');
  return found;
}
const prefixes = new Set<string>();
const prefixedSuffixes: string[] = [];

describe('the rule table', () => {
  const reported = reportedIds();

  it('finds the rules of every part of the code', () => {
    // The scan itself is checked: rules from the parser, the enrich step, the link check, the server, the checkers.
    for (const id of ['body-empty', 'frontmatter-invalid', 'url-elsewhere', 'link-missing', 'hreflang-reciprocal', 'event-slug', 'request-invalid', 'newsml-qcode', 'ninjs-schema', 'rss-version', 'duplicate-slug']) {
      expect(reported.has(id), id).toBe(true);
    }
    expect(reported.size).toBeGreaterThan(150);
  });

  it('has a row for every rule id the code reports', () => {
    const missing = [...reported].filter(([id]) => !(id in RULES)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has no row that nothing reports', () => {
    // Looser than the scan above: the id written anywhere in the code (a variable, a type) counts.
    // The table's own file counts after the table (its Report notes dropped diagnostics).
    const code = sourceFiles(path.join(REPO, 'src'))
      .map((file) => readFileSync(file, 'utf8'))
      .map((text) => (text.includes('export const RULES = {') ? text.slice(text.indexOf('export type RuleId')) : text))
      .join('\n');
    expect(Object.keys(RULES).filter((id) => !reported.has(id) && !code.includes(`'${id}'`))).toEqual([]);
  });
});
