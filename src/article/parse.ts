import type { Root, RootContent, Yaml } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import type { SiteConfig } from '../config/site.js';
import { DiagnosticList, type Diagnostic, type Place } from '../util/diagnostics.js';
import { decodeUtf8, graphemeLength } from '../util/text.js';
import { placeOfOffset } from '../util/position.js';
import { checkWithSchema, describe, isPlainObject, readYamlValue } from '../util/yaml-schema.js';
import { findTrailingCopyright, type TrailingCopyright } from './copyright.js';
import { frontMatterSchema, type FrontMatter } from './frontmatter.js';
import { bodyFromTree } from './body.js';
import { proseTree } from './prose-tree.js';
import { applyPlainTextPolicy, BODY_CONTROL, codePoint } from './plain-text.js';
import type { Article } from './types.js';
import { enrichArticle } from '../enrich/article.js';
import { editorLinks, type EditorLink } from './links.js';

export interface ParseOptions {
  /** Path shown in diagnostics. */
  path?: string;
  site: SiteConfig;
}

/** An article as its source gives it: site-free, for `enrichArticle` (src/enrich/) to complete. */
export interface ArticleDraft {
  frontMatter: FrontMatter;
  /** Where a front-matter field (by path) is written, for diagnostics about it. */
  placeOf(...path: PropertyKey[]): Place;
  body: Article['body'];
  /** The `Copyright © …` line cut from the end of the body. */
  copyrightLine?: TrailingCopyright;
  /** The text as parsed (controls removed, copyright line blanked) and its body's nodes with their places. */
  source: { text: string; bodyStart: number; bodyNodes: readonly RootContent[] };
}

export interface ParseResult {
  /** Absent when there are errors. */
  article?: Article;
  diagnostics: Diagnostic[];
  /** The links under the site URL its source holds, where they are written (the build's link check reports broken ones there). */
  editorLinks?: readonly EditorLink[];
}

const markdownParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
const commonmarkParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Characters without which no GFM construct can start: tables need `|`, strikethrough `~`,
 * footnotes `[^`, task items `[ ]`/`[x]`, autolink literals `www.`, a URL scheme or `@`. Text
 * without any of them parses to the same tree with plain CommonMark, which is about 2.5× faster
 * (GFM's autolink and table scanning were most of the parse time).
 */
const MAY_USE_GFM = /[|~@]|www\.|https?:|mailto:|xmpp:|\[\^|\[[ xX]\]/i;
/**
 * Inline links `[text](https://…)`: GFM never autolinks inside a link (neither its text nor its
 * destination), so they are taken out before looking for GFM triggers and a story with links
 * keeps the faster parser. Only simple ones: no brackets, backquotes, backslashes or angle brackets
 * inside, no title, and no backslash before the `[`; the guard is fuzzed against remark-gfm.
 */
const INLINE_LINK = /(?<!\\)\[[^[\]`\\<>]*\]\([^\s()`\\<>]*\)/g;
// GFM only where the text may use it: saves 14 % (4–37 %) of a markdown-corpus build's CPU.
export const mayUseGfm = (text: string): boolean => MAY_USE_GFM.test(text.includes('](') ? text.replace(INLINE_LINK, '') : text);
export const parserFor = (text: string): typeof markdownParser => (mayUseGfm(text) ? markdownParser : commonmarkParser);

/** Markdown with YAML front matter → `Article`: read (site-free), then enriched with the site's defaults. */
export function parseArticle(source: string | Uint8Array, options: ParseOptions): ParseResult {
  const diagnostics = new DiagnosticList(options.path ?? '<input>');
  const draft = readInto(source, diagnostics);
  const article = draft && !diagnostics.hasErrors ? enrichArticle(draft, options.site, diagnostics) : undefined;
  if (diagnostics.hasErrors || !draft || !article) return { diagnostics: diagnostics.items };
  const { text, bodyStart, bodyNodes } = draft.source;
  return { article, diagnostics: diagnostics.items, editorLinks: editorLinks(article, text, bodyStart, bodyNodes, options.site.url) };
}

/**
 * What the source says, before any site default is applied: the checked front matter (with the
 * places of its fields), the body, and the copyright line cut from it. Undefined after an error.
 */
export function readArticle(source: string | Uint8Array, path = '<input>'): { draft?: ArticleDraft; diagnostics: Diagnostic[] } {
  const diagnostics = new DiagnosticList(path);
  const draft = readInto(source, diagnostics);
  return draft && !diagnostics.hasErrors ? { draft, diagnostics: diagnostics.items } : { diagnostics: diagnostics.items };
}

function readInto(source: string | Uint8Array, diagnostics: DiagnosticList): ArticleDraft | undefined {
  let text: string;
  if (typeof source === 'string') {
    text = source.replace(/^\uFEFF/, '');
  } else {
    const decoded = decodeUtf8(source);
    if (!decoded.ok) {
      diagnostics.error('encoding', `Invalid UTF-8: byte 0x${decoded.byte.toString(16).padStart(2, '0')} cannot start or continue a character`, decoded.place, {
        expected: 'UTF-8 text',
        actual: `byte 0x${decoded.byte.toString(16).padStart(2, '0')}`,
      });
      return undefined;
    }
    text = decoded.text;
  }
  if (text.trim().length === 0) {
    diagnostics.error('empty-file', 'The file is empty: expected front matter between `---` lines, then the article body', { line: 1, column: 1 }, {
      expected: 'front matter and a body',
      actual: 'an empty file',
    });
    return undefined;
  }

  const frontMatterEnd = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text)?.[0].length ?? 0;
  text = withoutBodyControls(text, frontMatterEnd, diagnostics);
  // The copyright line is cut before parsing (blanked, so every other position stays true).
  const copyright = findTrailingCopyright(text);
  const cut = copyright && copyright.start >= frontMatterEnd ? copyright : undefined;
  const parseable = cut ? text.slice(0, cut.start) + ' '.repeat(cut.end - cut.start) + text.slice(cut.end) : text;

  // Plain prose under front matter (most wire copy) gets remark's tree without running remark.
  const tree = readTree(parseable, frontMatterEnd, diagnostics);
  if (!tree) return undefined;
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    diagnostics.error('frontmatter-missing', 'No front matter: expected the file to start with a `---` line, YAML fields, and a closing `---`', { line: 1, column: 1 }, {
      expected: '`---` on line 1',
      actual: JSON.stringify((text.split('\n')[0] ?? '').slice(0, 40)),
    });
    return undefined;
  }
  const read = readFrontMatter(first, diagnostics);
  if (!read) return undefined;
  const { frontMatter, placeOf } = read;

  const bodyNodes = tree.children.slice(1);
  const bodyStart = first.position?.end.offset ?? 0;
  if (frontMatter.bodyFormat === 'text') {
    bodyNodes.splice(0, bodyNodes.length, ...linesAsParagraphs(parseable.slice(bodyStart)));
  }
  if (bodyNodes.length === 0) {
    diagnostics.error('body-empty', 'The article has no body: expected text after the front matter', placeOfOffset(text, bodyStart), {
      expected: 'article text',
      actual: 'nothing',
    });
    return undefined;
  }
  if (bodyNodes.every((node) => node.type === 'html')) {
    // Raw HTML is dropped from every output (sanitized away): such a body would be empty everywhere.
    const start = bodyNodes[0]?.position?.start;
    diagnostics.error('body-empty', 'The body holds only raw HTML, which every output drops: expected article text', start ? { line: start.line, column: start.column } : placeOfOffset(text, bodyStart), {
      expected: 'article text',
      actual: 'only raw HTML',
    });
    return undefined;
  }
  if (cut) {
    diagnostics.info('copyright-line', `Copyright line \`${cut.notice}\` moved from the body to rights metadata`, placeOfOffset(text, cut.start));
  }

  checkConsistency(frontMatter, diagnostics, placeOf);
  return {
    frontMatter,
    placeOf: (...path) => placeOf(path),
    body: bodyFromTree({ type: 'root', children: bodyNodes } satisfies Root, frontMatter.language),
    ...(cut ? { copyrightLine: cut } : {}),
    source: { text, bodyStart, bodyNodes },
  };
}

/** Where a field of the front matter is written (the front matter's first line when the YAML reader cannot say). */
type FieldPlace = (path: readonly PropertyKey[]) => Place;

function readFrontMatter(node: Yaml, diagnostics: DiagnosticList): { frontMatter: FrontMatter; placeOf: FieldPlace } | undefined {
  const startLine = node.position?.start.line ?? 1;
  const options = { diagnostics, lineOffset: startLine, rulePrefix: 'frontmatter', wholePlace: { line: startLine, column: 1 } };
  const yaml = readYamlValue(node.value, options);
  if (!yaml) return undefined;
  const { value } = yaml;
  if (!isPlainObject(value)) {
    diagnostics.error('frontmatter-invalid', `Front matter must be a mapping of fields: found ${describe(value)}`, { line: startLine + 1, column: 1 }, {
      expected: 'a mapping of fields',
      actual: describe(value),
    });
    return undefined;
  }
  const checked = checkWithSchema(value, frontMatterSchema, yaml, options);
  if (!checked) return undefined;
  const placeOf: FieldPlace = (path) => yaml.placeOf(path) ?? { line: node.position?.start.line ?? 1, column: 1 };
  for (const finding of applyPlainTextPolicy(checked)) {
    diagnostics.error(finding.ruleId, finding.message, placeOf(finding.path), { field: finding.path.join('.'), expected: finding.expected, actual: finding.actual });
  }
  return diagnostics.hasErrors ? undefined : { frontMatter: checked, placeOf };
}

/** schema.org/Google: a NewsArticle headline longer than this is truncated in results. */
export const HEADLINE_MAX = 110;

function checkConsistency(frontMatter: FrontMatter, diagnostics: DiagnosticList, placeOf: FieldPlace): void {
  const headlineLength = graphemeLength(frontMatter.headline);
  if (headlineLength > HEADLINE_MAX) {
    diagnostics.warn('headline-length', `Field \`headline\`: expected at most ${HEADLINE_MAX} characters (Google's NewsArticle limit), found ${headlineLength}; JSON-LD takes its \`headline\` from the \`seo\` variant instead`, placeOf(['headline']), {
      field: 'headline',
      expected: `at most ${HEADLINE_MAX} characters`,
      actual: `${headlineLength} characters`,
    });
  }
  if (frontMatter.signal && frontMatter.version === 1) {
    diagnostics.warn('frontmatter-signal-version', `Field \`signal\`: an ${frontMatter.signal} expects \`version\` 2 or more, found 1`, placeOf(['signal']), {
      field: 'signal',
      expected: 'version ≥ 2',
      actual: 'version 1',
    });
  }
  if (frontMatter.translations[frontMatter.language]) {
    diagnostics.warn('frontmatter-translation-self', `Field \`translations.${frontMatter.language}\`: the article is already in ${frontMatter.language}; this translation is ignored in favour of \`headline\``, placeOf(['translations', frontMatter.language]), {
      field: `translations.${frontMatter.language}`,
      expected: 'a language other than the article’s own',
      actual: frontMatter.language,
    });
    delete frontMatter.translations[frontMatter.language];
  }
  const seen = new Map<string, number>();
  frontMatter.entities.forEach((entity, index) => {
    const earlier = seen.get(entity.wikidata);
    if (earlier !== undefined) {
      diagnostics.warn('frontmatter-entity-duplicate', `Field \`entities.${index}\`: ${entity.wikidata} is already listed as entities.${earlier}`, placeOf(['entities', index, 'wikidata']), {
        field: `entities.${index}.wikidata`,
        expected: 'each Wikidata id once',
        actual: entity.wikidata,
      });
    }
    seen.set(entity.wikidata, index);
  });
}

/**
 * Deepest nesting of body nodes (quotes, lists, emphasis…) accepted: every output is written by
 * walking the tree, and real copy nests a handful of levels.
 */
export const MAX_BODY_DEPTH = 64;

/** The markdown tree, or undefined after a diagnostic when it is nested too deeply to be read or written. */
function readTree(text: string, bodyStart: number, diagnostics: DiagnosticList): Root | undefined {
  let tree: Root;
  try {
    // Plain prose under front matter gets remark's tree without remark: saves 15–20 % of a plain build's CPU.
    tree = proseTree(text) ?? parserFor(text).parse(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The parser recursed past the stack: only nesting does that.
    diagnostics.error('body-nesting', `The body nests quotes, lists or emphasis too deeply to be read; expected at most ${MAX_BODY_DEPTH} levels`, placeOfOffset(text, deepestLineStart(text, bodyStart)), {
      expected: `at most ${MAX_BODY_DEPTH} levels of nesting`,
      actual: 'deeper nesting',
    });
    return undefined;
  }
  const deep = nodeDeeperThan(tree, MAX_BODY_DEPTH);
  if (deep) {
    diagnostics.error('body-nesting', `The body nests quotes, lists or emphasis more than ${MAX_BODY_DEPTH} levels deep (a ${deep.type} here)`, deep.position ? { line: deep.position.start.line, column: deep.position.start.column } : placeOfOffset(text, bodyStart), {
      expected: `at most ${MAX_BODY_DEPTH} levels of nesting`,
      actual: `a ${deep.type} at level ${MAX_BODY_DEPTH + 1}`,
    });
    return undefined;
  }
  return tree;
}

/** The first node below `limit` levels, found without recursion. */
function nodeDeeperThan(tree: Root, limit: number): RootContent | undefined {
  const stack: { node: Root | RootContent; depth: number }[] = [{ node: tree, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, depth } = next;
    if (depth > limit) return node as RootContent;
    if ('children' in node) for (const child of node.children) stack.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}

/** Start of the body line with the longest run of container and emphasis marks. */
function deepestLineStart(text: string, bodyStart: number): number {
  let best = bodyStart;
  let bestLength = -1;
  const line = /^[ \t>*_+\-\[]*/gm;
  line.lastIndex = bodyStart;
  for (let match = line.exec(text); match; match = line.exec(text)) {
    if (match[0].length > bestLength) {
      bestLength = match[0].length;
      best = match.index;
    }
    line.lastIndex = match.index + match[0].length + 1;
    if (line.lastIndex > text.length) break;
  }
  return best;
}

/**
 * Control characters in the body (wire copy from older systems carries some): one warning at the
 * first, and they are removed, since no output may carry them (docs/input-policy.md).
 */
function withoutBodyControls(text: string, bodyStart: number, diagnostics: DiagnosticList): string {
  BODY_CONTROL.lastIndex = bodyStart;
  const first = BODY_CONTROL.exec(text);
  if (!first) return text;
  const body = text.slice(bodyStart);
  const count = body.match(BODY_CONTROL)?.length ?? 0;
  const at = codePoint(first[0]);
  diagnostics.warn('body-control-character', `The body holds ${count} control character${count === 1 ? '' : 's'} (the first, ${at}, here): removed from every output`, placeOfOffset(text, first.index), {
    expected: 'text without control characters',
    actual: at,
  });
  return text.slice(0, bodyStart) + body.replace(BODY_CONTROL, '');
}

/** Wire copy: every non-blank line is a paragraph, taken literally (no markdown syntax). */
function linesAsParagraphs(text: string): RootContent[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'paragraph', children: [{ type: 'text', value: line }] }));
}

