import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Place } from '../util/diagnostics.js';
import { checkHtml } from './html.js';
import { atPointer, member, parseJson, stringOf, toPlain, type JsonNode } from './json.js';
import type { Limits } from './limits.js';
import type { DiagnosticList } from '../util/diagnostics.js';
import { checkRfc3339, isFullUrl, isLanguageTag, shown } from './values.js';

/** JSON Feed 1.1: the published JSON Schema (npm jsonfeed-schema) plus the spec's prose rules. */

const V1 = 'https://jsonfeed.org/version/1';
const V11 = 'https://jsonfeed.org/version/1.1';

let compiled: ValidateFunction | undefined;

/** The JSON Feed 1.1 schema, compiled once. Formats are checked by our own rules (better messages). */
function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  const schema = require('jsonfeed-schema/schema-v1.1.json') as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  compiled = ajv.compile(schema);
  return compiled;
}

/** Compile the schema ahead of the first check (a worker does it while it would otherwise wait). */
export function prepareJsonFeedChecks(): void {
  schemaValidator();
}

export function checkJsonFeedText(text: string, report: DiagnosticList, limits?: Partial<Limits>): void {
  const parsed = parseJson(text, report, limits ? { limits } : {});
  if (!parsed.root) return;
  checkJsonFeedTree(parsed.root, toPlain(parsed.root), report);
}

export function checkJsonFeedTree(root: JsonNode, value: unknown, report: DiagnosticList): void {
  const validate = schemaValidator();
  if (!validate(value)) {
    for (const error of simplify(validate.errors ?? [])) {
      const node = atPointer(root, error.instancePath);
      const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replace(/\//g, '.');
      report.add('jsonfeed-schema', `${where}: expected ${describeError(error)}, found ${describeNode(node)}`, node?.place, { field: where, expected: describeError(error) });
    }
  }
  if (root.kind !== 'object') return;
  const version = member(root, 'version');
  if (stringOf(version?.value) === V1) {
    report.add('jsonfeed-version', `version: expected ${shown(V11)}, found ${shown(V1)} (JSON Feed 1.0)`, version?.value.place, { field: 'version', expected: V11, actual: V1 });
  }
  checkAuthors(root, 'feed', report);
  for (const key of ['home_page_url', 'feed_url', 'next_url', 'icon', 'favicon']) checkUrl(root, key, key, report);
  const language = member(root, 'language');
  if (language && stringOf(language.value) !== undefined && !isLanguageTag(stringOf(language.value) ?? '')) {
    report.add('feed-language', `language: expected an RFC 5646 language tag such as "en-US", found ${shown(stringOf(language.value) ?? '')}`, language.value.place, { field: 'language', actual: stringOf(language.value) ?? '' });
  }
  const items = member(root, 'items')?.value;
  if (items?.kind !== 'array') return;
  const ids = new Map<string, Place>();
  for (const [index, item] of items.items.entries()) {
    if (item.kind === 'object') checkItem(item, `items[${index}]`, report, ids);
  }
}

function checkItem(item: JsonNode & { kind: 'object' }, where: string, report: DiagnosticList, ids: Map<string, Place>): void {
  const id = member(item, 'id');
  if (!id) {
    report.add('jsonfeed-item-id', `${where}: expected an id (a string unique in the feed), found none`, item.place, { field: `${where}.id`, expected: 'a string', actual: 'missing' });
  } else if (id.value.kind !== 'string') {
    report.add('jsonfeed-item-id', `${where}.id: expected a string, found a ${id.value.kind}`, id.value.place, { field: `${where}.id`, expected: 'a string', actual: id.value.kind });
  } else {
    const earlier = ids.get(id.value.value);
    if (earlier) report.add('jsonfeed-item-id', `${where}.id: expected an id no other item uses, found ${shown(id.value.value)} again (first at line ${earlier.line})`, id.value.place, { field: `${where}.id`, actual: id.value.value });
    else ids.set(id.value.value, id.value.place);
  }
  const html = member(item, 'content_html');
  if (!html && !member(item, 'content_text')) {
    report.add('jsonfeed-content', `${where}: expected content_html or content_text, found neither`, item.place, { field: `${where}.content_html`, expected: 'content_html or content_text', actual: 'neither' });
  }
  const htmlText = stringOf(html?.value);
  if (html && htmlText !== undefined) checkHtml(htmlText, report, html.value.place, `${where}.content_html`);
  for (const key of ['date_published', 'date_modified']) {
    const entry = member(item, key);
    const value = stringOf(entry?.value);
    if (!entry || value === undefined) continue;
    const result = checkRfc3339(value);
    if (!result.ok) report.add('jsonfeed-date', `${where}.${key}: expected ${result.expected}, found ${shown(value)}`, entry.value.place, { field: `${where}.${key}`, expected: result.expected, actual: value });
  }
  for (const key of ['url', 'external_url', 'image', 'banner_image']) checkUrl(item, key, `${where}.${key}`, report);
  checkAuthors(item, where, report);
  const attachments = member(item, 'attachments')?.value;
  if (attachments?.kind === 'array') {
    for (const [index, attachment] of attachments.items.entries()) checkUrl(attachment, 'url', `${where}.attachments[${index}].url`, report);
  }
}

function checkAuthors(node: JsonNode, where: string, report: DiagnosticList): void {
  const author = member(node, 'author');
  if (author) {
    report.add('jsonfeed-authors', `${where}: expected \`authors\` (an array, JSON Feed 1.1), found the deprecated \`author\``, author.keyPlace, { field: `${where}.author`, expected: 'authors', actual: 'author' });
  }
  const authors = member(node, 'authors')?.value;
  if (authors?.kind === 'array') {
    for (const [index, item] of authors.items.entries()) {
      checkUrl(item, 'url', `${where}.authors[${index}].url`, report);
      checkUrl(item, 'avatar', `${where}.authors[${index}].avatar`, report);
    }
  }
}

function checkUrl(node: JsonNode, key: string, field: string, report: DiagnosticList): void {
  const entry = member(node, key);
  const value = stringOf(entry?.value);
  if (!entry || value === undefined) return;
  if (!isFullUrl(value)) report.add('jsonfeed-url', `${field}: expected an absolute URL, found ${shown(value)}`, entry.value.place, { field, expected: 'an absolute URL', actual: value });
}

/** Drop Ajv's noise: `if`/`anyOf` wrappers when a more precise error at the same path exists. */
function simplify(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'allOf' || error.keyword === 'anyOf') continue;
    // Covered by jsonfeed-item-id / jsonfeed-content with clearer messages.
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    if (error.keyword === 'required' && /^\/items\/\d+$/.test(error.instancePath) && (missing === 'id' || missing === 'content_html' || missing === 'content_text')) continue;
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(error);
  }
  return out.slice(0, 100);
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `a property ${JSON.stringify(params['missingProperty'])}`;
    case 'type':
      return `a value of type ${String(params['type'])}`;
    case 'enum':
      return `one of ${(params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'additionalProperties':
      return `no property ${JSON.stringify(params['additionalProperty'])}`;
    default:
      return `a value that ${error.message ?? 'matches the schema'}`;
  }
}

function describeNode(node: JsonNode | undefined): string {
  if (!node) return 'nothing';
  if (node.kind === 'string') return shown(node.value, 60);
  if (node.kind === 'number' || node.kind === 'boolean') return String(node.value);
  if (node.kind === 'null') return 'null';
  return `an ${node.kind}`;
}
