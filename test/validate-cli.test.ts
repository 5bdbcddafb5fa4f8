import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, specPath, specsAvailable } from './helpers.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'validate');
const fixture = (name: string): string => path.join(FIXTURES, name);
const hasSpecs = specsAvailable('validate CLI with official schemas');
const schemas = hasSpecs ? ['--schemas', specPath()] : [];

describe('wirekit validate', { timeout: 60_000 }, () => {
  it('passes a valid feed (exit 0) and fails a broken one with file:line:column (exit 1)', async () => {
    const ok = await runCli(['validate', fixture('valid.rss.xml'), ...schemas]);
    expect(ok.code).toBe(0);
    const bad = await runCli(['validate', fixture('rss-guid-permalink.fail.xml'), ...schemas]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/22:13\s+error\s+item\[1\]\.guid: expected a full URL/);
    expect(bad.stderr).toContain('rss-guid-permalink');
  });

  it('--format json prints diagnostics as data', async () => {
    const result = await runCli(['validate', fixture('feed-rfc822-date.fail.xml'), '--format', 'json', ...schemas]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; files: { format: string }[]; diagnostics: { ruleId: string; line: number; column: number; url: string }[] };
    expect(report.ok).toBe(false);
    expect(report.files[0]?.format).toBe('rss');
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'feed-rfc822-date', line: 8, column: 14, url: expect.stringContaining('InvalidRFC2822Date') }));
  });

  it('--strict also fails on warnings', async () => {
    const file = fixture('rss-self-link.fail.xml');
    expect((await runCli(['validate', file, ...schemas])).code).toBe(0);
    expect((await runCli(['validate', file, '--strict', ...schemas])).code).toBe(1);
  });

  it('walks folders and runs every official check out of the box (the schemas shipped in the package)', async () => {
    const result = await runCli(['validate', FIXTURES, '--format', 'json'], { env: { WIREKIT_SCHEMAS: '' } });
    const report = JSON.parse(result.stdout) as { files: unknown[]; diagnostics: { ruleId: string; message: string }[] };
    expect(report.files.length).toBeGreaterThan(100);
    expect(report.diagnostics.filter((item) => item.ruleId === 'official-check-skipped')).toEqual([]);
    // The NewsML-G2 fixtures that break the XSD are caught by it.
    const newsml = await runCli(['validate', path.join(REPO, 'test', 'fixtures', 'newsml'), '--format', 'json'], { env: { WIREKIT_SCHEMAS: '' } });
    expect((JSON.parse(newsml.stdout) as { diagnostics: { ruleId: string }[] }).diagnostics.some((item) => item.ruleId === 'newsml-xsd')).toBe(true);
  });

  it('says when a schemas folder named with --schemas lacks an official schema', async () => {
    const result = await runCli(['validate', FIXTURES, '--format', 'json', '--schemas', FIXTURES]);
    const report = JSON.parse(result.stdout) as { diagnostics: { ruleId: string; message: string }[] };
    expect(report.diagnostics.find((item) => item.ruleId === 'official-check-skipped')?.message).toMatch(/schema\.org vocabulary/);
  });

  it('--rules lists every rule with its spec link; bad options exit 2', async () => {
    const rules = await runCli(['validate', '--rules']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toContain('rss-guid-permalink');
    expect(rules.stdout).toContain('https://validator.w3.org/feed/docs/error/InvalidHttpGUID.html');
    expect((await runCli(['validate'])).code).toBe(2);
    expect((await runCli(['validate', fixture('valid.rss.xml'), '--format', 'yaml'])).code).toBe(2);
  });
});
