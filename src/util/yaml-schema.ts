import type { Document, Node as YamlNode } from 'yaml';
import { yamlLibrary } from './yaml-lib.js';
import * as v from 'valibot';
import type { DiagnosticList, Place } from './diagnostics.js';
import { simpleYaml } from './simple-yaml.js';

/**
 * YAML (and so JSON) text → a value checked against a valibot schema, with every problem
 * reported at the `line:column` of the field concerned. `lineOffset` shifts positions when the
 * text is embedded in a larger file (front matter starts after its `---`).
 */
export interface YamlCheckOptions {
  diagnostics: DiagnosticList;
  /** Lines before the text in the file it came from. */
  lineOffset?: number;
  /** Rule id prefix: `frontmatter`, `config`… */
  rulePrefix: string;
  /** Place to report missing top-level fields at. */
  wholePlace?: Place;
}

/** Where the value at a path of keys and indexes is written. */
export interface PlaceLookup {
  placeOf(path: readonly PropertyKey[]): Place | undefined;
}

export interface YamlDocument extends PlaceLookup {
  document: Document.Parsed;
  /** The document as plain data (aliases expanded, within `MAX_ALIAS_COUNT`). */
  value: unknown;
}

/**
 * How many times an alias may be expanded: a few anchors reused in front matter are fine, a
 * "billion laughs" of nested aliases is refused with a diagnostic, not an exception.
 */
export const MAX_ALIAS_COUNT = 100;

/** A YAML mapping read into plain data, with its places. */
export interface YamlValue extends PlaceLookup {
  value: unknown;
}

/**
 * `readYaml` then `toJS`, through `simpleYaml` when the text is that simple (most front matter):
 * then `yaml` runs only if a place is asked for, which happens only when something is reported.
 */
export function readYamlValue(text: string, options: YamlCheckOptions): YamlValue | undefined {
  // Saves 17–22 % of a 1,000-article build's user CPU with stringifySimpleYaml (docs/performance.md).
  const simple = simpleYaml(text);
  if (simple === undefined) {
    const yaml = readYaml(text, options);
    return yaml && { value: yaml.value, placeOf: yaml.placeOf };
  }
  let full: YamlDocument | undefined;
  return {
    value: simple,
    // The text parsed without errors for simpleYaml, so yaml has none to report either.
    placeOf: (path) => (full ??= readYaml(text, options))?.placeOf(path),
  };
}

export function readYaml(text: string, options: YamlCheckOptions): YamlDocument | undefined {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const lineOffset = options.lineOffset ?? 0;
  const toPlace = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    // The parser's own limits (nesting deep enough to exhaust the stack): a diagnostic, not a crash.
    libraryError(options, error, options.wholePlace ?? { line: lineOffset + 1, column: 1 });
    return undefined;
  }
  for (const error of document.errors) {
    options.diagnostics.error(`${options.rulePrefix}-yaml`, `Invalid YAML: ${firstLine(error.message)}`, toPlace(error.pos[0]), {
      expected: 'valid YAML',
      actual: error.code,
    });
  }
  if (document.errors.length > 0) return undefined;
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAlias(document);
    libraryError(options, error, alias === undefined ? (options.wholePlace ?? toPlace(0)) : toPlace(alias), alias === undefined ? undefined : 'aliases');
    return undefined;
  }
  return {
    document,
    value,
    placeOf(path) {
      const node = locate(document, path);
      return node ? toPlace(node) : undefined;
    },
  };
}

/** Offset of the first alias (`*name`) of the document, if any. */
function firstAlias(document: Document.Parsed): number | undefined {
  const { visit } = yamlLibrary();
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** An exception of the YAML library on this text, as the diagnostic it deserves. */
function libraryError(options: YamlCheckOptions, error: unknown, place: Place, what?: 'aliases'): void {
  const reason = error instanceof RangeError && /call stack/i.test(error.message) ? 'nesting too deep to read' : firstLine(error instanceof Error ? error.message : String(error));
  const message = what === 'aliases' ? `Invalid YAML: aliases expand to more than ${MAX_ALIAS_COUNT} copies (${reason})` : `Invalid YAML: ${reason}`;
  options.diagnostics.error(`${options.rulePrefix}-yaml`, message, place, {
    expected: what === 'aliases' ? `at most ${MAX_ALIAS_COUNT} alias expansions` : 'valid YAML',
    actual: reason,
  });
}

const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/** Offset of the value at `path`, or of the key of the deepest ancestor that exists. */
function locate(document: Document.Parsed, path: readonly PropertyKey[]): number | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlLibrary();
  let node: unknown = document.contents;
  let offset: number | undefined = rangeStart(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) return offset;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) return offset;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** Check `value` against `schema`; returns the output or undefined after reporting every issue. */
export function checkWithSchema<TSchema extends v.GenericSchema>(
  value: unknown,
  schema: TSchema,
  yaml: PlaceLookup | undefined,
  options: YamlCheckOptions,
): v.InferOutput<TSchema> | undefined {
  reportUnknownKeys(schema, value, [], yaml, options);
  const result = v.safeParse(schema, value, { abortEarly: false });
  if (result.success) return result.output;
  for (const issue of result.issues) reportIssue(issue, schema, yaml, options);
  return undefined;
}

function reportIssue(issue: v.BaseIssue<unknown>, schema: SchemaShape, yaml: PlaceLookup | undefined, options: YamlCheckOptions): void {
  const path = (issue.path ?? []).map((item) => item.key as PropertyKey);
  const field = path.map(String).join('.');
  const place = yaml?.placeOf(path) ?? options.wholePlace;
  const missing = issue.input === undefined && issue.kind === 'schema';
  // A custom message on a schema or action is written as the expectation ("a slug of …").
  const expected = missing
    ? (schemaAt(schema, path)?.message ?? issue.expected ?? 'a value')
    : issue.message.startsWith('Invalid ')
      ? (issue.expected ?? 'a valid value')
      : issue.message;
  if (missing) {
    options.diagnostics.error(`${options.rulePrefix}-required`, `Missing required field \`${field}\`: expected ${expected}`, place, {
      field,
      expected,
      actual: 'nothing',
    });
    return;
  }
  const actual = describe(issue.input);
  options.diagnostics.error(`${options.rulePrefix}-invalid`, `Field \`${field}\`: expected ${expected}, found ${actual}`, place, {
    field,
    expected,
    actual,
  });
}

/** A short, quoted rendering of what was found. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(shown);
  }
  return `${typeof value} ${String(value)}`;
}

interface SchemaShape {
  type: string;
  message?: string;
  entries?: Record<string, SchemaShape>;
  wrapped?: SchemaShape;
  item?: SchemaShape;
  value?: SchemaShape;
  options?: SchemaShape[];
}

/** Keys not in an object schema are dropped from the output; tell the user (a likely typo). */
function reportUnknownKeys(
  schema: SchemaShape,
  value: unknown,
  path: PropertyKey[],
  yaml: PlaceLookup | undefined,
  options: YamlCheckOptions,
): void {
  const shape = unwrap(schema);
  if (shape.type === 'object' && shape.entries && isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const entry = shape.entries[key];
      const childPath = [...path, key];
      if (entry) {
        reportUnknownKeys(entry, child, childPath, yaml, options);
        continue;
      }
      const field = childPath.map(String).join('.');
      const known = Object.keys(shape.entries);
      const suggestion = closest(key, known);
      options.diagnostics.warn(
        `${options.rulePrefix}-unknown-field`,
        `Unknown field \`${field}\` is ignored${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`,
        yaml?.placeOf(childPath) ?? options.wholePlace,
        { field, expected: `one of ${known.join(', ')}`, actual: key },
      );
    }
  } else if (shape.type === 'array' && shape.item && Array.isArray(value)) {
    value.forEach((child, index) => reportUnknownKeys(shape.item as SchemaShape, child, [...path, index], yaml, options));
  } else if (shape.type === 'record' && shape.value && isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) reportUnknownKeys(shape.value, child, [...path, key], yaml, options);
  } else if (shape.type === 'union' && shape.options && isPlainObject(value)) {
    const objectOption = shape.options.map(unwrap).find((option) => option.type === 'object');
    if (objectOption) reportUnknownKeys(objectOption, value, path, yaml, options);
  }
}

/** The schema of the field at `path`, to say what a missing field should have held. */
function schemaAt(schema: SchemaShape, path: readonly PropertyKey[]): SchemaShape | undefined {
  let shape: SchemaShape | undefined = schema;
  for (const key of path) {
    if (!shape) return undefined;
    const current: SchemaShape = unwrap(shape);
    if (current.type === 'object') shape = current.entries?.[String(key)];
    else if (current.type === 'array') shape = current.item;
    else if (current.type === 'record') shape = current.value;
    else return undefined;
  }
  return shape && typeof shape.message === 'string' ? shape : undefined;
}

function unwrap(schema: SchemaShape): SchemaShape {
  let shape = schema;
  while (shape.wrapped) shape = shape.wrapped;
  return shape;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The known key within edit distance 2, if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}
