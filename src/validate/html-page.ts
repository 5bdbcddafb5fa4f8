import type { Place } from '../util/diagnostics.js';

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
  const placeOf = forwardPlaces(html);
  const opening = /<script/gi;
  const closing = /<\/script/gi;
  const blocks: JsonLdBlock[] = [];
  let found = opening.exec(html);
  while (found && blocks.length < maxBlocks) {
    const index = found.index;
    const tagEnd = html.indexOf('>', index);
    if (tagEnd === -1) break;
    closing.lastIndex = tagEnd + 1;
    const close = closing.exec(html)?.index ?? -1;
    const end = close === -1 ? html.length : close;
    const tag = html.slice(index, tagEnd + 1);
    if (/\btype\s*=\s*["']?application\/ld\+json\b/i.test(tag)) {
      const tagPlace = placeOf(index);
      blocks.push({ text: html.slice(tagEnd + 1, end), place: placeOf(tagEnd + 1), tagPlace });
    }
    if (close === -1) break;
    opening.lastIndex = close + 8;
    found = opening.exec(html);
  }
  return blocks;
}

/** line:column of offsets asked for in increasing order, counting newlines only as far as needed. */
function forwardPlaces(text: string): (offset: number) => Place {
  let scanned = 0;
  let line = 1;
  let lineStart = 0;
  return (offset) => {
    for (let index = text.indexOf('\n', scanned); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
      line++;
      lineStart = index + 1;
    }
    scanned = Math.max(scanned, offset);
    return { line, column: offset - lineStart + 1 };
  };
}
