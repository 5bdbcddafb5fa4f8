import type { DocumentFormat } from './types.js';

/**
 * Format detection from content (the file name only breaks ties: `.jsonld`, `.html`).
 * Looks at the first bytes only, with simple linear scans, so a hostile file costs nothing here.
 */

const HEAD = 64 * 1024;

export interface Detected {
  format?: DocumentFormat;
  /** Why nothing was detected, for the `format-unknown` message. */
  reason?: string;
}

export function detectFormat(text: string, fileName = ''): Detected {
  const head = text.slice(0, HEAD).replace(/^\uFEFF/, '');
  const start = head.search(/\S/);
  if (start === -1) return { reason: 'the file is empty' };
  const first = head[start];
  if (first === '{' || first === '[') return detectJson(head, fileName);
  if (first === '<') return detectMarkup(head, start, fileName);
  return { reason: `it starts with ${JSON.stringify(head.slice(start, start + 20))}, neither JSON nor XML/HTML` };
}

function detectJson(head: string, fileName: string): Detected {
  if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\/1/.test(head)) return { format: 'jsonfeed' };
  if (/"@context"\s*:/.test(head) || /\.jsonld$/i.test(fileName)) return { format: 'jsonld' };
  if (/"\$schema"\s*:\s*"[^"]*ninjs/i.test(head)) return { format: 'ninjs' };
  if (/"uri"\s*:\s*"/.test(head) && /"(?:versioncreated|versionCreated|firstcreated|firstCreated|contentCreated|headlines|headline|bodies|body_text|body_html|pubstatus|pubStatus)"\s*:/.test(head)) return { format: 'ninjs' };
  return { reason: 'it is JSON without a JSON Feed version, a JSON-LD @context or ninjs properties (uri, headlines, …)' };
}

function detectMarkup(head: string, start: number, fileName: string): Detected {
  if (/^<!doctype\s+html\b/i.test(head.slice(start, start + 20))) return { format: 'html' };
  // Skip the prolog: XML declaration, processing instructions, comments, DOCTYPE.
  let index = start;
  for (let guard = 0; guard < 1000; guard++) {
    index = head.indexOf('<', index);
    if (index === -1) return { reason: 'no root element in the first 64 KiB' };
    if (head.startsWith('<?', index)) index = endOf(head, '?>', index);
    else if (head.startsWith('<!--', index)) index = endOf(head, '-->', index);
    else if (head.startsWith('<!', index)) index = endOf(head, '>', index);
    else break;
    if (index === -1) return { reason: 'no root element in the first 64 KiB' };
  }
  const match = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(head.slice(index, index + 200));
  if (!match) return { reason: 'no root element' };
  const local = match[2] ?? '';
  switch (local) {
    case 'rss':
      return { format: 'rss' };
    case 'feed':
    case 'entry':
      return /http:\/\/www\.w3\.org\/2005\/Atom/.test(head) ? { format: 'atom' } : { reason: `<${local}> without the Atom namespace http://www.w3.org/2005/Atom` };
    case 'urlset':
      return { format: 'news-sitemap' };
    case 'newsItem':
      return { format: 'newsml-item' };
    case 'newsMessage':
      return { format: 'newsml-message' };
    case 'html':
      return { format: 'html' };
    case 'RDF':
      return { reason: 'RSS 1.0 (RDF) is not supported; use RSS 2.0 or Atom' };
    default:
      return /\.html?$/i.test(fileName) ? { format: 'html' } : { reason: `the root element <${match[0].slice(1)}> is none of rss, feed, urlset, newsItem, newsMessage, html` };
  }
}

function endOf(text: string, terminator: string, from: number): number {
  const end = text.indexOf(terminator, from + 2);
  return end === -1 ? -1 : end + terminator.length;
}
