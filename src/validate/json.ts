import { DiagnosticList, type Place } from '../util/diagnostics.js';
import { resolveLimits, type Limits } from './limits.js';
import { LineIndex } from '../util/position.js';

/**
 * A JSON parser that keeps the place of every value and key (for `file:line:column`
 * diagnostics), with bounded depth and value count. Strict RFC 8259: no comments, no trailing
 * commas. Iterative over arrays/objects and recursive only in depth, which is bounded.
 */

export type JsonNode =
  | { kind: 'object'; entries: JsonEntry[]; place: Place }
  | { kind: 'array'; items: JsonNode[]; place: Place }
  | { kind: 'string'; value: string; place: Place }
  | { kind: 'number'; value: number; place: Place }
  | { kind: 'boolean'; value: boolean; place: Place }
  | { kind: 'null'; place: Place };

export interface JsonEntry {
  key: string;
  keyPlace: Place;
  value: JsonNode;
}

export type JsonObject = Extract<JsonNode, { kind: 'object' }>;
export type JsonArray = Extract<JsonNode, { kind: 'array' }>;

/** Where a text stops being JSON: what was expected there and what was found. */
class JsonError extends Error {
  constructor(
    readonly expected: string,
    readonly found: string,
    readonly offset: number,
    readonly rule: 'json-syntax' | 'json-limit' = 'json-syntax',
  ) {
    super(`Expected ${expected}, found ${found}${rule === 'json-limit' ? '; parsing stopped' : ''}`);
  }
}

export interface ParsedJson {
  root?: JsonNode;
}

/** Parse `text`; problems go to `report`. `base` places an embedded block inside a larger file. */
export function parseJson(text: string, report: DiagnosticList, options: { limits?: Partial<Limits>; base?: Place } = {}): ParsedJson {
  const lines = new LineIndex(text, options.base);
  const parsed = parse(text, lines, report, resolveLimits(options.limits));
  if (parsed instanceof JsonError) {
    report.add(parsed.rule, parsed.message, lines.place(parsed.offset));
    return {};
  }
  return { root: parsed };
}

/**
 * Where `text` first stops being JSON (or passes a limit), for a caller that reads it with
 * `JSON.parse` (config files, request bodies) and must point at the mistake; undefined when it is JSON.
 */
export function jsonSyntaxError(text: string): { place: Place; expected: string; found: string; message: string } | undefined {
  const lines = new LineIndex(text);
  const parsed = parse(text, lines, new DiagnosticList(''), resolveLimits());
  if (!(parsed instanceof JsonError)) return undefined;
  return { place: lines.place(parsed.offset), expected: parsed.expected, found: parsed.found, message: parsed.message };
}

function parse(text: string, lines: LineIndex, report: DiagnosticList, limits: Limits): JsonNode | JsonError {
  const parser = new Parser(text, lines, limits, report);
  try {
    parser.skipSpace();
    if (parser.index === 0 && text.charCodeAt(0) === 0xfeff) parser.index = 1;
    parser.skipSpace();
    const root = parser.value(0);
    parser.skipSpace();
    if (parser.index < text.length) throw new JsonError('the end of the document', describe(text, parser.index), parser.index);
    return root;
  } catch (error) {
    if (error instanceof JsonError) return error;
    throw error;
  }
}

function describe(text: string, index: number): string {
  if (index >= text.length) return 'the end of the input';
  return JSON.stringify(text.slice(index, index + 12));
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Characters a string may hold as they are (no quote, backslash or control character); matches the empty run too. */
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

/** Objects are mostly small: their keys are scanned, and a Set is made only past this many. */
const SCANNED_KEYS = 16;

class Parser {
  index = 0;
  private count = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly limits: Limits,
    private readonly report: DiagnosticList,
  ) {}

  skipSpace(): void {
    const text = this.text;
    let index = this.index;
    for (;;) {
      const code = text.charCodeAt(index);
      if (code === 32 || code === 10 || code === 13 || code === 9) index++;
      else break;
    }
    this.index = index;
  }

  value(depth: number): JsonNode {
    if (++this.count > this.limits.maxNodes) throw new JsonError(`at most ${this.limits.maxNodes} values`, 'more', this.index, 'json-limit');
    const start = this.index;
    const place = this.lines.place(start);
    const code = this.text.charCodeAt(start);
    if (code === 123 /* { */) return this.object(depth, place);
    if (code === 91 /* [ */) return this.array(depth, place);
    if (code === 34 /* " */) return { kind: 'string', value: this.string(), place };
    if (code === 45 || (code >= 48 && code <= 57)) return { kind: 'number', value: this.number(), place };
    const word = code === 116 ? 'true' : code === 102 ? 'false' : code === 110 ? 'null' : undefined;
    if (word !== undefined && this.text.startsWith(word, start)) {
      this.index += word.length;
      return word === 'null' ? { kind: 'null', place } : { kind: 'boolean', value: word === 'true', place };
    }
    throw new JsonError('a JSON value', describe(this.text, start), start);
  }

  private enter(depth: number): void {
    if (depth >= this.limits.maxDepth) throw new JsonError(`nesting at most ${this.limits.maxDepth} deep`, 'deeper', this.index, 'json-limit');
  }

  private object(depth: number, place: Place): JsonNode {
    this.enter(depth);
    this.index++;
    const entries: JsonEntry[] = [];
    let keys: Set<string> | undefined;
    this.skipSpace();
    if (this.text.charCodeAt(this.index) === 125) {
      this.index++;
      return { kind: 'object', entries, place };
    }
    for (;;) {
      this.skipSpace();
      const code = this.text.charCodeAt(this.index);
      if (code === 125 && entries.length > 0) throw new JsonError('another property after "," (JSON allows no trailing comma)', describe(this.text, this.index), this.index);
      if (code !== 34) throw new JsonError('a quoted property name', describe(this.text, this.index), this.index);
      const keyPlace = this.lines.place(this.index);
      const key = this.string();
      if (entries.length === SCANNED_KEYS) keys = new Set(entries.map((entry) => entry.key));
      const repeated = keys ? keys.has(key) : entries.some((entry) => entry.key === key);
      keys?.add(key);
      if (repeated) this.report.add('json-duplicate-key', `Expected each key once in an object, found ${JSON.stringify(key)} again`, keyPlace, { field: key });
      this.skipSpace();
      if (this.text.charCodeAt(this.index) !== 58) throw new JsonError('":" after the property name', describe(this.text, this.index), this.index);
      this.index++;
      this.skipSpace();
      entries.push({ key, keyPlace, value: this.value(depth + 1) });
      this.skipSpace();
      const next = this.text.charCodeAt(this.index);
      if (next === 44) {
        this.index++;
        continue;
      }
      if (next === 125) {
        this.index++;
        return { kind: 'object', entries, place };
      }
      throw new JsonError('"," or "}" in the object', describe(this.text, this.index), this.index);
    }
  }

  private array(depth: number, place: Place): JsonNode {
    this.enter(depth);
    this.index++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.index) === 93) {
      this.index++;
      return { kind: 'array', items, place };
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.index) === 93 && items.length > 0) throw new JsonError('another element after "," (JSON allows no trailing comma)', describe(this.text, this.index), this.index);
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text.charCodeAt(this.index);
      if (next === 44) {
        this.index++;
        continue;
      }
      if (next === 93) {
        this.index++;
        return { kind: 'array', items, place };
      }
      throw new JsonError('"," or "]" in the array', describe(this.text, this.index), this.index);
    }
  }

  private string(): string {
    const text = this.text;
    const start = this.index;
    let index = start + 1;
    let simple = true;
    for (;;) {
      // Runs of plain characters are skipped by the regular expression engine, not char by char.
      PLAIN_RUN.lastIndex = index;
      PLAIN_RUN.test(text);
      index = PLAIN_RUN.lastIndex;
      const code = text.charCodeAt(index);
      if (Number.isNaN(code)) throw new JsonError('a closing quote', 'the end of the input', start);
      if (code === 34) break;
      if (code < 0x20) throw new JsonError('no raw control character in a string', `U+${code.toString(16).padStart(4, '0').toUpperCase()}`, index);
      if (code === 92) {
        simple = false;
        const escape = text[index + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) throw new JsonError('four hex digits after \\u', describe(text, index), index);
          index += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) throw new JsonError('a valid escape', `\\${escape ?? ''}`, index);
        index += 2;
        continue;
      }
      index++;
    }
    this.index = index + 1;
    return simple ? text.slice(start + 1, index) : (JSON.parse(text.slice(start, index + 1)) as string);
  }

  private number(): number {
    const match = NUMBER;
    match.lastIndex = this.index;
    const found = match.exec(this.text);
    if (!found) throw new JsonError('a number', describe(this.text, this.index), this.index);
    this.index += found[0].length;
    return Number(found[0]);
  }
}

/** The plain value of a node (what JSON.parse would give). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const entry of node.entries) {
        if (entry.key === '__proto__') Object.defineProperty(out, entry.key, { value: toPlain(entry.value), enumerable: true, writable: true, configurable: true });
        else out[entry.key] = toPlain(entry.value);
      }
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

// ---- helpers ------------------------------------------------------------------------------

export const member = (node: JsonNode | undefined, key: string): JsonEntry | undefined =>
  node?.kind === 'object' ? node.entries.find((entry) => entry.key === key) : undefined;

export const stringOf = (node: JsonNode | undefined): string | undefined => (node?.kind === 'string' ? node.value : undefined);

/** The items of an array, or the value itself (JSON-LD treats a single value like a one-item array). */
export const asList = (node: JsonNode): JsonNode[] => (node.kind === 'array' ? node.items : [node]);

/** JSON Pointer path → node (for mapping Ajv errors to places). */
export function atPointer(root: JsonNode, pointer: string): JsonNode | undefined {
  if (pointer === '') return root;
  let node: JsonNode | undefined = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node) return undefined;
    if (node.kind === 'object') node = node.entries.find((entry) => entry.key === key)?.value;
    else if (node.kind === 'array') node = node.items[Number(key)];
    else return undefined;
  }
  return node;
}
