import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { graphemeLength, isSimpleText, wordCount } from '../util/text.js';
import type { Body } from './types.js';

/** Body facts from its tree: plain text, word and character counts. Positions are dropped. */
export function bodyFromTree(tree: Root, language: string): Body {
  const clean = withoutPositions(tree);
  const text = clean.children.map((node) => blockText(node)).filter((block) => block.length > 0).join('\n\n');
  // Both counts start by asking this of the whole text: asked once.
  const simple = isSimpleText(text);
  return { tree: clean, text, wordCount: wordCount(text, language, simple), charCount: simple ? text.length : graphemeLength(text) };
}

function blockText(node: RootContent): string {
  if (node.type === 'list') return node.children.map((item) => toString(item)).join('\n');
  return toString(node);
}

/** A copy without `position` (and `data`), so two parses of equivalent text compare equal. */
function withoutPositions<T extends object>(node: T): T {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'position' || key === 'data') continue;
    copy[key] = Array.isArray(value) ? value.map((child: unknown) => (typeof child === 'object' && child !== null ? withoutPositions(child) : child)) : value;
  }
  return copy as T;
}
