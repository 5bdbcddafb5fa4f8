import type { Place } from './diagnostics.js';
import { LineIndex } from './position.js';

/** A URL found in a text, where it starts. */
export interface FoundUrl extends Place {
  url: string;
  offset: number;
}

/** Characters that end a URL written in HTML, XML, JSON, markdown or prose. */
const URL_END = /["'<>\s\\`)\]{}|^]/;
/** Entities that end a URL in escaped markup (`&quot;` after an href in RSS `description`). */
const ENTITY_END = /^&(?:quot|lt|gt|apos|#0*3[49]|#x0*2[27]|#0*6[02]|#x0*3[ce]);/i;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** `&amp;` and the few entities a serializer writes inside a URL, decoded. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z]+));/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (decimal !== undefined) return String.fromCodePoint(Number.parseInt(decimal, 10));
    return ENTITIES[(name ?? '').toLowerCase()] ?? whole;
  });
}

/**
 * Every URL in `text` that starts with `prefix` (an absolute URL such as the site URL), with its
 * place: in attributes, element text, JSON strings or prose alike. Ends at a quote, a bracket,
 * white space, a backslash (a JSON escape) or an escaped quote; trailing sentence punctuation is
 * not part of it. `&amp;` is decoded.
 */
export function urlsWithPrefix(text: string, prefix: string, lines = new LineIndex(text)): FoundUrl[] {
  const found: FoundUrl[] = [];
  for (let start = text.indexOf(prefix); start !== -1; start = text.indexOf(prefix, start + 1)) {
    let end = start + prefix.length;
    while (end < text.length) {
      const char = text[end] ?? '';
      if (URL_END.test(char) || (char === '&' && ENTITY_END.test(text.slice(end, end + 8)))) break;
      end++;
    }
    while (end > start + prefix.length && /[.,;:!?]/.test(text[end - 1] ?? '')) end--;
    found.push({ url: decodeEntities(text.slice(start, end)), offset: start, ...lines.place(start) });
  }
  return found;
}

const LINK_ATTRIBUTE = /<([a-z][a-z0-9-]*)\b[^>]*?>/gi;
const ATTRIBUTE = /\s([a-z][a-z0-9:-]*)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/** One element's attributes (names lowercased, values decoded). */
export interface TagFound {
  name: string;
  attributes: Map<string, { value: string; offset: number }>;
  offset: number;
}

/** The start tags of an HTML text with their attributes (a scan for links, not a parser: script text is skipped). */
export function startTags(html: string): TagFound[] {
  const tags: TagFound[] = [];
  LINK_ATTRIBUTE.lastIndex = 0;
  for (let match = LINK_ATTRIBUTE.exec(html); match !== null; match = LINK_ATTRIBUTE.exec(html)) {
    const name = (match[1] ?? '').toLowerCase();
    const attributes = new Map<string, { value: string; offset: number }>();
    const whole = match[0];
    for (const attribute of whole.matchAll(ATTRIBUTE)) {
      const raw = attribute[3] ?? attribute[4] ?? attribute[5] ?? '';
      const quoted = attribute[3] !== undefined || attribute[4] !== undefined;
      const valueOffset = match.index + (attribute.index ?? 0) + attribute[0].length - raw.length - (quoted ? 1 : 0);
      attributes.set((attribute[1] ?? '').toLowerCase(), { value: decodeEntities(raw), offset: valueOffset });
    }
    tags.push({ name, attributes, offset: match.index });
    if (name === 'script' || name === 'style') {
      // Their text is not markup: resume after the end tag.
      const close = html.toLowerCase().indexOf(`</${name}`, LINK_ATTRIBUTE.lastIndex);
      if (close !== -1) LINK_ATTRIBUTE.lastIndex = close;
    }
  }
  return tags;
}

/** Attributes whose value is a URL a browser loads or follows. */
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'action', 'cite', 'data'] as const;

/**
 * Every URL an HTML page links to or loads (`href`, `src`, `srcset`…), resolved against the page's
 * own URL, with its place; fragments-only and non-http(s) links (`mailto:`) are left out.
 */
export function htmlLinks(html: string, pageUrl: string, lines = new LineIndex(html)): FoundUrl[] {
  const found: FoundUrl[] = [];
  const add = (value: string, offset: number): void => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.startsWith('#') || !URL.canParse(trimmed, pageUrl)) return;
    const url = new URL(trimmed, pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    found.push({ url: url.href, offset, ...lines.place(offset) });
  };
  for (const tag of startTags(html)) {
    for (const name of URL_ATTRIBUTES) {
      const attribute = tag.attributes.get(name);
      if (attribute) add(attribute.value, attribute.offset);
    }
    const srcset = tag.attributes.get('srcset');
    if (srcset) for (const candidate of srcset.value.split(',')) add(candidate.trim().split(/\s+/)[0] ?? '', srcset.offset);
  }
  return found;
}
