export { placeOfOffset } from './text.js';
/**
 * Where a JSON text first goes wrong: `JSON.parse` says what but, in Node 20, not always where.
 * Used only after `JSON.parse` has thrown, to point a diagnostic at `line:column`.
 */
export interface JsonSyntaxError {
  offset: number;
  expected: string;
  found: string;
}

/** Deeper nesting is reported, not followed: this reader recurses, and V8's `JSON.parse` gives up too. */
export const MAX_JSON_DEPTH = 1000;

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let at = 0;
  let depth = 0;
  const fail = (expected: string): never => {
    throw { offset: at, expected, found: at >= text.length ? 'the end of the input' : JSON.stringify(text.slice(at, at + 10).split('\n')[0]) } satisfies JsonSyntaxError;
  };
  const space = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at] ?? '')) at++;
  };
  const string = (): void => {
    if (text[at] !== '"') fail('a double-quoted string');
    at++;
    for (;;) {
      const char = text[at];
      if (char === undefined) fail('a closing `"`');
      if (char === '"') break;
      if (char !== undefined && char < ' ') fail('a control character escaped as \\u00XX');
      if (char === '\\') {
        at++;
        const escape = text[at] ?? '';
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail('four hex digits after \\u');
          at += 4;
        } else if (!'"\\/bfnrt'.includes(escape) || escape === '') fail('an escape such as \\n, \\" or \\u00e9');
      }
      at++;
    }
    at++;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if ((char === '{' || char === '[') && depth >= MAX_JSON_DEPTH) fail(`values nested at most ${MAX_JSON_DEPTH} levels deep`);
    depth++;
    try {
      container(char);
    } finally {
      depth--;
    }
  };
  const container = (char: string | undefined): void => {
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] === '}') fail('another property after `,` (JSON allows no trailing comma)');
        string();
        space();
        if (text[at] !== ':') fail('`:` after the property name');
        at++;
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return;
        }
        fail('`,` or `}` after the property value');
      }
    }
    if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] === ']') fail('another element after `,` (JSON allows no trailing comma)');
        value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return;
        }
        fail('`,` or `]` after the array element');
      }
    }
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 400));
    if (!literal) fail('a JSON value (object, array, string, number, true, false or null)');
    at += literal?.[0].length ?? 0;
  };
  try {
    value();
    space();
    if (at < text.length) fail('the end of the input after the JSON value');
    return undefined;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error) return error as JsonSyntaxError;
    throw error;
  }
}

