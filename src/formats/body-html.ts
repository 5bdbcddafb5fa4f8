import type { Root as MdastRoot } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
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
  return toHtml.stringify(sanitizedBody(tree, baseUrl));
}

/** The body as sanitized hast with absolute URLs, what the HTML and the XHTML serializers write. */
export function sanitizedBody(tree: MdastRoot, baseUrl: string): HastRoot {
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
