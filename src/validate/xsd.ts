import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorDetail, XsdValidator } from 'libxml2-wasm';
import type { Diagnostic } from '../util/diagnostics.js';
import { escapeRegExp } from '../util/text.js';

/**
 * XML Schema validation with libxml2-wasm (libxml2 compiled to WebAssembly: no native build, no
 * network). The schema is compiled once per folder and process (~0.1 s) and that one validator
 * is reused for every document, in whatever thread asked (a build worker compiles its own):
 * ~0.5 ms a NewsML-G2 item, where xmllint-wasm started a worker and compiled the schema per call.
 */
export interface XsdDocument {
  /** Path shown in diagnostics. */
  file: string;
  text: string;
}

/** A compiled schema: libxml2's findings for one document (none when valid). */
export interface XsdSchemaSet {
  /** Parses `text` and validates it: parser findings when it is not well-formed. */
  validate(text: string): XsdFinding[];
  /** Validates a document libxml2 has already parsed (`parseXmlDocument`). */
  validateDocument(document: Libxml2Document): XsdFinding[];
}

export interface XsdFinding {
  line: number;
  /** libxml2 gives a column for parser errors; schema errors are placed by the element they name. */
  column?: number;
  level: 'error' | 'warning';
  /** `parser` (well-formedness) or `schemas` (validity). */
  domain: 'parser' | 'schemas';
  message: string;
}

/** Relative to a specs folder laid out as ../shared/specs (and as the package's `schemas/`). */
export const NEWSML_XSD_DIR = 'newsml-g2-2.35';
export const NEWSML_XSD = 'NewsML-G2_2.35-spec-All-Power.xsd';

/**
 * The official schemas shipped with the package (`schemas/` beside `dist/`), used when no other
 * folder is named: from `src/validate/` and from `dist/validate/` alike, two folders up.
 */
export const BUNDLED_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The schemas folder a check uses: the one named, else `WIREKIT_SCHEMAS`, else the package's own. */
export const schemasFolder = (named?: string): string => named ?? (process.env['WIREKIT_SCHEMAS'] || undefined) ?? BUNDLED_SCHEMAS_DIR;

const schemaCache = new Map<string, Promise<XsdSchemaSet>>();

/** The NewsML-G2 2.35 All-Power schema (which imports `xml.xsd` beside it), compiled once per folder. */
export function loadNewsmlSchemas(schemasDir: string): Promise<XsdSchemaSet> {
  const folder = path.resolve(schemasDir, NEWSML_XSD_DIR);
  let cached = schemaCache.get(folder);
  if (!cached) {
    cached = compileSchema(path.join(folder, NEWSML_XSD), { 'xml.xsd': path.join(folder, 'xml.xsd') });
    // A failed read is not cached: the next call may find the folder.
    cached.catch(() => schemaCache.delete(folder));
    schemaCache.set(folder, cached);
  }
  return cached;
}

export type Libxml2 = typeof import('libxml2-wasm');
export type Libxml2Document = import('libxml2-wasm').XmlDocument;

let libxml2Module: Promise<Libxml2> | undefined;
/** libxml2, loaded on first use: only the NewsML-G2 check needs it. */
export const loadLibxml2 = (): Promise<Libxml2> => (libxml2Module ??= import('libxml2-wasm'));

/**
 * How documents are read: never from the network, no external entity, and no length limit on a
 * text node (own output can hold a 10 MB body; input size is bounded before this runs); line
 * numbers past 65,535 stay right.
 */
const parseOptions = (libxml2: Libxml2): { option: number } => ({
  option: libxml2.ParseOption.XML_PARSE_NONET | libxml2.ParseOption.XML_PARSE_NO_XXE | libxml2.ParseOption.XML_PARSE_HUGE | libxml2.ParseOption.XML_PARSE_BIG_LINES,
});

/** `text` parsed by libxml2 (the caller disposes the document), or the parser's findings. */
export function parseXmlDocument(libxml2: Libxml2, text: string): { document: Libxml2Document; findings?: undefined } | { document?: undefined; findings: XsdFinding[] } {
  try {
    return { document: libxml2.XmlDocument.fromString(text, parseOptions(libxml2)) };
  } catch (error) {
    if (error instanceof libxml2.XmlParseError) return { findings: error.details.map((detail) => finding(detail, 'parser')) };
    throw error;
  }
}

/**
 * libxml2's file reads go only to these in-memory buffers: the schema's imports are read by us,
 * up front, and nothing a document names is ever loaded.
 */
let inputs: import('libxml2-wasm').XmlBufferInputProvider | undefined;

async function compileSchema(file: string, imports: Readonly<Record<string, string>>): Promise<XsdSchemaSet> {
  const [main, ...imported] = await Promise.all([readFile(file), ...Object.values(imports).map((name) => readFile(name))]);
  const libxml2 = await loadLibxml2();
  if (!inputs) {
    inputs = new libxml2.XmlBufferInputProvider({});
    libxml2.xmlRegisterInputProvider(inputs);
  }
  Object.values(imports).forEach((name, index) => inputs?.addBuffer(name, imported[index] as Uint8Array));
  const schema = libxml2.XmlDocument.fromBuffer(main as Uint8Array, { url: file });
  let validator: XsdValidator;
  try {
    validator = libxml2.XsdValidator.fromDoc(schema);
  } finally {
    schema.dispose();
  }
  const validateDocument = (document: Libxml2Document): XsdFinding[] => {
    try {
      validator.validate(document);
      return [];
    } catch (error) {
      if (error instanceof libxml2.XmlValidateError) return error.details.map((detail) => finding(detail, 'schemas'));
      throw error;
    }
  };
  return {
    validateDocument,
    validate(text) {
      const parsed = parseXmlDocument(libxml2, text);
      if (!parsed.document) return parsed.findings;
      try {
        return validateDocument(parsed.document);
      } finally {
        parsed.document.dispose();
      }
    },
  };
}

function finding(detail: ErrorDetail, domain: XsdFinding['domain']): XsdFinding {
  const result: XsdFinding = { line: detail.line, level: detail.level === 1 ? 'warning' : 'error', domain, message: detail.message.trim() };
  if (domain === 'parser' && detail.col > 0) result.column = detail.col;
  return result;
}

export interface XsdRuleOptions {
  /** Rule id of validity errors (well-formedness errors are `xml-well-formed`). */
  ruleId?: string;
  /** Documentation link put on each diagnostic. */
  url?: string;
}

/** Validate `documents` against `schemas`; diagnostics per document, in input order (an empty list for a valid one). */
export async function validateWithXsd(documents: readonly XsdDocument[], schemas: XsdSchemaSet, rule: XsdRuleOptions = {}): Promise<Diagnostic[][]> {
  return documents.map((document) => schemas.validate(document.text).map((found) => xsdDiagnostic(found, document, rule)));
}

/** A libxml2 finding as a diagnostic, placed in `document` and said in plain words. */
export function xsdDiagnostic(error: XsdFinding, document: XsdDocument, rule: XsdRuleOptions): Diagnostic {
  const sourceLine = document.text.split('\n', error.line)[error.line - 1] ?? '';
  const readable = readableXsdMessage(error.message);
  const diagnostic: Diagnostic = {
    file: document.file,
    line: error.line,
    column: columnOf(error, sourceLine, readable.element, readable.attribute),
    severity: error.level,
    ruleId: error.domain === 'parser' ? 'xml-well-formed' : (rule.ruleId ?? 'xsd'),
    message: readable.message,
  };
  if (rule.url !== undefined) diagnostic.url = rule.url;
  if (readable.expected !== undefined) diagnostic.expected = readable.expected;
  if (readable.actual !== undefined) diagnostic.actual = readable.actual;
  return diagnostic;
}

function columnOf(error: XsdFinding, sourceLine: string, element: string | undefined, attribute: string | undefined): number {
  if (error.column !== undefined) return error.column;
  if (attribute !== undefined) {
    const at = new RegExp(`\\s(${escapeRegExp(attribute)})\\s*=`).exec(sourceLine);
    if (at) return at.index + 2;
  }
  if (element !== undefined) {
    const at = new RegExp(`<(?:[\\w.-]+:)?${escapeRegExp(element)}[\\s/>]`).exec(sourceLine);
    if (at) return at.index + 1;
  }
  const firstTag = sourceLine.indexOf('<');
  return firstTag === -1 ? 1 : firstTag + 1;
}


interface ReadableMessage {
  message: string;
  element?: string;
  attribute?: string;
  expected?: string;
  actual?: string;
}

/**
 * libxml2's schema messages name elements as `{namespace}local`; say them as `<local>` and turn
 * the common ones into "expected …, found …" sentences.
 */
export function readableXsdMessage(raw: string): ReadableMessage {
  // `{ns}name` → `name`; a wildcard `##other{ns}*` → words.
  const local = (name: string): string => (name.startsWith('##other') ? 'an element of another namespace' : name.replace(/^\{[^}]*\}/, ''));
  const tag = (name: string): string => (name.startsWith('##') ? local(name) : `<${local(name)}>`);
  const subject = /^Element '([^']+)'(?:, attribute '([^']+)')?: (.*)$/s.exec(raw);
  if (!subject) return { message: raw.replace(/\{[^}]*\}/g, '') };
  const [, elementName = '', attributeName, rest = ''] = subject;
  const element = local(elementName);
  const base: ReadableMessage = { message: '', element };
  if (attributeName !== undefined) base.attribute = local(attributeName);
  const where = attributeName !== undefined ? `Attribute \`${local(attributeName)}\` of <${element}>` : `<${element}>`;
  const notExpected = /^This element is not expected\.(?: Expected is(?: one of)? \( (.*) \))?\.?$/s.exec(rest);
  if (notExpected) {
    const expected = notExpected[1]?.split(',').map((name) => tag(name.trim())).join(', ');
    return {
      ...base,
      message: expected ? `XSD: expected ${expected} here, found <${element}>` : `XSD: expected no element here, found <${element}>`,
      ...(expected ? { expected } : {}),
      actual: `<${element}>`,
    };
  }
  const missing = /^Missing child element\(s\)\. Expected is(?: one of)? \( (.*) \)\.?$/s.exec(rest);
  if (missing) {
    const expected = (missing[1] ?? '').split(',').map((name) => tag(name.trim())).join(', ');
    return { ...base, message: `XSD: <${element}> is missing a child: expected ${expected}, found none`, expected, actual: 'none' };
  }
  const pattern = /^\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'\.$/s.exec(rest);
  if (pattern) {
    return { ...base, message: `XSD: ${where} must match the pattern ${pattern[2]}, found ${JSON.stringify(pattern[1])}`, expected: `a value matching ${pattern[2]}`, actual: pattern[1] ?? '' };
  }
  return { ...base, message: `XSD: ${where}: ${rest.replace(/\{[^}]*\}/g, '')}` };
}
