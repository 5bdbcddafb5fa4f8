import type { Place } from './diagnostics.js';
import { LineIndex } from './position.js';

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

/** True for the characters that end a URL written in HTML, XML, JSON, markdown or prose. */
function endsUrl(code: number): boolean {
  // " ' < > \ ` ) ] { } | ^ and white space (controls, space, no-break and Unicode spaces).
  return code <= 0x20 || code === 0x22 || code === 0x27 || code === 0x3c || code === 0x3e || code === 0x5c || code === 0x60 || code === 0x29 || code === 0x5d || code === 0x7b || code === 0x7d || code === 0x7c || code === 0x5e || code === 0xa0 || (code >= 0x2000 && code <= 0x200b) || code === 0x3000;
}

/** Places are worked out only for what is kept: most URLs a page names are its own, checked and dropped. */
export type PlaceOf = (offset: number) => Place;

export const placesIn = (text: string): PlaceOf => {
  let lines: LineIndex | undefined;
  return (offset) => (lines ??= new LineIndex(text)).place(offset);
};

/**
 * Every URL in `text` that starts with `prefix` (an absolute URL such as the site URL), with its
 * offset: in attributes, element text, JSON strings or prose alike. Ends at a quote, a bracket,
 * white space, a backslash (a JSON escape) or an escaped quote; trailing sentence punctuation is
 * not part of it. `&amp;` is decoded.
 */
export function urlsWithPrefix(text: string, prefix: string): { url: string; offset: number }[] {
  const found: { url: string; offset: number }[] = [];
  for (let start = text.indexOf(prefix); start !== -1; start = text.indexOf(prefix, start + 1)) {
    let end = start + prefix.length;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (endsUrl(code) || (code === 0x26 && ENTITY_END.test(text.slice(end, end + 8)))) break;
      end++;
    }
    while (end > start + prefix.length && /[.,;:!?]/.test(text[end - 1] ?? '')) end--;
    found.push({ url: decodeEntities(text.slice(start, end)), offset: start });
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

/** An attribute whose value is a URL a browser loads or follows, and its value. */
const URL_ATTRIBUTE = /\s(href|src|srcset|poster|action|cite|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * The URLs an HTML page links to or loads (`href`, `src`, `srcset`…) that are not written out in
 * full with `prefix` (`urlsWithPrefix` finds those): relative ones resolved against the page's
 * own URL. Fragment-only and non-http(s) links (`mailto:`) are left out.
 */
export function relativeHtmlLinks(html: string, pageUrl: string, prefix: string): { url: string; offset: number }[] {
  const found: { url: string; offset: number }[] = [];
  const add = (value: string, offset: number): void => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(prefix) || !URL.canParse(trimmed, pageUrl)) return;
    const url = new URL(trimmed, pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    found.push({ url: url.href, offset });
  };
  URL_ATTRIBUTE.lastIndex = 0;
  for (let match = URL_ATTRIBUTE.exec(html); match !== null; match = URL_ATTRIBUTE.exec(html)) {
    const raw = match[2] ?? match[3] ?? match[4] ?? '';
    const offset = match.index + match[0].length - raw.length - (match[4] === undefined ? 1 : 0);
    const value = decodeEntities(raw);
    if ((match[1] ?? '').toLowerCase() === 'srcset') for (const candidate of value.split(',')) add(candidate.trim().split(/\s+/)[0] ?? '', offset);
    else add(value, offset);
  }
  return found;
}
