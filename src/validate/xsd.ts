import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateXML, memoryPages, type XMLFileInfo } from 'xmllint-wasm';
import type { Diagnostic } from '../util/diagnostics.js';

/**
 * XML Schema validation with xmllint-wasm (libxml2 compiled to WebAssembly: no native build, no
 * network). One call starts a worker and compiles the schema (~80 ms), so documents are validated
 * in batches: all of a build's NewsML-G2 files in one call. xmllint reports a line per error; the
 * column is found by locating the element (or attribute) it names on that line.
 */
export interface XsdSchemaSet {
  /** The schema xmllint compiles (`--schema`). */
  main: XMLFileInfo;
  /** Files it imports or includes, by the names its `schemaLocation`s use. */
  preload: XMLFileInfo[];
}

export interface XsdDocument {
  /** Path shown in diagnostics (any string; xmllint sees a generated name). */
  file: string;
  text: string;
}

/** Relative to a specs folder laid out as ../shared/specs. */
export const NEWSML_XSD_DIR = 'newsml-g2-2.35';
export const NEWSML_XSD = 'NewsML-G2_2.35-spec-All-Power.xsd';

const schemaCache = new Map<string, Promise<XsdSchemaSet>>();

/** The NewsML-G2 2.35 All-Power schema with `xml.xsd` preloaded, read once per folder. */
export function loadNewsmlSchemas(schemasDir: string): Promise<XsdSchemaSet> {
  const folder = path.resolve(schemasDir, NEWSML_XSD_DIR);
  let cached = schemaCache.get(folder);
  if (!cached) {
    cached = (async (): Promise<XsdSchemaSet> => {
      const [main, xml] = await Promise.all([readFile(path.join(folder, NEWSML_XSD), 'utf8'), readFile(path.join(folder, 'xml.xsd'), 'utf8')]);
      return { main: { fileName: NEWSML_XSD, contents: main }, preload: [{ fileName: 'xml.xsd', contents: xml }] };
    })();
    // A failed read is not cached: the next call may find the folder.
    cached.catch(() => schemaCache.delete(folder));
    schemaCache.set(folder, cached);
  }
  return cached;
}

/** Input bytes per xmllint call: keeps the wasm heap small for a 10,000-document run. */
const BATCH_BYTES = 24 * 1024 * 1024;

/**
 * Validate `documents` against `schemas`; diagnostics per document, in input order (an empty list
 * for a valid one). Large sets are split into a few calls by size; the calls run one after another.
 */
export interface XsdRuleOptions {
  /** Rule id of validity errors (well-formedness errors are `xml-well-formed`). */
  ruleId?: string;
  /** Documentation link put on each diagnostic. */
  url?: string;
}

export async function validateWithXsd(documents: readonly XsdDocument[], schemas: XsdSchemaSet, rule: XsdRuleOptions = {}): Promise<Diagnostic[][]> {
  const results: Diagnostic[][] = documents.map(() => []);
  for (const batch of batches(documents)) {
    const inputs = batch.map((index): XMLFileInfo => ({ fileName: internalName(index), contents: documents[index]?.text ?? '' }));
    const result = await validateXML({
      xml: inputs,
      schema: [schemas.main],
      preload: schemas.preload,
      maxMemoryPages: memoryPages.GiB,
    });
    if (result.valid) continue;
    for (const error of parseXmllintOutput(result.rawOutput)) {
      const index = Number(/^doc-(\d+)\.xml$/.exec(error.fileName)?.[1]);
      const document = documents[index];
      if (!document) continue;
      results[index]?.push(toDiagnostic(error, document, rule));
    }
  }
  return results;
}

const internalName = (index: number): string => `doc-${index}.xml`;

function batches(documents: readonly XsdDocument[]): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  documents.forEach((document, index) => {
    if (current.length > 0 && bytes + document.text.length > BATCH_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += document.text.length;
  });
  if (current.length > 0) out.push(current);
  return out;
}

export interface XmllintError {
  fileName: string;
  line: number;
  /** From the caret line xmllint prints under parser errors. */
  column?: number;
  level: 'error' | 'warning';
  /** `parser` (well-formedness), `schemas` (validity) or another libxml2 domain. */
  domain: string;
  message: string;
  /** The source excerpt xmllint printed under a parser error. */
  context?: string;
}

const ERROR_LINE = /^(.+?):(\d+): (?:element [^:]+: )?([A-Za-z ]+?) (error|warning) : (.*)$/;

/** xmllint's stderr → errors. Parser errors are followed by an excerpt and a `^` caret line. */
export function parseXmllintOutput(output: string): XmllintError[] {
  const lines = output.split('\n');
  const errors: XmllintError[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = ERROR_LINE.exec(lines[index] ?? '');
    if (!match) continue;
    const [, fileName = '', line = '0', domain = '', level = 'error', message = ''] = match;
    const error: XmllintError = { fileName, line: Number(line), level: level === 'warning' ? 'warning' : 'error', domain: domain.trim().toLowerCase(), message: message.trim() };
    const caret = lines[index + 2];
    if (caret !== undefined && /^\s*\^\s*$/.test(caret) && !ERROR_LINE.test(lines[index + 1] ?? '')) {
      error.context = lines[index + 1] ?? '';
      error.column = caret.indexOf('^') + 1;
      index += 2;
    }
    errors.push(error);
  }
  return errors;
}

function toDiagnostic(error: XmllintError, document: XsdDocument, rule: XsdRuleOptions): Diagnostic {
  const sourceLine = document.text.split('\n', error.line)[error.line - 1] ?? '';
  const readable = readableXsdMessage(error.message);
  const diagnostic: Diagnostic = {
    file: document.file,
    line: error.line,
    column: columnOf(error, sourceLine, readable.element, readable.attribute),
    severity: error.level,
    ruleId: error.domain.startsWith('parser') ? 'xml-well-formed' : (rule.ruleId ?? 'xsd'),
    message: readable.message,
  };
  if (rule.url !== undefined) diagnostic.url = rule.url;
  if (readable.expected !== undefined) diagnostic.expected = readable.expected;
  if (readable.actual !== undefined) diagnostic.actual = readable.actual;
  return diagnostic;
}

function columnOf(error: XmllintError, sourceLine: string, element: string | undefined, attribute: string | undefined): number {
  if (error.column !== undefined && error.context !== undefined) {
    // The excerpt is a window on the line: find where it starts.
    const start = sourceLine.indexOf(error.context.trimEnd());
    return (start === -1 ? 0 : start) + error.column;
  }
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

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
