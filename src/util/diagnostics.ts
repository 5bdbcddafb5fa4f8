import { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import { RULES, type RuleDoc, type RuleId } from './rules.js';

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
 * warnings the collections of a 10,000-article build report (each twice).
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

/** A diagnostic of `ruleId` with the rule's severity and spec link (`RULES`), placed when known. */
export function ruleDiagnostic(file: string, ruleId: RuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): Diagnostic {
  const doc: RuleDoc = RULES[ruleId];
  const diagnostic: Diagnostic = { file, severity: doc.severity, ruleId, message, url: doc.url, ...extra };
  if (place) {
    diagnostic.line = place.line;
    diagnostic.column = place.column;
  }
  return diagnostic;
}

/**
 * Collects one file's diagnostics: the one collector of articles, config, the build and every
 * checker. `add` takes the rule's severity and spec link from the rule table (`RULES`);
 * `error`, `warn` and `info` say the severity where the case decides it. Past `max` items (a
 * hostile file can have millions of problems) the rest are only counted (`done`).
 */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  private dropped = 0;

  constructor(
    readonly file: string,
    private readonly max = Number.POSITIVE_INFINITY,
  ) {}

  add(ruleId: RuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): void {
    this.keep(ruleDiagnostic(this.file, ruleId, message, undefined, extra), place);
  }

  error(ruleId: string, message: string, place?: Place, extra?: Partial<Diagnostic>): void {
    this.keep({ file: this.file, severity: 'error', ruleId, message, ...extra }, place);
  }

  warn(ruleId: string, message: string, place?: Place, extra?: Partial<Diagnostic>): void {
    this.keep({ file: this.file, severity: 'warning', ruleId, message, ...extra }, place);
  }

  info(ruleId: string, message: string, place?: Place, extra?: Partial<Diagnostic>): void {
    this.keep({ file: this.file, severity: 'info', ruleId, message, ...extra }, place);
  }

  /** Append diagnostics made elsewhere (another checker) under the same bound. */
  push(diagnostics: readonly Diagnostic[]): void {
    for (const diagnostic of diagnostics) this.keep(diagnostic);
  }

  private keep(diagnostic: Diagnostic, place?: Place): void {
    if (this.items.length >= this.max) {
      this.dropped++;
      return;
    }
    if (place) {
      diagnostic.line = place.line;
      diagnostic.column = place.column;
    }
    this.items.push(diagnostic);
  }

  get full(): boolean {
    return this.items.length >= this.max;
  }

  get hasErrors(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }

  get errorCount(): number {
    return this.items.filter((item) => item.severity === 'error').length;
  }

  /** The diagnostics, plus one line saying how many more were dropped. */
  done(): Diagnostic[] {
    if (this.dropped > 0) {
      this.items.push({
        file: this.file,
        severity: 'info',
        ruleId: 'too-many-diagnostics',
        message: `${this.dropped} more diagnostics were not kept (at most ${this.max} a file)`,
      });
    }
    return this.items;
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
