/**
 * A deep copy of plain data (plain objects, arrays, primitives) whose strings share no memory
 * with the strings they were copied from. V8 keeps a substring of 13 or more characters as a
 * slice of its parent: a headline read from front matter keeps its article's whole source alive.
 * Values that are not plain data (Map, Date, class instances) are copied by `structuredClone`.
 * For an article summary this is ~3× the speed of `structuredClone` (2 µs against 6.5), and the
 * build copies what it keeps of every article its main thread parsed.
 */
export function detached<T>(value: T): T {
  return copy(value) as T;
}

// V8 copies substrings shorter than this instead of slicing them (SlicedString::kMinLength).
const SLICE_MIN_LENGTH = 13;

function copy(value: unknown): unknown {
  if (typeof value === 'string') {
    // The concatenation is flattened into a new string by the slice, which then points into it.
    return value.length < SLICE_MIN_LENGTH ? value : (` ${value}`).slice(1);
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) result[key] = copy((value as Record<string, unknown>)[key]);
  return result;
}
