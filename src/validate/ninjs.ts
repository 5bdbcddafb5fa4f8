import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic, Place } from '../util/diagnostics.js';
import { ruleDiagnostic, type FormatRuleDoc } from './rule-diagnostic.js';
import { atPointer, member, parseJson, placeQuickDiagnostics, quickJson, type JsonNode, type ParsedJson } from './json.js';
import { Report } from './rules.js';
import type { Checker } from './types.js';

/**
 * ninjs 3.1 checker: Ajv (draft 2020-12, formats on) against the official schema, with the
 * GeoJSON schema it `$ref`s by URL added locally, so nothing is fetched. Each schema error becomes
 * a sentence naming the property, what the schema expects and what the document has, placed at
 * the value's line:column. Without a schemas folder only the basic shape is checked.
 */
export const NINJS_SCHEMA_FILE = 'ninjs/ninjs-schema_3.1.json';
export const GEOJSON_SCHEMA_FILE = 'ninjs/GeoJSON-schema.json';
const SPEC = 'https://www.iptc.org/std/ninjs/userguide/';

export const NINJS_RULES = {
  'ninjs-schema': { severity: 'error', summary: 'The document is valid against the IPTC ninjs 3.1 JSON Schema.', url: SPEC },
  'ninjs-uri': { severity: 'error', summary: 'A ninjs document is an object with a uri (its only required property).', url: SPEC },
  'ninjs-schema-skipped': { severity: 'info', summary: 'No schemas folder was given: only the basic shape was checked.', url: SPEC },
  'ninjs-schema-unavailable': { severity: 'warning', summary: 'The schemas folder does not hold the ninjs 3.1 schema: only the basic shape was checked.', url: SPEC },
} as const satisfies Record<string, FormatRuleDoc>;

export type NinjsRuleId = keyof typeof NINJS_RULES;

const validators = new Map<string, Promise<ValidateFunction>>();

/** The compiled ninjs 3.1 validator for a specs folder (compiled once). */
export function ninjsValidator(schemasDir: string): Promise<ValidateFunction> {
  const folder = path.resolve(schemasDir);
  let cached = validators.get(folder);
  if (!cached) {
    cached = (async (): Promise<ValidateFunction> => {
      const [ninjs, geojson] = await Promise.all([readJson(path.join(folder, NINJS_SCHEMA_FILE)), readJson(path.join(folder, GEOJSON_SCHEMA_FILE))]);
      // Loaded on first use: a build without the schemas (every worker) never needs Ajv.
      const [{ Ajv2020 }, addFormatsModule] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')]);
      // ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
      const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: InstanceType<typeof Ajv2020>) => unknown;
      // Ajv's code optimizer took most of the compile (~1 s of a build's start on this machine,
      // per thread); without it the compile is a few times faster and validating no slower to notice.
      const ajv = new Ajv2020({ allErrors: true, strict: false, code: { optimize: false } });
      addFormats(ajv);
      ajv.addSchema(geojson as object);
      return ajv.compile(ninjs as object);
    })();
    cached.catch(() => validators.delete(folder));
    validators.set(folder, cached);
  }
  return cached;
}

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8')) as unknown;

export const checkNinjs: Checker = async (text, { file, schemasDir, serialized }) => {
  // wirekit's own JSON: read with JSON.parse, positions looked up only for what is found (see quickJson).
  const report = new Report(file);
  // Without the schema only `uri` is checked: no node tree needed when it is there.
  if (serialized && schemasDir === undefined && hasStringUri(text)) return [diagnostic(file, 'ninjs-schema-skipped', SCHEMA_SKIPPED)];
  const quick = serialized ? quickJson(text) : undefined;
  if (quick) {
    report.push(placeQuickDiagnostics(text, await ninjsFindings(quick, file, schemasDir)));
    return report.done();
  }
  const parsed = parseJson(text, report);
  if (!parsed.root) return report.done();
  report.push(await ninjsFindings(parsed, file, schemasDir));
  return report.done();
};

const SCHEMA_SKIPPED = 'ninjs 3.1 schema validation skipped: no schemas folder given (basic shape only)';

/**
 * True when `text`, written by `JSON.stringify`, is an object whose `uri` is a string. In the
 * two-space layout wirekit writes, a line break followed by exactly two spaces can only start a
 * member of the top-level object (breaks inside strings are escaped), so `\n  "uri": "` says it
 * without parsing 12 KB; any other layout is parsed.
 */
export function hasStringUri(text: string): boolean {
  if (text.startsWith('{\n') && text.includes('\n  "uri": "')) return true;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { uri?: unknown }).uri === 'string';
  } catch {
    return false;
  }
}

async function ninjsFindings(parsed: ParsedJson, file: string, schemasDir: string | undefined): Promise<Diagnostic[]> {
  const root = parsed.root;
  if (!root) return [];
  const found: Diagnostic[] = [];
  const uri = member(root, 'uri');
  if (root.kind !== 'object') {
    found.push(diagnostic(file, 'ninjs-uri', `Expected a ninjs object, found ${kindName(root)}`, root.place, { expected: 'an object', actual: kindName(root) }));
  } else if (uri?.value.kind !== 'string') {
    found.push(
      diagnostic(file, 'ninjs-uri', `Expected the required property \`uri\` (a string), found ${uri ? kindName(uri.value) : 'none'}`, uri?.keyPlace ?? root.place, {
        field: 'uri',
        expected: 'a URI string',
        actual: uri ? kindName(uri.value) : 'none',
      }),
    );
  }
  if (schemasDir === undefined) {
    found.push(diagnostic(file, 'ninjs-schema-skipped', SCHEMA_SKIPPED));
  } else {
    let validate: ValidateFunction | undefined;
    try {
      validate = await ninjsValidator(schemasDir);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      found.push(diagnostic(file, 'ninjs-schema-unavailable', `ninjs 3.1 schema validation skipped: expected ${NINJS_SCHEMA_FILE} and ${GEOJSON_SCHEMA_FILE} in ${schemasDir}, found ${reason}`));
    }
    if (validate && !validate(parsed.value)) {
      for (const error of relevantErrors(validate.errors ?? [])) found.push(schemaDiagnostic(file, root, error));
    }
  }
  return found;
}

const diagnostic = (file: string, ruleId: NinjsRuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): Diagnostic =>
  ruleDiagnostic(NINJS_RULES, file, ruleId, message, place, extra);

/** Drop Ajv's summary errors (`must match "then" schema`, `$ref` wrappers) when a precise one exists. */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const precise = errors.filter((error) => !['if', 'anyOf', 'oneOf', 'allOf', '$ref'].includes(error.keyword));
  const seen = new Set<string>();
  return (precise.length > 0 ? precise : [...errors]).filter((error) => {
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function schemaDiagnostic(file: string, root: JsonNode, error: ErrorObject): Diagnostic {
  const where = error.instancePath === '' ? 'the document' : `\`${error.instancePath.slice(1).replaceAll('/', '.')}\``;
  const node = atPointer(root, error.instancePath);
  const place = node?.place;
  const params = error.params as Record<string, unknown>;
  const field = error.instancePath.slice(1).replaceAll('/', '.');
  const extra = (expected: string, actual: string): Partial<Diagnostic> => (field ? { field, expected, actual } : { expected, actual });
  switch (error.keyword) {
    case 'unevaluatedProperties':
    case 'additionalProperties': {
      const property = String(params['unevaluatedProperty'] ?? params['additionalProperty']);
      const entry = node ? member(node, property) : undefined;
      return diagnostic(file, 'ninjs-schema', `Expected only ninjs 3.1 properties in ${where}, found \`${property}\`, which the schema does not define`, entry?.keyPlace ?? place, {
        ...extra('a property defined by ninjs 3.1', property),
      });
    }
    case 'required': {
      const property = String(params['missingProperty']);
      return diagnostic(file, 'ninjs-schema', `Expected the required property \`${property}\` in ${where}, found none`, place, extra(`\`${property}\``, 'none'));
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined)?.map((value) => JSON.stringify(value)).join(', ') ?? '';
      return diagnostic(file, 'ninjs-schema', `Expected one of ${allowed} for ${where}, found ${shown(node)}`, place, extra(`one of ${allowed}`, shown(node)));
    }
    case 'type': {
      const type = String(params['type']);
      return diagnostic(file, 'ninjs-schema', `Expected ${where} to be ${article(type)}, found ${node ? kindName(node) : 'nothing'}`, place, extra(article(type), node ? kindName(node) : 'nothing'));
    }
    case 'format': {
      const format = String(params['format']);
      return diagnostic(file, 'ninjs-schema', `Expected ${where} to be a ${format} (${FORMAT_HINTS[format] ?? format}), found ${shown(node)}`, place, extra(format, shown(node)));
    }
    default:
      return diagnostic(file, 'ninjs-schema', `Expected ${where} to satisfy the ninjs 3.1 schema (${error.keyword}): it ${error.message ?? 'does not'}`, place, extra(error.keyword, shown(node)));
  }
}

const FORMAT_HINTS: Record<string, string> = {
  'date-time': 'RFC 3339, e.g. 2025-02-13T10:32:00+01:00',
  uri: 'an absolute URI',
};

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function kindName(node: JsonNode): string {
  return node.kind === 'object' ? 'an object' : node.kind === 'array' ? 'an array' : node.kind === 'null' ? 'null' : `a ${node.kind}`;
}

function shown(node: JsonNode | undefined): string {
  if (!node) return 'nothing';
  if (node.kind === 'string') return JSON.stringify(node.value.length > 80 ? `${node.value.slice(0, 80)}…` : node.value);
  if (node.kind === 'number' || node.kind === 'boolean') return String(node.value);
  return kindName(node);
}
