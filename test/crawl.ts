import { DOMParser, type Element, type Node as XmlNode } from '@xmldom/xmldom';
import type { Element as HastElement, Root as HastRoot, RootContent as HastContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString as hastText } from 'hast-util-to-string';

/**
 * A crawler for the tests, written apart from wirekit's own link check (real parsers: hast for
 * HTML, xmldom for XML, JSON.parse): it reads each file as a client would and collects every
 * http(s) URL it links to (attributes, URL-valued text and JSON strings, HTML inside feeds and
 * JSON-LD inside pages).
 */
export interface Crawled {
  /** Every URL fetched under the site, with its status. */
  fetched: Map<string, number>;
  /** URL under the site that failed → the files that link to it. */
  misses: Map<string, Set<string>>;
}

const isAbsoluteUrl = (text: string): boolean => /^https?:\/\/\S+$/.test(text) && URL.canParse(text);

function htmlLinks(html: string, base: string, fragment: boolean): string[] {
  const links: string[] = [];
  const walk = (node: HastRoot | HastContent): void => {
    if (node.type === 'element') {
      const element = node as HastElement;
      for (const name of ['href', 'src']) {
        const value = element.properties[name];
        if (typeof value === 'string' && value !== '' && !value.startsWith('#') && URL.canParse(value, base)) links.push(new URL(value, base).href);
      }
      if (element.tagName === 'script' && element.properties['type'] === 'application/ld+json') links.push(...jsonLinks(JSON.parse(hastText(element)) as unknown, base));
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(fromHtml(html, { fragment }));
  return links;
}

function jsonLinks(value: unknown, base: string): string[] {
  if (typeof value === 'string') return isAbsoluteUrl(value) ? [value] : value.includes('<') ? htmlLinks(value, base, true) : [];
  if (Array.isArray(value)) return value.flatMap((item) => jsonLinks(item, base));
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap((item) => jsonLinks(item, base));
  return [];
}

function xmlLinks(xml: string, base: string): string[] {
  const links: string[] = [];
  const walk = (node: XmlNode): void => {
    if (node.nodeType === 1) {
      const element = node as Element;
      for (let index = 0; index < element.attributes.length; index++) {
        const value = element.attributes.item(index)?.value ?? '';
        if (isAbsoluteUrl(value)) links.push(value);
      }
    } else if (node.nodeType === 3 || node.nodeType === 4) {
      const text = (node.nodeValue ?? '').trim();
      if (isAbsoluteUrl(text)) links.push(text);
      else if (text.includes('<')) links.push(...htmlLinks(text, base, true));
    }
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
  };
  walk(new DOMParser().parseFromString(xml, 'application/xml'));
  return links;
}

/** The links of one fetched file, by its media type. */
export function linksOf(body: string, mediaType: string, url: string): string[] {
  if (mediaType.startsWith('text/html')) return htmlLinks(body, url, false);
  if (mediaType.includes('json')) return jsonLinks(JSON.parse(body) as unknown, url);
  if (mediaType.includes('xml')) return xmlLinks(body, url);
  return [];
}

/**
 * Crawls the site: from `start` URLs, fetches every URL under `siteUrl` through `toLocal` (the
 * site URL mapped to a local server), follows the links of what it fetched, never anything else.
 */
export async function crawl(siteUrl: string, start: readonly string[], toLocal: (url: string) => string): Promise<Crawled> {
  const fetched = new Map<string, number>();
  const misses = new Map<string, Set<string>>();
  const queue: { url: string; from: string }[] = start.map((url) => ({ url, from: '(start)' }));
  while (queue.length > 0) {
    const { url: raw, from } = queue.shift()!;
    const url = raw.replace(/#.*$/, '');
    if (!url.startsWith(siteUrl)) continue;
    if (fetched.has(url)) {
      if (fetched.get(url) !== 200) misses.get(url)?.add(from);
      continue;
    }
    const response = await fetch(toLocal(url));
    fetched.set(url, response.status);
    if (response.status !== 200) {
      misses.set(url, new Set([from]));
      continue;
    }
    const body = await response.text();
    for (const link of linksOf(body, response.headers.get('content-type') ?? '', url)) queue.push({ url: link, from: url });
  }
  return { fetched, misses };
}
