import { describe, expect, it } from 'vitest';
import { summarizeRepeats } from '../src/build/build.js';
import { mergeSkippedChecks } from '../src/validate/index.js';
import { formatDiagnostics, SHOWN_PER_RULE, uniqueDiagnostics, type Diagnostic } from '../src/util/diagnostics.js';

const warning = (file: string, field = 'translations.it'): Diagnostic => ({ file, severity: 'warning', ruleId: 'i18n-missing-translation', field, message: `${file} has no it translation` });

describe('build diagnostics', () => {
  it('shows a repeated warning for the first five files, then once as a count', () => {
    const many = Array.from({ length: 12 }, (_, index) => warning(`content/${index}.md`));
    const kept = summarizeRepeats([...many, warning('content/x.md', 'translations.es')]);
    expect(kept).toHaveLength(7);
    expect(kept.slice(0, 5).map((item) => item.file)).toEqual(['content/0.md', 'content/1.md', 'content/2.md', 'content/3.md', 'content/4.md']);
    expect(kept[5]?.message).toBe('…and 7 more files with the same i18n-missing-translation (`translations.it`)');
    expect(kept[6]?.field).toBe('translations.es');
    expect(summarizeRepeats(many.slice(0, 5))).toEqual(many.slice(0, 5));
  });

  it('prints errors and warnings in vfile-reporter style, infos only when verbose', () => {
    const items: Diagnostic[] = [
      { file: 'content/a.md', line: 6, column: 16, severity: 'error', ruleId: 'frontmatter-date', message: 'Field `datePublished`: expected a date' },
      { file: 'content/a.md', line: 2, column: 1, severity: 'info', ruleId: 'copyright-line', message: 'Copyright line moved' },
    ];
    const text = formatDiagnostics(items);
    expect(text).toContain('content/a.md\n6:16 error Field `datePublished`: expected a date frontmatter-date wirekit');
    expect(text).not.toContain('Copyright line moved');
    expect(formatDiagnostics(items, { verbose: true })).toContain('2:1  info  Copyright line moved');
  });

  it(`prints ${SHOWN_PER_RULE} diagnostics of a rule, then counts the rest; verbose prints every one`, () => {
    const link = (index: number): Diagnostic => ({ file: `content/${String(index).padStart(2, '0')}.md`, line: 3, column: 7, severity: 'warning', ruleId: 'link-body-missing', message: `Link ${index} to no page` });
    const items = [...Array.from({ length: 25 }, (_, index) => link(index)), { ...link(24), line: 4 }, { file: 'content/zz.md', severity: 'error', ruleId: 'frontmatter-date', message: 'Bad date' } satisfies Diagnostic];
    const text = formatDiagnostics(items);
    expect(text.match(/link-body-missing wirekit/g)).toHaveLength(SHOWN_PER_RULE);
    expect(text).toContain('Link 9 to no page');
    expect(text).not.toContain('Link 10 to no page');
    expect(text).toContain('Bad date');
    expect(text).toContain('…and 16 more link-body-missing warnings in 15 files, not shown');
    expect(text).toContain('--verbose shows every one');
    const all = formatDiagnostics(items, { verbose: true });
    expect(all.match(/link-body-missing wirekit/g)).toHaveLength(26);
    expect(all).not.toContain('not shown');
  });
});

describe('uniqueDiagnostics', () => {
  const base: Diagnostic = { file: 'a.md', line: 3, column: 1, severity: 'warning', ruleId: 'r', message: 'm', field: 'f', expected: 'e', actual: 'x', url: 'https://u' };

  it('drops a diagnostic equal to an earlier one, whatever its property order, absent and undefined alike', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as Diagnostic;
    const { url: _url, ...withoutUrl } = base;
    const undefinedUrl = { ...withoutUrl, url: undefined } as unknown as Diagnostic;
    expect(uniqueDiagnostics([base, reordered, base, withoutUrl, undefinedUrl])).toEqual([base, withoutUrl]);
    expect(uniqueDiagnostics([base, reordered])[0]).toBe(base);
  });

  it('keeps diagnostics that differ in any one field, in first-seen order', () => {
    const variants: Diagnostic[] = [base];
    for (const [name, value] of Object.entries(base)) {
      variants.push({ ...base, [name]: typeof value === 'number' ? value + 1 : `${String(value)}!` } as Diagnostic);
      const { [name as keyof Diagnostic]: _dropped, ...without } = base;
      variants.push(without as Diagnostic);
    }
    expect(uniqueDiagnostics([...variants, ...variants])).toEqual(variants);
    expect(variants.length).toBe(1 + 2 * Object.keys(base).length);
  });
});

describe('mergeSkippedChecks', () => {
  const note = (file: string, check: string, count: number, reason = 'no schemas folder given'): Diagnostic => ({
    file,
    severity: 'info',
    ruleId: 'official-check-skipped',
    message: `Official check skipped: ${check}, for ${count} file${count === 1 ? '' : 's'}: ${reason}. Only the built-in rules ran.`,
  });

  it('says each skipped check once, at its first file, with the files added up', () => {
    const merged = mergeSkippedChecks([note('a.jsonld', 'vocabulary', 2), note('a.xml', 'XSD', 1), note('b.jsonld', 'vocabulary', 2), note('b.xml', 'XSD', 1), note('c.xml', 'XSD', 1, 'unreadable')]);
    expect(merged).toEqual([note('a.jsonld', 'vocabulary', 4), note('a.xml', 'XSD', 2), note('c.xml', 'XSD', 1, 'unreadable')]);
  });

  it('keeps a note it cannot read as it is', () => {
    const odd: Diagnostic = { file: 'x', severity: 'info', ruleId: 'official-check-skipped', message: 'Something else' };
    expect(mergeSkippedChecks([odd, odd])).toEqual([odd, odd]);
  });
});
