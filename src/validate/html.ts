import type { Place } from '../util/diagnostics.js';
import type { DiagnosticList } from '../util/diagnostics.js';
import { elementsOf, type XmlElement } from './xml.js';

/**
 * Checks on HTML carried inside feeds (RSS description, content:encoded, Atom html/xhtml
 * content, JSON Feed content_html): dangerous markup and relative URLs. A linear tag scanner,
 * not a full HTML parser: enough to find tags and attributes, bounded by the input length.
 */

export interface HtmlTag {
  name: string;
  attributes: { name: string; value: string }[];
}

/** Tags and their attributes, in order (end tags and comments skipped). Linear time. */
export function scanTags(html: string, maxTags = 100_000): HtmlTag[] {
  const tags: HtmlTag[] = [];
  let index = html.indexOf('<');
  while (index !== -1 && index < html.length && tags.length < maxTags) {
    if (html.startsWith('<!--', index)) {
      const end = html.indexOf('-->', index + 4);
      if (end === -1) break;
      index = html.indexOf('<', end + 3);
      continue;
    }
    const nameMatch = /^<([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(index, index + 64));
    if (!nameMatch) {
      index = html.indexOf('<', index + 1);
      continue;
    }
    const name = (nameMatch[1] ?? '').toLowerCase();
    let position = index + nameMatch[0].length;
    const attributes: HtmlTag['attributes'] = [];
    for (;;) {
      while (position < html.length && /[\s/]/.test(html[position] ?? '')) position++;
      if (position >= html.length || html[position] === '>') break;
      const start = position;
      while (position < html.length && !/[\s/>=]/.test(html[position] ?? '')) position++;
      const attributeName = html.slice(start, position).toLowerCase();
      while (position < html.length && /\s/.test(html[position] ?? '')) position++;
      let value = '';
      if (html[position] === '=') {
        position++;
        while (position < html.length && /\s/.test(html[position] ?? '')) position++;
        const quote = html[position];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, position + 1);
          const stop = end === -1 ? html.length : end;
          value = html.slice(position + 1, stop);
          position = stop + 1;
        } else {
          const begin = position;
          while (position < html.length && !/[\s>]/.test(html[position] ?? '')) position++;
          value = html.slice(begin, position);
        }
      }
      if (attributeName === '') {
        position++;
        continue;
      }
      attributes.push({ name: attributeName, value: decodeEntities(value) });
    }
    tags.push({ name, attributes });
    index = html.indexOf('<', position);
  }
  return tags;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});?/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return safeCodePoint(parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return safeCodePoint(parseInt(body.slice(1), 10), whole);
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

const safeCodePoint = (code: number, fallback: string): string => (code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback);

const UNSAFE_ELEMENTS = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'meta', 'link', 'base', 'form', 'input', 'button', 'textarea', 'select']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'background', 'cite', 'longdesc', 'usemap', 'data', 'codebase', 'xlink:href']);
const STYLE_HAZARD = /expression\s*\(|javascript:|vbscript:|behaviou?r\s*:|-moz-binding|url\s*\(|@import|position\s*:\s*(?:fixed|absolute)/i;

/**
 * CSS properties feed readers keep (the sanitizers' allow-list, as the W3C service applies it):
 * a style attribute with any other property is stripped or, worse, obeyed.
 */
const SAFE_CSS_PROPERTIES = new Set(
  (
    'azimuth background background-color border border-bottom border-bottom-color border-bottom-style border-bottom-width border-collapse border-color ' +
    'border-left border-left-color border-left-style border-left-width border-right border-right-color border-right-style border-right-width border-spacing ' +
    'border-style border-top border-top-color border-top-style border-top-width border-width clear color cursor direction display elevation float font ' +
    'font-family font-size font-style font-variant font-weight height letter-spacing line-height list-style-type margin margin-bottom margin-left ' +
    'margin-right margin-top overflow padding padding-bottom padding-left padding-right padding-top pause pause-after pause-before pitch pitch-range ' +
    'richness speak speak-header speak-numeral speak-punctuation speech-rate stress text-align text-decoration text-indent unicode-bidi vertical-align ' +
    'voice-family volume white-space width'
  ).split(' '),
);
const SAFE_CSS_KEYWORDS = new Set(
  'aqua auto black block blue bold both bottom brown center collapse dashed dotted fuchsia gray green !important italic left lime maroon medium none navy normal nowrap olive pointer purple red right solid silver teal top transparent underline white yellow'.split(
    ' ',
  ),
);
/** A colour, or a short length (a value like 99999em pushes the text off the page). */
const SAFE_CSS_VALUE = /^(?:#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d?\.?\d?\d(?:cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$/;

/** What in a style attribute readers will not keep, or `undefined` when all of it is safe. */
function unsafeStyle(style: string): string | undefined {
  if (STYLE_HAZARD.test(style)) return style;
  if (!/^(?:[:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$/.test(style)) return style;
  for (const declaration of style.toLowerCase().split(';')) {
    if (declaration.trim() === '') continue;
    const colon = declaration.indexOf(':');
    if (colon === -1) return declaration.trim();
    const property = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (!SAFE_CSS_PROPERTIES.has(property)) return property;
    if (/^(?:background|border|margin|padding)\b/.test(property)) {
      const bad = value.split(/\s+/).find((keyword) => keyword !== '' && !SAFE_CSS_KEYWORDS.has(keyword) && !SAFE_CSS_VALUE.test(keyword));
      if (bad !== undefined) return `${property}: ${bad}`;
    }
  }
  return undefined;
}

/** Known HTML element names: text containing one of these as a tag is markup, not prose. */
const HTML_ELEMENTS = new Set(
  'a abbr address article aside b blockquote br caption cite code dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i iframe img ins kbd li main mark nav object ol p pre q s samp script section small span strong style sub summary sup table tbody td tfoot th thead time tr u ul video audio source embed font center'.split(' '),
);

/** Whether plain text contains HTML markup (a known element as a tag). */
export function containsHtml(text: string): string | undefined {
  const match = /<\/?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?\/?>/.exec(text);
  if (match && HTML_ELEMENTS.has((match[1] ?? '').toLowerCase())) return match[0];
  const entity = /&(?:lt|#0*60|#x0*3c);\/?([a-zA-Z][a-zA-Z0-9]*)/i.exec(text);
  if (entity && HTML_ELEMENTS.has((entity[1] ?? '').toLowerCase())) return entity[0];
  return undefined;
}

const scheme = (value: string): string | undefined => /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();

/**
 * DiagnosticList dangerous markup and relative URLs in `tags` (from `scanTags` or an XHTML tree).
 * `field` names where the HTML came from (`item.description`).
 */
export function checkHtmlTags(tags: readonly HtmlTag[], report: DiagnosticList, place: Place | undefined, field: string, options: { relativeUrls?: boolean } = {}): void {
  const reported = new Set<string>();
  const once = (key: string, emit: () => void): void => {
    if (reported.has(key)) return;
    reported.add(key);
    emit();
  };
  for (const tag of tags) {
    if (UNSAFE_ELEMENTS.has(tag.name)) {
      once(`element:${tag.name}`, () =>
        report.add('feed-unsafe-element', `${field}: expected no <${tag.name}> in feed HTML (readers strip it; it is a security risk), found one`, place, { field, expected: 'safe HTML', actual: `<${tag.name}>` }),
      );
    }
    for (const attribute of tag.attributes) {
      if (attribute.name.startsWith('on')) {
        once(`attr:${attribute.name}`, () =>
          report.add('feed-unsafe-attribute', `${field}: expected no event-handler attributes, found ${attribute.name}= on <${tag.name}>`, place, { field, expected: 'no on* attributes', actual: attribute.name }),
        );
      } else if (URL_ATTRIBUTES.has(attribute.name)) {
        const value = attribute.value.trim();
        const kind = scheme(value);
        if (kind === 'javascript' || kind === 'vbscript' || (kind === 'data' && /^data:\s*text\/html/i.test(value))) {
          once(`url:${kind}`, () =>
            report.add('feed-unsafe-attribute', `${field}: expected a web URL in ${attribute.name}= on <${tag.name}>, found a ${kind}: URL`, place, { field, expected: 'an http(s) URL', actual: value.slice(0, 60) }),
          );
        } else if (options.relativeUrls !== false && kind === undefined && value !== '' && !value.startsWith('#')) {
          once(`relative:${value}`, () =>
            report.add('feed-relative-url', `${field}: expected an absolute URL in ${attribute.name}= on <${tag.name}>, found the relative ${JSON.stringify(value.slice(0, 80))}`, place, { field, expected: 'an absolute URL', actual: value.slice(0, 80) }),
          );
        }
      } else if (attribute.name === 'style' && unsafeStyle(attribute.value) !== undefined) {
        once('style', () =>
          report.add('feed-unsafe-style', `${field}: expected a harmless style attribute, found ${JSON.stringify(attribute.value.slice(0, 60))} on <${tag.name}>`, place, { field, expected: 'plain presentational CSS', actual: attribute.value.slice(0, 60) }),
        );
      }
    }
  }
}

/** Check an HTML string (already XML/JSON-decoded). */
export const checkHtml = (html: string, report: DiagnosticList, place: Place | undefined, field: string): void => checkHtmlTags(scanTags(html), report, place, field);

/** The XHTML subtree as scanned tags, for the same dangerous-markup rules as escaped HTML. */
export function xhtmlTags(root: XmlElement, out: HtmlTag[] = [], budget = { left: 100_000 }): HtmlTag[] {
  for (const node of elementsOf(root)) {
    if (--budget.left < 0) break;
    out.push({ name: node.local.toLowerCase(), attributes: node.attributes.map((item) => ({ name: item.name.toLowerCase(), value: item.value })) });
    xhtmlTags(node, out, budget);
  }
  return out;
}

