import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/util/diagnostics.js';
import { validate } from '../src/validate/index.js';
import { RULES, type RuleDoc } from '../src/util/rules.js';
import { sharedAvailable, W3C_FEEDS_DEV } from './helpers.js';

/**
 * `wirekit validate` against the W3C Feed Validation Service's own verdicts on its RSS 2.0 and
 * Atom testcases (the dev half in ../shared/conformance; the other half is kept for an independent
 * check, so the rules are fixed, never the files). Errors: "has errors" must agree on ≥ 95 % of
 * the files. Warnings are reported: recall and precision of the W3C warning classes, through the
 * `w3c` classes each rule documents.
 */

interface Label {
  file: string;
  format: 'rss' | 'atom';
  errors: string[];
  warnings: string[];
}

const BAR = 0.95;
const available = sharedAvailable(W3C_FEEDS_DEV, 'W3C feed validator agreement');

const classesOf = (ruleId: string): readonly string[] => (RULES as Record<string, RuleDoc>)[ruleId]?.w3c ?? [];
const percent = (part: number, whole: number): string => `${part}/${whole} = ${((part / Math.max(whole, 1)) * 100).toFixed(1)} %`;

function tally(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const top = (map: Map<string, number>, count = 15): string =>
  [...map]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ') || 'none';

describe.skipIf(!available)('W3C Feed Validation Service agreement (dev set)', () => {
  it(`agrees with the W3C verdict "has errors" on at least ${BAR * 100} % of the testcases`, async () => {
    const labels = JSON.parse(readFileSync(path.join(W3C_FEEDS_DEV, 'labels.json'), 'utf8')) as Label[];
    const result = await validate(labels.map((label) => path.join(W3C_FEEDS_DEV, label.file)));
    const byFile = new Map<string, Diagnostic[]>();
    for (const diagnostic of result.diagnostics) {
      const list = byFile.get(diagnostic.file) ?? [];
      list.push(diagnostic);
      byFile.set(diagnostic.file, list);
    }
    const modelled = new Set(Object.values(RULES as Record<string, RuleDoc>).flatMap((doc) => doc.w3c ?? []));

    let agree = 0;
    const missed = new Map<string, number>();
    const extra = new Map<string, number>();
    let warningFound = 0;
    let warningTotal = 0;
    let warningModelled = 0;
    let oursGood = 0;
    let oursTotal = 0;
    let sameHasWarnings = 0;
    const warningsMissed = new Map<string, number>();
    for (const label of labels) {
      const diagnostics = byFile.get(path.join(W3C_FEEDS_DEV, label.file)) ?? [];
      const errors = diagnostics.filter((item) => item.severity === 'error');
      const theirs = label.errors.length > 0;
      if (theirs === errors.length > 0) agree++;
      else if (theirs) for (const name of label.errors) tally(missed, name);
      else for (const ruleId of new Set(errors.map((item) => item.ruleId))) tally(extra, ruleId);

      const ours = new Set(diagnostics.filter((item) => item.severity === 'warning').map((item) => item.ruleId));
      for (const name of label.warnings) {
        warningTotal++;
        if (modelled.has(name)) warningModelled++;
        if ([...ours].some((ruleId) => classesOf(ruleId).includes(name))) warningFound++;
        else tally(warningsMissed, name);
      }
      for (const ruleId of ours) {
        oursTotal++;
        if (classesOf(ruleId).some((name) => label.warnings.includes(name))) oursGood++;
      }
      if (label.warnings.length > 0 === ours.size > 0) sameHasWarnings++;
    }

    console.log(
      [
        `W3C feed validator agreement on ${labels.length} dev testcases (${W3C_FEEDS_DEV}):`,
        `  errors:   "has errors" agrees on ${percent(agree, labels.length)} (bar ${BAR * 100} %)`,
        `            missed W3C error classes: ${top(missed)}`,
        `            our errors where W3C has none: ${top(extra)}`,
        `  warnings: W3C warning classes we report (recall) ${percent(warningFound, warningTotal)}; of the classes our rules model ${percent(warningFound, warningModelled)}`,
        `            our warnings that W3C also gives (precision) ${percent(oursGood, oursTotal)}; "has warnings" agrees on ${percent(sameHasWarnings, labels.length)}`,
        `            most missed warning classes: ${top(warningsMissed, 12)}`,
      ].join('\n'),
    );
    expect(agree / labels.length).toBeGreaterThanOrEqual(BAR);
  });
});
