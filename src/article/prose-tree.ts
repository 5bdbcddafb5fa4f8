import type { Paragraph, Root, RootContent } from 'mdast';
import type { Point } from 'unist';
import { LineIndex } from '../util/position.js';
import { asciiWordAt } from '../util/text.js';

/**
 * The tree remark-parse + remark-frontmatter (+ remark-gfm) give for the usual shape of wire copy,
 * built without running the parser: YAML front matter, then paragraphs of plain prose. Undefined
 * as soon as anything in the text could be markdown syntax, and the caller runs remark.
 *
 * Parsing was the largest share of a build (remark ≈ 1.1 ms an article of ~5 KB, this ≈ 0.02);
 * `test/prose-tree.test.ts` fuzzes this function against remark itself, positions included.
 */
export function proseTree(text: string): Root | undefined {
  // Tabs (virtual columns), CR line endings and controls (NUL becomes U+FFFD) are left to remark.
  if (ANYWHERE_UNSAFE.test(text)) return undefined;
  const opening = OPENING_FENCE.exec(text);
  if (!opening) return undefined;
  CLOSING_FENCE.lastIndex = opening[0].length;
  const closing = CLOSING_FENCE.exec(text);
  if (!closing) return undefined;

  const valueStart = opening[0].length;
  const closeStart = closing.index;
  const closeEnd = closeStart + closing[0].length;
  const body = text.slice(closeEnd);
  if (bodyUnsafe(body)) return undefined;

  const lines = new LineIndex(text);
  const pointAt = (offset: number): Point => ({ ...lines.place(offset), offset });
  const yamlEnd = pointAt(closeEnd);
  const children: RootContent[] = [
    {
      type: 'yaml',
      // The lines between the fences, without the line ending before the closing one.
      value: closeStart > valueStart ? text.slice(valueStart, closeStart - 1) : '',
      position: { start: { line: 1, column: 1, offset: 0 }, end: yamlEnd },
    },
  ];

  let paragraphStart: Point | undefined;
  let paragraphEnd: Point | undefined;
  const paragraphLines: string[] = [];
  const closeParagraph = (): void => {
    if (!paragraphStart || !paragraphEnd) return;
    const position = { start: paragraphStart, end: paragraphEnd };
    const paragraph: Paragraph = { type: 'paragraph', children: [{ type: 'text', value: paragraphLines.join('\n'), position }], position: { start: { ...position.start }, end: { ...position.end } } };
    children.push(paragraph);
    paragraphStart = undefined;
    paragraphLines.length = 0;
  };

  let lineStart = closeEnd + 1;
  while (closeEnd < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (BLANK.test(line)) {
      closeParagraph();
    } else {
      if (unsafeLine(line)) return undefined;
      paragraphStart ??= pointAt(lineStart);
      paragraphEnd = pointAt(lineEnd);
      paragraphLines.push(line);
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  closeParagraph();

  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end: pointAt(text.length) } };
}

const OPENING_FENCE = /^---[ ]*\n/;
// The first line after the opening one that is `---` (trailing spaces allowed).
const CLOSING_FENCE = /^---[ ]*$/gm;
const ANYWHERE_UNSAFE = /[\t\r\u0000-\u0008\u000b-\u001f\u007f]/;
/**
 * Characters that start an inline construct (escapes, code, emphasis, links and images, HTML and
 * autolinks, character references, GFM strikethrough, tables, footnotes and autolink literals).
 */
const BODY_UNSAFE_CHARACTER = /[\\`*_[\]<>&~|@]/;
const bodyUnsafe = (body: string): boolean => BODY_UNSAFE_CHARACTER.test(body) || hasAutolinkTrigger(body);

const LINK_SCHEMES = ['http', 'https', 'mailto', 'xmpp'];

/**
 * `/www\.|https?:|mailto:|xmpp:/i.test(text)`: GFM's autolink literals. Found from the `.` or `:`
 * each one ends with (rare in prose) rather than by trying the alternation at every position,
 * which cost ~10 µs an article (a third of the tree's time).
 */
export function hasAutolinkTrigger(text: string): boolean {
  for (let dot = text.indexOf('.'); dot !== -1; dot = text.indexOf('.', dot + 1)) {
    if (asciiWordAt(text, dot - 3, 'www')) return true;
  }
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    if (LINK_SCHEMES.some((scheme) => asciiWordAt(text, colon - scheme.length, scheme))) return true;
  }
  return false;
}


/**
 * `/^[ #=+\-]|^\d+[.)]| $/.test(line)`: lines that could start a block (heading, setext
 * underline, thematic break, list, indented code) or carry edge spaces (hard breaks, stripped
 * indentation). Looks at the edges only: the regex tried its ` $` at every position of the line.
 */
export function unsafeLine(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first === 32 || first === 35 || first === 61 || first === 43 || first === 45) return true;
  if (line.charCodeAt(line.length - 1) === 32) return true;
  let digits = 0;
  for (let code = first; code >= 48 && code <= 57; code = line.charCodeAt(++digits));
  const after = line.charCodeAt(digits);
  return digits > 0 && (after === 46 || after === 41);
}
const BLANK = /^ *$/;
