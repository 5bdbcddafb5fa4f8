import { containsHtml } from './html.js';
import type { Place } from '../util/diagnostics.js';
import type { DiagnosticList } from '../util/diagnostics.js';
import type { RuleId } from '../util/rules.js';
import { badIriCharacter, checkRfc3339, checkRfc822, checkW3cdtf, isAbsoluteIri, isAsciiFullUrl, isCountryCode, isDotlessEmail, isEmail, isLanguageTag, isMimeType, looseRfc822, shown } from './values.js';

/**
 * The value types feed elements and attributes carry, as the W3C Feed Validation Service checks
 * them, and which rule a bad value breaks. Pure: a value in, a problem (or none) out.
 */
export type ValueKind =
  | 'positiveInteger'
  | 'nonNegativeInteger'
  | 'integer'
  | 'int32'
  | 'float'
  | 'latitude'
  | 'longitude'
  | 'trueFalse'
  | 'rfc3339'
  | 'rfc822'
  | 'w3cdtf'
  | 'iso8601'
  | 'fullUrl'
  | 'fullIri'
  | 'iri'
  | 'mime'
  | 'language'
  | 'email'
  | 'npt'
  | 'country'
  | 'nonBlank'
  | 'plainText'
  | { oneOf: readonly string[]; ignoreCase?: boolean }
  | { pattern: RegExp; expected: string };

/** A vocabulary kind: the value must be one of `values`. */
export const oneOf = (...values: string[]): ValueKind => ({ oneOf: values });

export interface ValueProblem {
  ruleId: RuleId;
  expected: string;
}

const INT32_MAX = 2 ** 31 - 1;

function integerProblem(value: string, min: number | undefined, what: string, max?: number): ValueProblem | undefined {
  const text = value.trim();
  if (!/^[+-]?\d+$/.test(text) || (min !== undefined && Number(text) < min)) return { ruleId: 'feed-number', expected: what };
  if (max !== undefined && Number(text) > max) return { ruleId: 'feed-number', expected: `${what} at most ${max}` };
  return undefined;
}

function rangeProblem(value: string, min: number, max: number, what: string): ValueProblem | undefined {
  const text = value.trim();
  const number = Number(text);
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(text) || number < min || number > max) return { ruleId: 'feed-number', expected: `${what} between ${min} and ${max}` };
  return undefined;
}

/** What is wrong with `value` as a `kind`, or `undefined` when it is fine. */
export function valueProblem(kind: ValueKind, value: string): ValueProblem | undefined {
  if (typeof kind === 'object' && 'pattern' in kind) return kind.pattern.test(value) ? undefined : { ruleId: 'feed-value', expected: kind.expected };
  if (typeof kind === 'object') {
    const found = kind.ignoreCase ? kind.oneOf.some((item) => item.toLowerCase() === value.toLowerCase()) : kind.oneOf.includes(value);
    return found ? undefined : { ruleId: 'feed-value', expected: `one of ${kind.oneOf.map((item) => JSON.stringify(item)).join(', ')}` };
  }
  switch (kind) {
    case 'positiveInteger':
      return integerProblem(value, 1, 'a positive integer');
    case 'nonNegativeInteger':
      return integerProblem(value, 0, 'a non-negative integer');
    case 'integer':
      return integerProblem(value, undefined, 'an integer');
    case 'int32':
      return integerProblem(value, 1, 'a positive integer', INT32_MAX);
    case 'float':
      return /^\s*\d+\.?\d*\s*$/.test(value) ? undefined : { ruleId: 'feed-number', expected: 'a decimal number' };
    case 'latitude':
      return rangeProblem(value, -90, 90, 'a latitude');
    case 'longitude':
      return rangeProblem(value, -180, 180, 'a longitude');
    case 'trueFalse':
      // No trimming: " true " is not a boolean to the readers that compare strings.
      return /^(?:true|false)$/i.test(value) ? undefined : { ruleId: 'feed-boolean', expected: '"true" or "false"' };
    case 'rfc3339': {
      const result = checkRfc3339(value);
      return result.ok ? undefined : { ruleId: 'feed-rfc3339-date', expected: result.expected };
    }
    case 'rfc822': {
      const result = checkRfc822(value);
      if (result.ok) return undefined;
      return looseRfc822(value) === undefined ? { ruleId: 'feed-rfc822-date', expected: result.expected } : { ruleId: 'feed-rfc822-date-problematic', expected: result.expected };
    }
    case 'w3cdtf': {
      const result = checkW3cdtf(value);
      return result.ok ? undefined : { ruleId: 'feed-w3cdtf-date', expected: result.expected };
    }
    case 'iso8601': {
      // ISO 8601 as the W3C service reads it: W3C-DTF with the zone optional.
      const result = checkW3cdtf(value, { zoneOptional: true });
      return result.ok ? undefined : { ruleId: 'feed-w3cdtf-date', expected: 'an ISO 8601 date or date-time such as "2025-02-13T09:41:00"' };
    }
    case 'fullUrl':
      if (badIriCharacter(value) !== undefined) return { ruleId: 'feed-uri-char', expected: 'a URL without spaces or characters URLs cannot hold' };
      return isAsciiFullUrl(value) ? undefined : { ruleId: 'feed-full-url', expected: 'a full URL (scheme and host, ASCII characters)' };
    case 'fullIri':
      if (badIriCharacter(value) !== undefined) return { ruleId: 'feed-uri-char', expected: 'an IRI without spaces or characters IRIs cannot hold' };
      return isAbsoluteIri(value) ? undefined : { ruleId: 'feed-full-url', expected: 'an absolute IRI' };
    case 'iri':
      return badIriCharacter(value) === undefined ? undefined : { ruleId: 'feed-uri-char', expected: 'an IRI reference without spaces or characters IRIs cannot hold' };
    case 'mime':
      return isMimeType(value) ? undefined : { ruleId: 'feed-mime-type', expected: 'a MIME type such as "text/html"' };
    case 'language':
      return isLanguageTag(value) ? undefined : { ruleId: 'feed-language', expected: 'a language code such as "en-us" or "it"' };
    case 'email':
      if (isEmail(value)) return undefined;
      return isDotlessEmail(value) ? { ruleId: 'feed-email-format', expected: 'an e-mail address at a host with a domain name' } : { ruleId: 'feed-email', expected: 'an e-mail address' };
    case 'npt':
      // Normal Play Time (RFC 2326 §3.6): "now", seconds, or h:mm:ss with optional fraction.
      return /^(?:now|\d+(?:\.\d+)?|\d+:\d\d:\d\d(?:\.\d+)?)$/.test(value.trim()) ? undefined : { ruleId: 'feed-value', expected: 'a Normal Play Time such as "12.5" or "0:01:30"' };
    case 'country':
      return isCountryCode(value.trim()) ? undefined : { ruleId: 'feed-value', expected: 'an ISO 3166 country code such as "us"' };
    case 'nonBlank':
      return value.trim() !== '' ? undefined : { ruleId: 'feed-value', expected: 'a value that is not blank' };
    case 'plainText':
      return containsHtml(value) === undefined ? undefined : { ruleId: 'feed-html-in-text', expected: 'plain text' };
  }
}

/** Check `value` as a `kind` (feed-values); report the rule it breaks. Returns whether it passed. */
export function checkValueOf(kind: ValueKind, value: string, report: DiagnosticList, field: string, place: Place | undefined): boolean {
  const problem = valueProblem(kind, value);
  if (!problem) return true;
  report.add(problem.ruleId, `${field}: expected ${problem.expected}, found ${shown(value)}`, place, { field, expected: problem.expected, actual: value });
  return false;
}
