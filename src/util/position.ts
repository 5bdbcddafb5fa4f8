import type { Place } from './diagnostics.js';

/** Maps string offsets to 1-based line:column (columns in UTF-16 code units, as editors count them). */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Line of the last lookup: parsers ask in increasing order, so most lookups step forward from here. */
  private cursor = 0;

  constructor(text: string, private readonly base: Place = { line: 1, column: 1 }) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) this.starts.push(index + 1);
  }

  /** Offset where 1-based `line` starts (the last line's start for a line past the end). */
  lineStart(line: number): number {
    return this.starts[Math.max(0, line - 1)] ?? this.starts[this.starts.length - 1] ?? 0;
  }

  place(offset: number): Place {
    const starts = this.starts;
    let low = this.cursor;
    let high = starts.length - 1;
    if ((starts[low] ?? 0) > offset) {
      high = low;
      low = 0;
    } else {
      // A few steps forward cover a sequential parse; a far jump falls through to the search.
      for (let steps = 0; steps < 4 && low < high && (starts[low + 1] ?? 0) <= offset; steps++) low++;
      if (low === high || (starts[low + 1] ?? 0) > offset) high = low;
    }
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    this.cursor = low;
    return placeFrom(this.base, { line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 });
  }
}

/**
 * `place` (1-based, in a block of text) in the file that holds the block from `base`: a block
 * embedded in a larger file (a <script> in HTML) starts at `base`, not 1:1, and only its first
 * line shares its columns with the file's.
 */
export function placeFrom(base: Place, place: Place): Place {
  return place.line === 1 ? { line: base.line, column: base.column + place.column - 1 } : { line: base.line + place.line - 1, column: place.column };
}

/** 1-based line:column of a UTF-16 offset in `text` (one lookup; a parser asking many keeps a `LineIndex`). */
export const placeOfOffset = (text: string, offset: number): Place => new LineIndex(text).place(offset);
