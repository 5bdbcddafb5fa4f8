import { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One problem, as plain data (it crosses worker threads and goes out as JSON):
 * where it is, which rule, and what was expected versus found.
 */
export interface Diagnostic {
  /** Path of the file as the user named it. */
  file: string;
  /** 1-based; absent when the problem concerns the whole file. */
  line?: number;
  column?: number;
  severity: Severity;
  /** Stable rule id, e.g. `frontmatter-required`. */
  ruleId: string;
  /** Full sentence, without the place (the reporter prints that). */
  message: string;
  /** Front-matter field or document path concerned, dotted (`translations.it.headline`). */
  field?: string;
  expected?: string;
  actual?: string;
  /** Link to the spec section or documentation of the rule. */
  url?: string;
}

/** Every field of a diagnostic (the type below fails to compile if one is missing). */
const DIAGNOSTIC_FIELDS = ['file', 'line', 'column', 'severity', 'ruleId', 'message', 'field', 'expected', 'actual', 'url'] as const satisfies readonly (keyof Diagnostic)[];
const everyFieldListed: Exclude<keyof Diagnostic, (typeof DIAGNOSTIC_FIELDS)[number]> extends never ? true : never = true;
void everyFieldListed;

/**
 * True when every field of `a` equals that of `b` (absent and undefined alike). The message
 * first: two diagnostics of one file nearly always differ there, and the rest need not be read.
 */
function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a === b || (a.message === b.message && DIAGNOSTIC_FIELDS.every((name) => a[name] === b[name]));
}

/**
 * `diagnostics` without repeats (`sameDiagnostic`), in first-seen order. Compared within each
 * file only: keying all of them by their text cost 0.3 s for the 74,000 missing-translation
 * warnings the collections of a 10,000-article build report (each twice, as one object).
 */
export function uniqueDiagnostics(diagnostics: Iterable<Diagnostic>): Diagnostic[] {
  const byFile = new Map<string, Diagnostic[]>();
  const unique: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const seen = byFile.get(diagnostic.file);
    if (seen?.some((other) => sameDiagnostic(other, diagnostic))) continue;
    if (seen) seen.push(diagnostic);
    else byFile.set(diagnostic.file, [diagnostic]);
    unique.push(diagnostic);
  }
  return unique;
}

export interface Place {
  line: number;
  column: number;
}

/** Collects diagnostics for one file. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  constructor(readonly file: string) {}

  add(severity: Severity, ruleId: string, message: string, place?: Place, extra: Partial<Diagnostic> = {}): void {
    const diagnostic: Diagnostic = { file: this.file, severity, ruleId, message, ...extra };
    if (place) {
      diagnostic.line = place.line;
      diagnostic.column = place.column;
    }
    this.items.push(diagnostic);
  }

  error(ruleId: string, message: string, place?: Place, extra?: Partial<Diagnostic>): void {
    this.add('error', ruleId, message, place, extra);
  }

  warn(ruleId: string, message: string, place?: Place, extra?: Partial<Diagnostic>): void {
    this.add('warning', ruleId, message, place, extra);
  }

  info(ruleId: string, message: string, place?: Place, extra?: Partial<Diagnostic>): void {
    this.add('info', ruleId, message, place, extra);
  }

  get hasErrors(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((item) => item.severity === 'error');

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const item of diagnostics) counts[item.severity]++;
  return counts;
}

/** Stable order: by file, then position, then rule. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.ruleId, b.ruleId),
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Diagnostics of one rule and severity printed before the rest are only counted (all with
 * `verbose`): 7,018 warnings of one rule took 3–7 s to print (vfile-reporter measures every cell's
 * width) and buried everything else.
 */
export const SHOWN_PER_RULE = 10;

/**
 * Print in vfile-reporter style: one block per file, `line:column severity message rule`. Infos,
 * and repeats of a rule past `SHOWN_PER_RULE`, only when verbose; what is left out is counted in
 * a line per rule at the end.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { verbose?: boolean; color?: boolean } = {}): string {
  const byFile = new Map<string, VFile>();
  const shownByRule = new Map<string, number>();
  const left = new Map<string, { severity: Severity; ruleId: string; count: number; files: Set<string> }>();
  for (const item of sortDiagnostics(diagnostics)) {
    if (item.severity === 'info' && !options.verbose) continue;
    const rule = `${item.severity} ${item.ruleId}`;
    const shown = shownByRule.get(rule) ?? 0;
    if (shown >= SHOWN_PER_RULE && !options.verbose) {
      const group = left.get(rule) ?? { severity: item.severity, ruleId: item.ruleId, count: 0, files: new Set<string>() };
      group.count++;
      group.files.add(item.file);
      left.set(rule, group);
      continue;
    }
    shownByRule.set(rule, shown + 1);
    let file = byFile.get(item.file);
    if (!file) {
      file = new VFile({ path: item.file });
      byFile.set(item.file, file);
    }
    const place = item.line === undefined ? undefined : { line: item.line, column: item.column ?? 1 };
    const message = file.message(item.message, { place, ruleId: item.ruleId, source: 'wirekit' });
    message.fatal = item.severity === 'error' ? true : item.severity === 'warning' ? false : undefined;
    if (item.expected !== undefined) message.expected = [item.expected];
    if (item.actual !== undefined) message.actual = item.actual;
    if (item.url !== undefined) message.url = item.url;
  }
  if (byFile.size === 0) return '';
  const counted = [...left.values()].map(
    ({ severity, ruleId, count, files }) =>
      `…and ${count.toLocaleString('en-US')} more ${ruleId} ${severity}${count === 1 ? '' : 's'} in ${files.size.toLocaleString('en-US')} file${files.size === 1 ? '' : 's'}, not shown`,
  );
  const more = counted.length === 0 ? '' : `\n\n${counted.join('\n')}\n(--verbose shows every one; --json lists them as data)`;
  return `${reporter([...byFile.values()], { color: options.color ?? false })}${more}`;
}
