import { stringify } from 'yaml';
import { DiagnosticList, type Diagnostic, type Place } from '../util/diagnostics.js';
import { describe, isPlainObject, readYaml } from '../util/yaml-schema.js';
import { jsonSyntaxError } from '../validate/json.js';
import { placeOfOffset } from '../util/position.js';

/**
 * Request bodies → article sources. An article arrives as markdown with front matter (as in
 * content/), or as JSON: the front-matter fields plus `body` (markdown). JSON is turned into the
 * same markdown, so one parser serves both, and its diagnostics are mapped back to the JSON.
 */
export interface ArticleInput {
  /** Markdown with front matter: what is parsed, and what a publish writes into content/. */
  source: string | Uint8Array;
  /** Point diagnostics about `source` at the request instead (JSON: the field's place in the JSON). */
  remap(diagnostics: readonly Diagnostic[]): Diagnostic[];
}

export type PlaceOf = (path: readonly PropertyKey[]) => Place | undefined;

export interface JsonBody {
  value: unknown;
  text: string;
  placeOf: PlaceOf;
}

/** UTF-8 JSON → value with the place of every field, or positioned diagnostics. */
export function readJsonBody(bytes: Uint8Array, file: string): { json?: JsonBody; diagnostics: Diagnostic[] } {
  const list = new DiagnosticList(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    list.error('request-encoding', 'The request body is not valid UTF-8', { line: 1, column: 1 }, { expected: 'UTF-8 text', actual: 'invalid bytes' });
    return { diagnostics: list.items };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const syntax = jsonSyntaxError(text);
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'invalid JSON';
    const place = syntax?.place ?? placeOfOffset(text, text.length);
    list.error(
      'request-json',
      syntax ? `Invalid JSON: expected ${syntax.expected}, found ${syntax.found}` : `Invalid JSON: ${reason}`,
      place,
      { expected: syntax?.expected ?? 'valid JSON', actual: syntax?.found ?? reason ?? 'invalid JSON' },
    );
    return { diagnostics: list.items };
  }
  // JSON is YAML: the YAML parser gives every field's place (positions only; the value is JSON.parse's).
  const yaml = readYaml(text, { diagnostics: new DiagnosticList(file), rulePrefix: 'request' });
  return { json: { value, text, placeOf: (path) => yaml?.placeOf(path) }, diagnostics: [] };
}

/** A request body holding an article: JSON by `Content-Type`, markdown otherwise. */
export function articleFromBody(bytes: Uint8Array, json: boolean, file: string): { input?: ArticleInput; diagnostics: Diagnostic[] } {
  if (!json) return { input: markdownInput(bytes, file), diagnostics: [] };
  const read = readJsonBody(bytes, file);
  if (!read.json) return { diagnostics: read.diagnostics };
  return articleFromJson(read.json.value, read.json.placeOf, [], file);
}

export function markdownInput(source: string | Uint8Array, file: string): ArticleInput {
  return { source, remap: (diagnostics) => diagnostics.map((item) => ({ ...item, file })) };
}

/** `{ ...frontMatterFields, body: "markdown" }` at `prefix` in a JSON document → an article source. */
export function articleFromJson(value: unknown, placeOf: PlaceOf, prefix: readonly PropertyKey[], file: string): { input?: ArticleInput; diagnostics: Diagnostic[] } {
  const list = new DiagnosticList(file);
  const where = prefix.length > 0 ? `\`${prefix.join('.')}\`` : 'The JSON article';
  if (!isPlainObject(value)) {
    list.error('request-article', `${where} must be an object of front-matter fields with a markdown \`body\`: found ${describe(value)}`, placeOf(prefix) ?? { line: 1, column: 1 }, {
      expected: 'an object with `body`',
      actual: describe(value),
      ...(prefix.length > 0 ? { field: prefix.join('.') } : {}),
    });
    return { diagnostics: list.items };
  }
  const { body, ...fields } = value;
  if (typeof body !== 'string') {
    const field = [...prefix, 'body'].join('.');
    list.error('request-article-body', `Field \`${field}\`: expected the article text as a markdown string, found ${body === undefined ? 'nothing' : describe(body)}`, placeOf([...prefix, 'body']) ?? placeOf(prefix) ?? { line: 1, column: 1 }, {
      field,
      expected: 'a markdown string',
      actual: body === undefined ? 'nothing' : describe(body),
    });
    return { diagnostics: list.items };
  }
  const frontMatter = stringify(fields, { lineWidth: 0 });
  const source = `---\n${frontMatter}---\n\n${body}`;
  const bodyFromLine = frontMatter.split('\n').length + 2;
  const wholePlace = placeOf(prefix) ?? { line: 1, column: 1 };
  const remap = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
    diagnostics.map((item) => {
      const path = item.field !== undefined ? item.field.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)) : undefined;
      const place = path
        ? (placeOf([...prefix, ...path]) ?? wholePlace)
        : item.line !== undefined && item.line >= bodyFromLine
          ? (placeOf([...prefix, 'body']) ?? wholePlace)
          : wholePlace;
      const field = item.field ?? (item.line !== undefined && item.line >= bodyFromLine ? 'body' : undefined);
      const mapped: Diagnostic = { ...item, file, line: place.line, column: place.column };
      if (field !== undefined) mapped.field = prefix.length > 0 ? `${prefix.join('.')}.${field}` : field;
      return mapped;
    });
  return { input: { source, remap }, diagnostics: [] };
}
