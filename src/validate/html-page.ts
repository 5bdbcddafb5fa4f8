import type { Place } from '../util/diagnostics.js';
import { LineIndex } from '../util/position.js';
import { asciiWordAt } from '../util/text.js';

/** The `application/ld+json` script blocks of an HTML page, with where each starts. Linear scan. */
export interface JsonLdBlock {
  text: string;
  /** Place of the block's first character (after `<script …>`). */
  place: Place;
  /** Place of the `<script` tag. */
  tagPlace: Place;
}

export function jsonLdBlocks(html: string, maxBlocks = 1000): JsonLdBlock[] {
  // Places are counted forward up to each block only: the blocks sit in <head>, and indexing the
  // lines of the whole page cost as much as checking the block.
  const lines = new LineIndex(html);
  const placeOf = (offset: number): Place => lines.place(offset);
  const blocks: JsonLdBlock[] = [];
  let index = tagIndex(html, 'script', 0);
  while (index !== -1 && blocks.length < maxBlocks) {
    const tagEnd = html.indexOf('>', index);
    if (tagEnd === -1) break;
    const close = tagIndex(html, '/script', tagEnd + 1);
    const end = close === -1 ? html.length : close;
    const tag = html.slice(index, tagEnd + 1);
    if (/\btype\s*=\s*["']?application\/ld\+json\b/i.test(tag)) {
      const tagPlace = placeOf(index);
      blocks.push({ text: html.slice(tagEnd + 1, end), place: placeOf(tagEnd + 1), tagPlace });
    }
    if (close === -1) break;
    index = tagIndex(html, 'script', close + 8);
  }
  return blocks;
}

/**
 * Where `<` + `name` (lowercase ASCII) next starts at or after `from`, letters in any case: what
 * `/<name/gi` finds (its case folding is ASCII's for these letters), from one `indexOf('<')` to the
 * next. The regex read every character of a page; a script-safe JSON-LD block holds no `<` at all.
 */
export function tagIndex(html: string, name: string, from: number): number {
  for (let index = html.indexOf('<', from); index !== -1; index = html.indexOf('<', index + 1)) {
    if (asciiWordAt(html, index + 1, name)) return index;
  }
  return -1;
}
