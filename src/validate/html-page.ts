import type { Place } from '../util/diagnostics.js';
import { LineIndex } from '../util/position.js';

/** The `application/ld+json` script blocks of an HTML page, with where each starts. Linear scan. */
export interface JsonLdBlock {
  text: string;
  /** Place of the block's first character (after `<script …>`). */
  place: Place;
  /** Place of the `<script` tag. */
  tagPlace: Place;
}

export function jsonLdBlocks(html: string, maxBlocks = 1000): JsonLdBlock[] {
  const lines = new LineIndex(html);
  const lower = html.toLowerCase();
  const blocks: JsonLdBlock[] = [];
  let index = lower.indexOf('<script');
  while (index !== -1 && blocks.length < maxBlocks) {
    const tagEnd = html.indexOf('>', index);
    if (tagEnd === -1) break;
    const close = lower.indexOf('</script', tagEnd + 1);
    const end = close === -1 ? html.length : close;
    const tag = html.slice(index, tagEnd + 1);
    if (/\btype\s*=\s*["']?application\/ld\+json\b/i.test(tag)) {
      blocks.push({ text: html.slice(tagEnd + 1, end), place: lines.place(tagEnd + 1), tagPlace: lines.place(index) });
    }
    if (close === -1) break;
    index = lower.indexOf('<script', close + 8);
  }
  return blocks;
}
