import { formatDiagnostics, type Diagnostic } from '../util/diagnostics.js';
import { validate } from './index.js';
import { RULES, type RuleDoc } from '../util/rules.js';

/** `wirekit validate [files or folders…]`: the command over the `validate` API. */
export interface ValidateCommandOptions {
  paths: readonly string[];
  schemas?: string;
  /** Output: `text` (vfile-reporter style, default) or `json`. */
  format?: string;
  strict?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** Print the rule table instead of validating. */
  rules?: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function validateCommand(options: ValidateCommandOptions): Promise<number> {
  const output = options.format ?? 'text';
  if (output !== 'text' && output !== 'json') {
    options.err(`wirekit validate: --format expected "text" or "json", found ${JSON.stringify(output)}\n`);
    return 2;
  }
  if (options.rules) {
    options.out(rulesTable(output));
    return 0;
  }
  if (options.paths.length === 0) {
    options.err('wirekit validate: expected at least one file or folder\n');
    return 2;
  }
  const started = performance.now();
  const result = await validate(options.paths, options.schemas !== undefined ? { schemasDir: options.schemas } : {});
  const failed = result.counts.error > 0 || (options.strict === true && result.counts.warning > 0);
  if (output === 'json') {
    const files = result.files.map((file) => ({ file: file.file, format: file.format ?? null }));
    options.out(`${JSON.stringify({ ok: !failed, counts: result.counts, files, diagnostics: result.diagnostics }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const text = formatDiagnostics(result.diagnostics, { verbose: options.verbose ?? false });
  if (text) options.err(`${text}\n`);
  if (!options.quiet) {
    const checked = result.files.filter((file) => file.format !== undefined).length;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    options.err(
      `wirekit validate: ${checked} file${checked === 1 ? '' : 's'} checked in ${seconds} s: ${result.counts.error} errors, ${result.counts.warning} warnings${options.strict ? ' (--strict: warnings fail)' : ''}\n`,
    );
  }
  return failed ? 1 : 0;
}

function rulesTable(output: string): string {
  const rows = Object.entries(RULES).map(([id, doc]) => ({ id, ...doc }));
  if (output === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const w3c = (doc: RuleDoc): string => (doc.w3c ? `\n${''.padEnd(40)}W3C Feed Validation Service: ${doc.w3c.join(', ')}` : '');
  return `${rows.map((row) => `${row.id.padEnd(30)} ${row.severity.padEnd(8)} ${row.summary}\n${''.padEnd(40)}${row.url}${w3c(row)}`).join('\n')}\n`;
}

export type { Diagnostic };
