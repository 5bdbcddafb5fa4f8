import type { RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { placesIn, urlsWithPrefix } from '../util/link-scan.js';
import type { Article } from './types.js';

/** A URL under the site URL that an editor wrote in an article, where it is written in its source. */
export interface EditorLink {
  url: string;
  line: number;
  column: number;
}

/**
 * The links under `siteUrl` written in an article's source: absolute URLs anywhere in its
 * front matter (an image, a link in a field), and the body's links, images and definitions,
 * relative ones resolved against the page as the outputs resolve them. The build's link check
 * reports one to no file of out/ at this place (the site may host pages wirekit does not build).
 */
export function editorLinks(article: Article, text: string, bodyStart: number, bodyNodes: readonly RootContent[], siteUrl: string): EditorLink[] {
  const links: EditorLink[] = [];
  const head = text.slice(0, bodyStart);
  const placeOf = placesIn(head);
  for (const { url, offset } of urlsWithPrefix(head, siteUrl)) links.push({ url, ...placeOf(offset) });
  for (const node of bodyNodes) {
    visit(node, (child) => {
      if ((child.type !== 'link' && child.type !== 'image' && child.type !== 'definition') || !child.position) return;
      if (!URL.canParse(child.url, article.url)) return;
      const url = new URL(child.url, article.url).href;
      if (url.startsWith(siteUrl)) links.push({ url, line: child.position.start.line, column: child.position.start.column });
    });
  }
  return links;
}
