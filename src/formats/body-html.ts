import type { Root as MdastRoot } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { trimLines } from 'trim-lines';
import { visit } from 'unist-util-visit';

/**
 * Body mdast → sanitized HTML fragment with absolute URLs, the one body HTML every format
 * shares. Sanitizing drops `script`, `on*` attributes and `javascript:` links (GitHub's schema);
 * relative links are then resolved against the article URL, since feeds are read out of context.
 */
const toHast = unified().use(remarkRehype).use(rehypeSanitize, defaultSchema).freeze();
const toHtml = unified().use(rehypeStringify, { characterReferences: { useNamedReferences: false } }).freeze();

const URL_ATTRIBUTES = ['href', 'src', 'cite', 'longDesc'] as const;

export function bodyHtml(tree: MdastRoot, baseUrl: string): string {
  const prose = proseParagraphs(tree);
  return prose ? proseHtml(prose) : toHtml.stringify(sanitizedBody(tree, baseUrl));
}

/**
 * The texts of a body that is plain prose, paragraphs of one text node each (most wire copy),
 * as remark-rehype writes them (lines trimmed); undefined for anything else. Such a body needs
 * none of remark-rehype's, the sanitizer's or the URL pass's work: its HTML and hast are built
 * directly, byte for byte as the full path builds them (fuzzed in test/body-html.test.ts).
 */
function proseParagraphs(tree: MdastRoot): string[] | undefined {
  const texts: string[] = [];
  for (const node of tree.children) {
    if (node.type !== 'paragraph' || node.children.length !== 1) return undefined;
    const text = node.children[0];
    if (text?.type !== 'text') return undefined;
    texts.push(trimLines(text.value));
  }
  return texts;
}

/** Text content as rehype-stringify writes it with numeric references: only `&` and `<` escaped. */
const escapeHtmlText = (text: string): string => text.replace(/[&<]/g, (char) => (char === '&' ? '&#x26;' : '&#x3C;'));

const proseHtml = (texts: readonly string[]): string => texts.map((text) => `<p>${escapeHtmlText(text)}</p>`).join('\n');

function proseHast(texts: readonly string[]): HastRoot {
  const children: HastRoot['children'] = [];
  for (const value of texts) {
    // remark-rehype puts a line break between blocks.
    if (children.length > 0) children.push({ type: 'text', value: '\n' });
    children.push({ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value }] });
  }
  return { type: 'root', children };
}

/** The body as sanitized hast with absolute URLs, what the HTML and the XHTML serializers write. */
export function sanitizedBody(tree: MdastRoot, baseUrl: string): HastRoot {
  const prose = proseParagraphs(tree);
  if (prose) return proseHast(prose);
  // remark-rehype builds new nodes and rehype-sanitize a new tree: the article's mdast is only read.
  const hast = toHast.runSync(tree) as HastRoot;
  absolutizeUrls(hast, baseUrl);
  return hast;
}

/** One article's body for every format that shows it: converted once, the hast read-only. */
export interface ArticleBody {
  hast: HastRoot;
  html: string;
}

export function articleBody(tree: MdastRoot, baseUrl: string): ArticleBody {
  const prose = proseParagraphs(tree);
  if (prose) return { hast: proseHast(prose), html: proseHtml(prose) };
  const hast = sanitizedBody(tree, baseUrl);
  return { hast, html: toHtml.stringify(hast) };
}

export function absolutizeUrls(tree: HastRoot, baseUrl: string): void {
  visit(tree, 'element', (node: Element) => {
    for (const attribute of URL_ATTRIBUTES) {
      const value = node.properties[attribute];
      if (typeof value !== 'string') continue;
      const absolute = URL.canParse(value, baseUrl) ? new URL(value, baseUrl).href : undefined;
      if (absolute === undefined) delete node.properties[attribute];
      else node.properties[attribute] = absolute;
    }
  });
}
