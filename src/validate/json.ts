import type { Diagnostic, Place } from '../util/diagnostics.js';
import { resolveLimits, type Limits } from './limits.js';
import { LineIndex } from '../util/position.js';
import type { Report } from './rules.js';

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

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly rule: 'json-syntax' | 'json-limit',
  ) {
    super(message);
  }
}

export interface ParsedJson {
  root?: JsonNode;
  /** The same document as plain data (for JSON Schema validation). */
  value?: unknown;
}

/** Parse `text`; problems go to `report`. `base` places an embedded block inside a larger file. */
export function parseJson(text: string, report: Report, options: { limits?: Partial<Limits>; base?: Place } = {}): ParsedJson {
  const limits = resolveLimits(options.limits);
  const lines = new LineIndex(text, options.base);
  const parser = new Parser(text, lines, limits, report);
  try {
    parser.skipSpace();
    if (parser.index === 0 && text.charCodeAt(0) === 0xfeff) parser.index = 1;
    parser.skipSpace();
    const root = parser.value(0);
    parser.skipSpace();
    if (parser.index < text.length) throw new JsonError(`Expected the end of the document, found ${describe(text, parser.index)}`, parser.index, 'json-syntax');
    return { root, value: toPlain(root) };
  } catch (error) {
    if (error instanceof JsonError) {
      report.add(error.rule, error.message, lines.place(error.offset));
      return {};
    }
    throw error;
  }
}

function describe(text: string, index: number): string {
  if (index >= text.length) return 'the end of the input';
  return JSON.stringify(text.slice(index, index + 12));
}

class Parser {
  index = 0;
  private count = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly limits: Limits,
    private readonly report: Report,
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
    if (++this.count > this.limits.maxNodes) throw new JsonError(`Expected at most ${this.limits.maxNodes} values, found more; parsing stopped`, this.index, 'json-limit');
    const start = this.index;
    const place = this.lines.place(start);
    const code = this.text.charCodeAt(start);
    if (code === 123 /* { */) return this.object(depth, place);
    if (code === 91 /* [ */) return this.array(depth, place);
    if (code === 34 /* " */) return { kind: 'string', value: this.string(), place };
    if (code === 45 || (code >= 48 && code <= 57)) return { kind: 'number', value: this.number(), place };
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true, place }],
      ['false', { kind: 'boolean', value: false, place }],
      ['null', { kind: 'null', place }],
    ] as const) {
      if (this.text.startsWith(word, start)) {
        this.index += word.length;
        return node;
      }
    }
    throw new JsonError(`Expected a JSON value, found ${describe(this.text, start)}`, start, 'json-syntax');
  }

  private enter(depth: number): void {
    if (depth >= this.limits.maxDepth) throw new JsonError(`Expected nesting at most ${this.limits.maxDepth} deep, found deeper; parsing stopped`, this.index, 'json-limit');
  }

  private object(depth: number, place: Place): JsonNode {
    this.enter(depth);
    this.index++;
    const entries: JsonEntry[] = [];
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text.charCodeAt(this.index) === 125) {
      this.index++;
      return { kind: 'object', entries, place };
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.index) !== 34) throw new JsonError(`Expected a quoted property name, found ${describe(this.text, this.index)}`, this.index, 'json-syntax');
      const keyPlace = this.lines.place(this.index);
      const key = this.string();
      if (seen.has(key)) this.report.add('json-duplicate-key', `Expected each key once in an object, found ${JSON.stringify(key)} again`, keyPlace, { field: key });
      seen.add(key);
      this.skipSpace();
      if (this.text.charCodeAt(this.index) !== 58) throw new JsonError(`Expected ":" after the property name, found ${describe(this.text, this.index)}`, this.index, 'json-syntax');
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
      throw new JsonError(`Expected "," or "}" in the object, found ${describe(this.text, this.index)}`, this.index, 'json-syntax');
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
      throw new JsonError(`Expected "," or "]" in the array, found ${describe(this.text, this.index)}`, this.index, 'json-syntax');
    }
  }

  private string(): string {
    const text = this.text;
    const start = this.index;
    let index = start + 1;
    let simple = true;
    for (;;) {
      const code = text.charCodeAt(index);
      if (Number.isNaN(code)) throw new JsonError('Expected a closing quote, found the end of the input', start, 'json-syntax');
      if (code === 34) break;
      if (code < 0x20) throw new JsonError(`Expected no raw control character in a string, found U+${code.toString(16).padStart(4, '0').toUpperCase()}`, index, 'json-syntax');
      if (code === 92) {
        simple = false;
        const escape = text[index + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) throw new JsonError('Expected four hex digits after \\u', index, 'json-syntax');
          index += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) throw new JsonError(`Expected a valid escape, found \\${escape ?? ''}`, index, 'json-syntax');
        index += 2;
        continue;
      }
      index++;
    }
    this.index = index + 1;
    const raw = text.slice(start, index + 1);
    return simple ? raw.slice(1, -1) : (JSON.parse(raw) as string);
  }

  private number(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.index;
    const found = match.exec(this.text);
    if (!found) throw new JsonError(`Expected a number, found ${describe(this.text, this.index)}`, this.index, 'json-syntax');
    this.index += found[0].length;
    return Number(found[0]);
  }
}

/**
 * JSON that wirekit wrote itself with `JSON.stringify`, read with the native `JSON.parse` (4× the
 * speed of the positioned parser). Its nodes carry stand-in places, line 0 and the node's number
 * in document order as the column, which `placeQuickDiagnostics` turns into true line:column
 * with one positioned parse, only when a check found something. Only for such text:
 * `JSON.parse` keeps the last of two equal keys, which `parseJson` reports. Undefined when the
 * text does not parse or breaks a limit: then the positioned parser says why.
 */
export function quickJson(text: string, limits: Partial<Limits> = {}): ParsedJson | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const bounds = resolveLimits(limits);
  // Numbered in the order parseJson computes places: a value, then each key before its value.
  let order = 0;
  let values = 0;
  const standIn = (): Place => ({ line: 0, column: order++ });
  const node = (item: unknown, depth: number): JsonNode | undefined => {
    if (++values > bounds.maxNodes) return undefined;
    const place = standIn();
    if (item === null) return { kind: 'null', place };
    switch (typeof item) {
      case 'string':
        return { kind: 'string', value: item, place };
      case 'number':
        return { kind: 'number', value: item, place };
      case 'boolean':
        return { kind: 'boolean', value: item, place };
      default:
    }
    if (depth >= bounds.maxDepth) return undefined;
    if (Array.isArray(item)) {
      const items: JsonNode[] = [];
      for (const entry of item) {
        const child = node(entry, depth + 1);
        if (!child) return undefined;
        items.push(child);
      }
      return { kind: 'array', items, place };
    }
    const entries: JsonEntry[] = [];
    for (const [key, entry] of Object.entries(item as Record<string, unknown>)) {
      const keyPlace = standIn();
      const child = node(entry, depth + 1);
      if (!child) return undefined;
      entries.push({ key, keyPlace, value: child });
    }
    return { kind: 'object', entries, place };
  };
  const root = node(value, 0);
  return root ? { root, value } : undefined;
}

/** Diagnostics found on `quickJson` nodes, with the stand-in places replaced by true ones. */
export function placeQuickDiagnostics(text: string, diagnostics: readonly Diagnostic[], options: { base?: Place } = {}): Diagnostic[] {
  const wanted = new Set(diagnostics.filter((item) => item.line === 0).map((item) => item.column ?? -1));
  if (wanted.size === 0) return [...diagnostics];
  const offsets = offsetsInOrder(text, wanted);
  const lines = new LineIndex(text, options.base);
  return diagnostics.map((item) => {
    const offset = item.line === 0 ? offsets.get(item.column ?? -1) : undefined;
    if (offset === undefined) return item;
    const place = lines.place(offset);
    return { ...item, line: place.line, column: place.column };
  });
}

/**
 * Offsets of the values and keys numbered `wanted` (numbered as `quickJson` does), in text that
 * `JSON.parse` accepted. Strings are skipped with `indexOf`, and the scan stops at the last one
 * wanted: usually a small part of the document.
 */
function offsetsInOrder(text: string, wanted: ReadonlySet<number>): Map<number, number> {
  const found = new Map<number, number>();
  let index = 0;
  let order = 0;
  const note = (): boolean => {
    if (wanted.has(order)) found.set(order, index);
    order++;
    return found.size === wanted.size;
  };
  const skipSpace = (): void => {
    for (let code = text.charCodeAt(index); code === 32 || code === 10 || code === 13 || code === 9; code = text.charCodeAt(++index));
  };
  const skipString = (): void => {
    let quote = text.indexOf('"', index + 1);
    for (;;) {
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) break;
      quote = text.indexOf('"', quote + 1);
    }
    index = quote + 1;
  };
  // Returns true once every wanted place is found.
  const value = (): boolean => {
    skipSpace();
    if (note()) return true;
    const code = text.charCodeAt(index);
    if (code === 34) {
      skipString();
      return false;
    }
    if (code !== 123 && code !== 91) {
      while (index < text.length && !',]} \n\r\t'.includes(text.charAt(index))) index++;
      return false;
    }
    const close = code === 123 ? 125 : 93;
    index++;
    skipSpace();
    if (text.charCodeAt(index) === close) {
      index++;
      return false;
    }
    for (;;) {
      if (close === 125) {
        skipSpace();
        if (note()) return true;
        skipString();
        skipSpace();
        index++; // the colon
      }
      if (value()) return true;
      skipSpace();
      if (text.charCodeAt(index++) === close) return false;
    }
  };
  value();
  return found;
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
