import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sha256 } from '../util/hash.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { DEFAULT_LIMITS } from './limits.js';
import { atPointer, member, parseJson, toPlain, type JsonNode, type ParsedJson } from './json.js';
import { DiagnosticList, ruleDiagnostic, type Diagnostic, type Place } from '../util/diagnostics.js';
import { rulesOf, type RuleId } from '../util/rules.js';
import type { Checker } from './types.js';

/**
 * ninjs 3.1 checker: Ajv (draft 2020-12, formats on) against the official schema, with the
 * GeoJSON schema it `$ref`s by URL added locally, so nothing is fetched. Each schema error becomes
 * a sentence naming the property, what the schema expects and what the document has, placed at
 * the value's line:column. Without a schemas folder only the basic shape is checked.
 */
export const NINJS_SCHEMA_FILE = 'ninjs/ninjs-schema_3.1.json';
export const GEOJSON_SCHEMA_FILE = 'ninjs/GeoJSON-schema.json';

/** The ninjs rows of the rule table (`RULES`). */
export const NINJS_RULES = rulesOf('ninjs');

export type NinjsRuleId = Extract<RuleId, `ninjs-${string}`>;

const validators = new Map<string, Promise<ValidateFunction>>();

/**
 * The validator compiled when the package is compiled (`npm run compile` runs this module: see
 * the end), for the shipped schemas: loading it takes a few ms where Ajv's import, setup and
 * compile took ~0.5 s per thread. Used only for schema files with the very bytes it was made from.
 */
const PRECOMPILED = fileURLToPath(new URL('../../dist/ninjs-validator.cjs', import.meta.url));

/** The compiled ninjs 3.1 validator for a specs folder (compiled once). */
export function ninjsValidator(schemasDir: string): Promise<ValidateFunction> {
  const folder = path.resolve(schemasDir);
  let cached = validators.get(folder);
  if (!cached) {
    cached = (async (): Promise<ValidateFunction> => {
      const [ninjs, geojson] = await Promise.all([readFile(path.join(folder, NINJS_SCHEMA_FILE), 'utf8'), readFile(path.join(folder, GEOJSON_SCHEMA_FILE), 'utf8')]);
      const ready = precompiled(schemaHash(ninjs, geojson));
      if (ready) return ready;
      const ajv = await newNinjsAjv(false);
      return ajv.compile(parseSchemas(ninjs, geojson, ajv));
    })();
    cached.catch(() => validators.delete(folder));
    validators.set(folder, cached);
  }
  return cached;
}

const schemaHash = (ninjs: string, geojson: string): string => sha256(`${sha256(ninjs)}${sha256(geojson)}`);

function precompiled(hash: string): ValidateFunction | undefined {
  if (!existsSync(PRECOMPILED)) return undefined;
  const module = createRequire(import.meta.url)(PRECOMPILED) as { schemaHash?: string; validate?: ValidateFunction };
  return module.schemaHash === hash ? module.validate : undefined;
}

/** The ninjs schema, with the GeoJSON schema it `$ref`s added to `ajv` (nothing is fetched). */
function parseSchemas(ninjs: string, geojson: string, ajv: InstanceType<typeof import('ajv/dist/2020.js').Ajv2020>): object {
  ajv.addSchema(JSON.parse(geojson) as object);
  return JSON.parse(ninjs) as object;
}

/** Ajv as the ninjs check uses it; `source`: keeping the code, for the precompiled module. */
async function newNinjsAjv(source: boolean): Promise<InstanceType<typeof import('ajv/dist/2020.js').Ajv2020>> {
  // Loaded on first use, and only when no precompiled validator fits.
  const [{ Ajv2020, _ }, addFormatsModule] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')]);
  // ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: InstanceType<typeof Ajv2020>) => unknown;
  // Ajv's code optimizer took most of a runtime compile (~1 s of a build's start on this machine,
  // per thread): off then; on for the precompiled module, whose compile is paid once (a smaller file).
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    code: { optimize: source, ...(source ? { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } : {}) },
  });
  addFormats(ajv);
  return ajv;
}

/** Write the precompiled validator for the schemas in `schemasDir` (run by `npm run compile`). */
export async function writePrecompiledNinjsValidator(schemasDir: string, file: string): Promise<void> {
  const [ninjs, geojson] = await Promise.all([readFile(path.join(schemasDir, NINJS_SCHEMA_FILE), 'utf8'), readFile(path.join(schemasDir, GEOJSON_SCHEMA_FILE), 'utf8')]);
  const ajv = await newNinjsAjv(true);
  const validate = ajv.compile(parseSchemas(ninjs, geojson, ajv));
  const standaloneCode = (await import('ajv/dist/standalone/index.js')).default as unknown as (ajv: unknown, validate: ValidateFunction) => string;
  const code = `${standaloneCode(ajv, validate)}\nmodule.exports.validate = module.exports;\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(ninjs, geojson))};\n`;
  await writeFile(file, `// Generated by npm run compile from ${NINJS_SCHEMA_FILE} and ${GEOJSON_SCHEMA_FILE}: do not edit.\n${code}`);
}

export const checkNinjs: Checker = async (text, { file, schemasDir }) => {
  const report = new DiagnosticList(file, DEFAULT_LIMITS.maxDiagnostics);
  const parsed = parseJson(text, report);
  if (!parsed.root) return report.done();
  report.push(await ninjsFindings(parsed, file, schemasDir));
  return report.done();
};

const SCHEMA_SKIPPED = 'ninjs 3.1 schema validation skipped: no schemas folder given (basic shape only)';

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
    if (validate && !validate(toPlain(root))) {
      for (const error of relevantErrors(validate.errors ?? [])) found.push(schemaDiagnostic(file, root, error));
    }
  }
  return found;
}

const diagnostic = (file: string, ruleId: NinjsRuleId, message: string, place?: Place, extra: Partial<Diagnostic> = {}): Diagnostic =>
  ruleDiagnostic(file, ruleId, message, place, extra);

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

// `node dist/validate/ninjs.js` (the end of `npm run compile`): the precompiled validator for the shipped schemas.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { BUNDLED_SCHEMAS_DIR } = await import('./xsd.js');
  await writePrecompiledNinjsValidator(BUNDLED_SCHEMAS_DIR, PRECOMPILED);
}
