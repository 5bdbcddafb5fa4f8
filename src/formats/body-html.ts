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

/** The last body converted: an article's HTML and its NewsML XHTML ask for the same one in a row. */
let lastBody: { tree: MdastRoot; baseUrl: string; hast: HastRoot } | undefined;

/**
 * The body as sanitized hast with absolute URLs, shared by the HTML and the XHTML serializers:
 * read-only for callers. Remembers one body only (converting it twice cost ~0.2 ms an article;
 * remembering every body would hold them all in a one-thread build).
 */
export function sanitizedBody(tree: MdastRoot, baseUrl: string): HastRoot {
  if (lastBody?.tree === tree && lastBody.baseUrl === baseUrl) return lastBody.hast;
  // remark-rehype mutates nothing, but structuredClone keeps the Article safe from future plugins.
  const hast = toHast.runSync(structuredClone(tree)) as HastRoot;
  absolutizeUrls(hast, baseUrl);
  lastBody = { tree, baseUrl, hast };
  return hast;
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
