/**
 * The value the `yaml` package gives (YAML 1.2 core schema, strict, unique keys) for the plain
 * front matter most articles have, read in one pass without building a document: block mappings
 * and sequences indented with spaces, one-line flow `[…]` and `{…}` of scalars, plain scalars,
 * one-line quoted strings. Undefined as soon as anything else appears (comments, block
 * scalars, anchors, tags, multi-line scalars, repeated keys, plain scalars that would not be
 * strings or plain integers…), and the caller parses with `yaml`.
 *
 * `yaml` took 0.33 ms of an article's 0.6 ms parse; this takes ~0.02. `test/simple-yaml.test.ts`
 * fuzzes it against `yaml` itself.
 */
export function simpleYaml(text: string): Record<string, unknown> | undefined {
  // Characters that start constructs this reader leaves to `yaml`: comments, anchors, aliases,
  // tags, block scalars, directives, backquotes, and whitespace other than spaces and newlines.
  if (UNSUPPORTED.test(text)) return undefined;
  const lines = text.split('\n');
  const reader = new Reader(lines);
  const value = reader.mapping(0);
  // An empty document is null to `yaml`, not an empty mapping.
  if (value === undefined || reader.next() !== undefined || Object.keys(value).length === 0) return undefined;
  return value;
}

const UNSUPPORTED = /[#&*!|>%@`\t\r\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

interface Line {
  indent: number;
  content: string;
}

class Reader {
  private index = 0;

  constructor(private readonly lines: readonly string[]) {}

  /** The next non-blank line, without consuming it. */
  next(): Line | undefined {
    while (this.index < this.lines.length) {
      const raw = this.lines[this.index] ?? '';
      const content = trimSpaces(raw);
      if (content !== '') {
        // Other white space at an edge (U+00A0…) is content to YAML: left to `yaml`.
        return { indent: content === content.trim() ? raw.indexOf(content.charAt(0)) : -1, content };
      }
      this.index++;
    }
    return undefined;
  }

  /** A block mapping whose keys sit at exactly `indent`. */
  mapping(indent: number): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    for (let line = this.next(); line && line.indent >= indent; line = this.next()) {
      if (line.indent !== indent) return undefined;
      const colon = line.content.indexOf(':');
      if (colon <= 0) return undefined;
      const key = line.content.slice(0, colon);
      const rest = line.content.slice(colon + 1);
      if (!KEY.test(key) || resolvePlain(key) !== key || Object.hasOwn(out, key)) return undefined;
      if (rest !== '' && !rest.startsWith(' ')) return undefined;
      this.index++;
      const inline = trimSpaces(rest);
      let value: unknown;
      if (inline !== '') {
        value = inlineValue(inline);
        if (value === undefined) return undefined;
      } else {
        const below = this.next();
        if (below && below.indent > indent && !below.content.startsWith('-')) value = this.mapping(below.indent);
        else if (below && below.indent >= indent && (below.content === '-' || below.content.startsWith('- '))) value = this.sequence(below.indent);
        else if (below && below.indent > indent) return undefined;
        else value = null;
        if (value === undefined) return undefined;
      }
      out[key] = value;
    }
    return out;
  }

  /** A block sequence of one-line items whose dashes sit at exactly `indent`. */
  private sequence(indent: number): unknown[] | undefined {
    const out: unknown[] = [];
    for (let line = this.next(); line && line.indent === indent && line.content.startsWith('- '); line = this.next()) {
      const value = inlineValue(trimSpaces(line.content.slice(2)));
      if (value === undefined) return undefined;
      out.push(value);
      this.index++;
    }
    const after = this.next();
    // Anything more indented, or another dash at this indent that is not an item, is left to yaml.
    if (after && (after.indent > indent || (after.indent === indent && after.content.startsWith('-')))) return undefined;
    return out.length > 0 ? out : undefined;
  }
}

// `__proto__` would set the prototype of the plain object instead of adding a field: left to yaml.
const KEY = /^(?!__proto__$)[A-Za-z_][\w-]*$/;

/** The value of a one-line scalar, flow sequence or flow mapping (block context). */
function inlineValue(text: string): unknown {
  if (text.startsWith('[')) return flow(text, '[', ']');
  if (text.startsWith('{')) return flow(text, '{', '}');
  if (text.startsWith('"') || text.startsWith("'")) {
    const quoted = readQuoted(text, 0);
    return quoted && quoted.end === text.length ? quoted.value : undefined;
  }
  if (!PLAIN_START.test(text) || text.includes(': ') || text.endsWith(':')) return undefined;
  return resolvePlain(text);
}

// A plain scalar may not start with an indicator (a `-`, `?` or `:` only before a non-space).
const PLAIN_START = /^(?:[^-?:,[\]{}#&*!|>'"%@` ]|[-?:][^\s,[\]{}])/;

/** `[a, "b", c]` or `{ k: v, k: "v" }` of scalars, on one line. */
function flow(text: string, open: '[' | '{', close: ']' | '}'): unknown {
  if (!text.endsWith(close)) return undefined;
  const inner = text.slice(1, -1);
  const items: unknown[] = [];
  const entries: Record<string, unknown> = {};
  if (trimSpaces(inner) === '') return open === '[' ? items : entries;
  let index = 0;
  for (;;) {
    const item = flowItem(inner, index, open === '{');
    if (!item) return undefined;
    if (open === '[') items.push(item.value);
    else {
      if (item.key === undefined || Object.hasOwn(entries, item.key)) return undefined;
      entries[item.key] = item.value;
    }
    index = item.end;
    if (index >= inner.length) break;
    index++; // the comma
    if (trimSpaces(inner.slice(index)) === '') return undefined; // a trailing comma
  }
  return open === '[' ? items : entries;
}

/** One `value` (or `key: value`) of a flow collection, up to its comma or the end. */
function flowItem(text: string, start: number, withKey: boolean): { key?: string; value: unknown; end: number } | undefined {
  let index = skipSpaces(text, start);
  let key: string | undefined;
  if (withKey) {
    const colon = text.indexOf(':', index);
    if (colon === -1) return undefined;
    key = text.slice(index, colon);
    if (!KEY.test(key) || resolvePlain(key) !== key || text.charAt(colon + 1) !== ' ') return undefined;
    index = skipSpaces(text, colon + 1);
  }
  let value: unknown;
  let end: number;
  const first = text.charAt(index);
  if (first === '"' || first === "'") {
    const quoted = readQuoted(text, index);
    if (!quoted) return undefined;
    value = quoted.value;
    end = skipSpaces(text, quoted.end);
    if (end < text.length && text.charAt(end) !== ',') return undefined;
  } else {
    const comma = text.indexOf(',', index);
    end = comma === -1 ? text.length : comma;
    const plain = trimSpaces(text.slice(index, end));
    if (plain === '' || /[[\]{}]|:(?:\s|$)/.test(plain) || !PLAIN_START.test(plain)) return undefined;
    value = resolvePlain(plain);
    if (value === undefined) return undefined;
  }
  return key === undefined ? { value, end } : { key, value, end };
}

// YAML's white space is the space (tabs are refused above); `trim` would also take U+00A0 and kin.
const trimSpaces = (text: string): string => text.replace(/^ +| +$/g, '');

const skipSpaces = (text: string, index: number): number => {
  let at = index;
  while (text.charAt(at) === ' ') at++;
  return at;
};

/** A quoted scalar starting at `start` and closing on the same line; JSON-compatible escapes only. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text.charAt(start);
  if (quote === "'") {
    let value = '';
    let index = start + 1;
    for (;;) {
      const close = text.indexOf("'", index);
      if (close === -1) return undefined;
      value += text.slice(index, close);
      if (text.charAt(close + 1) !== "'") return { value, end: close + 1 };
      value += "'";
      index = close + 2;
    }
  }
  let index = start + 1;
  for (;;) {
    const code = text.charCodeAt(index);
    if (Number.isNaN(code)) return undefined;
    if (code === 34) break;
    if (code === 92) {
      const escape = text.charAt(index + 1);
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return undefined;
        index += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(escape) || escape === '') return undefined;
      index += 2;
      continue;
    }
    index++;
  }
  // What is left are JSON's escapes, which mean the same in YAML's double-quoted style.
  try {
    return { value: JSON.parse(text.slice(start, index + 1)) as string, end: index + 1 };
  } catch {
    return undefined;
  }
}

/**
 * A plain scalar as the core schema reads it: a string, or a plain decimal integer. Whatever
 * else could resolve to a non-string (null, booleans, octal, hex, floats, .inf, .nan, a leading
 * zero or sign) is left to `yaml`.
 */
function resolvePlain(text: string): string | number | undefined {
  if (/^[1-9][0-9]{0,14}$|^0$/.test(text)) return Number(text);
  if (CORE_NON_STRING.test(text) || /^[-+.0-9]/.test(text) && NUMBER_LIKE.test(text)) return undefined;
  if (text !== text.trim()) return undefined;
  return text;
}

const CORE_NON_STRING = /^(?:~|null|true|false|\.inf|\.nan|[-+]\.inf)$/i;
const NUMBER_LIKE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^0o[0-7]+$|^0x[0-9a-fA-F]+$|^[-+]?[0-9]+$/;

/**
 * What `yaml`'s `stringify(value, { lineWidth: 0, minContentWidth: 0, indentSeq: true })` writes,
 * for the shapes normalized front matter has: mappings of plain strings, integers and booleans,
 * nested mappings, and lists of those scalars or of flat mappings. Undefined for anything else
 * (a string that would need quotes, null, a float, an empty list…), and the caller runs `yaml`.
 * `yaml` took 0.2 ms of an article's ~1 ms of rendering; `test/simple-yaml.test.ts` fuzzes this
 * against it.
 */
export function stringifySimpleYaml(value: Record<string, unknown>): string | undefined {
  const lines: string[] = [];
  return writeMapping(value, '', lines) ? `${lines.join('\n')}\n` : undefined;
}

function writeMapping(value: Record<string, unknown>, indent: string, lines: string[], firstPrefix?: string): boolean {
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  for (const [index, key] of keys.entries()) {
    if (!isPlainSafe(key)) return false;
    const pad = index === 0 && firstPrefix !== undefined ? firstPrefix : indent;
    const item = value[key];
    const scalar = scalarText(item);
    if (scalar !== undefined) lines.push(`${pad}${key}: ${scalar}`);
    else if (Array.isArray(item)) {
      lines.push(`${pad}${key}:`);
      if (!writeSequence(item, `${indent}  `, lines)) return false;
    } else if (isRecord(item)) {
      lines.push(`${pad}${key}:`);
      if (!writeMapping(item, `${indent}  `, lines)) return false;
    } else return false;
  }
  return true;
}

function writeSequence(items: readonly unknown[], indent: string, lines: string[]): boolean {
  if (items.length === 0) return false;
  for (const item of items) {
    const scalar = scalarText(item);
    if (scalar !== undefined) lines.push(`${indent}- ${scalar}`);
    // A flat mapping: its first key on the dash's line, the others under it.
    else if (isRecord(item) && Object.values(item).every((entry) => scalarText(entry) !== undefined)) {
      if (!writeMapping(item, `${indent}  `, lines, `${indent}- `)) return false;
    } else return false;
  }
  return true;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (isPlainSafe(value)) return value;
    // Double quotes, as yaml writes a string it cannot write plain (a standfirst with ": ") when
    // it holds no `"` (yaml then picks single quotes) and nothing JSON or yaml would escape.
    return YAML_NOT_PLAIN.test(value) && !QUOTE_SPECIAL.test(value) ? `"${value}"` : undefined;
  }
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** yaml's own test for a string it cannot write plain (`plainString` in its stringifyString.js, 2.x). */
const YAML_NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** What would make yaml's double-quoted string differ from `"` + text + `"`, or take another style. */
const QUOTE_SPECIAL = /["\\\u0000-\u001f\u007f-\u00a0\u2028\u2029\ud800-\udfff]/;

/** A string `yaml` writes plain: it reads back as itself and holds nothing that needs quoting. */
function isPlainSafe(text: string): boolean {
  return text !== '' && PLAIN_SAFE.test(text) && !/: | #|:$/.test(text) && resolvePlain(text) === text;
}

// No indicator, dot or space first; no space last; no control, line break or non-space white space.
const PLAIN_SAFE = /^(?![-?:,[\]{}#&*!|>'"%@`.\s])(?:[^\s\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]| (?! *$))*$/u;
