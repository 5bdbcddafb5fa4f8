import type { Diagnostic, Place, Severity } from '../util/diagnostics.js';

/** A rule of a format checker: its severity, one line on what it checks, the spec section. */
export interface FormatRuleDoc {
  severity: Severity;
  summary: string;
  url: string;
}

/** A diagnostic for `ruleId` of `rules`, with the rule's severity and link, placed when known. */
export function ruleDiagnostic<Id extends string>(
  rules: Readonly<Record<Id, FormatRuleDoc>>,
  file: string,
  ruleId: Id,
  message: string,
  place?: Place,
  extra: Partial<Diagnostic> = {},
): Diagnostic {
  const doc = rules[ruleId];
  const result: Diagnostic = { file, severity: doc.severity, ruleId, message, url: doc.url, ...extra };
  if (place) {
    result.line = place.line;
    result.column = place.column;
  }
  return result;
}
