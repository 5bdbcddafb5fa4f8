import { formatRfc822 } from '../util/dates.js';
import { rssLanguage } from '../util/language.js';
import { GENERATOR, plainTextAsHtml, type Feed, type FeedChannel, type FeedItem } from './feed-items.js';
import { XmlWriter } from './xml-writer.js';

/**
 * RSS 2.0 with the RSS Profile's practices, so the W3C Feed Validation Service reports nothing:
 * RFC 822 dates in GMT; a non-URL guid marked `isPermaLink="false"`; `<author>` only as
 * `address (Name)` for a single by-line with an e-mail, names otherwise in `dc:creator` (never
 * both: `DuplicateItemSemantics`); `description` before `content:encoded`; `&` and `<` in plain
 * text as hexadecimal references; each namespace declared once, on `<rss>`, only when used.
 */
export const RSS_NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
} as const;

export function rssFeed(feed: Feed): string {
  const { channel, items } = feed;
  const used = {
    content: items.some((item) => item.contentHtml !== undefined && item.summary !== undefined),
    dc: items.some((item) => item.fallback || !usesAuthorElement(item)),
    media: items.some((item) => item.image !== undefined),
  };
  const xml = new XmlWriter({ hexReferences: true });
  xml.open('rss', {
    version: '2.0',
    'xmlns:atom': RSS_NAMESPACES.atom,
    'xmlns:content': used.content ? RSS_NAMESPACES.content : undefined,
    'xmlns:dc': used.dc ? RSS_NAMESPACES.dc : undefined,
    'xmlns:media': used.media ? RSS_NAMESPACES.media : undefined,
  });
  xml.open('channel');
  writeChannel(xml, channel);
  for (const item of items) writeItem(xml, item);
  xml.close('channel');
  xml.close('rss');
  return xml.toString();
}

function writeChannel(xml: XmlWriter, channel: FeedChannel): void {
  xml
    .text('title', channel.title)
    .text('link', channel.homePage)
    .text('description', channel.description)
    .text('language', rssLanguage(channel.language))
    .text('copyright', channel.copyright);
  if (channel.email !== undefined) {
    const contact = `${channel.email} (${channel.publisher.name})`;
    xml.text('managingEditor', contact).text('webMaster', contact);
  }
  xml
    .text('pubDate', formatRfc822(channel.published))
    .text('lastBuildDate', formatRfc822(channel.updated))
    .text('generator', GENERATOR.name)
    .text('docs', 'https://www.rssboard.org/rss-specification')
    .text('ttl', String(channel.ttl));
  const logo = channel.publisher.logo;
  // The validator wants a GIF/JPEG/PNG; RSS caps width at 144 and height at 400 (else omit both).
  if (/\.(?:gif|jpe?g|png)(?:[?#].*)?$/i.test(logo.url)) {
    xml.open('image').text('url', logo.url).text('title', channel.title).text('link', channel.homePage);
    if (logo.width <= 144 && logo.height <= 400) xml.text('width', String(logo.width)).text('height', String(logo.height));
    xml.close('image');
  }
  xml.empty('atom:link', { href: channel.urls.rss, rel: 'self', type: 'application/rss+xml' });
}

/** `<author>` must be one e-mail address: only for a single by-line that has one. */
const usesAuthorElement = (item: FeedItem): boolean => item.authors.length === 1 && item.authors[0]?.email !== undefined;

/** Translations are other entries than the original: their guid carries the language. */
export function itemGuid(item: FeedItem): string {
  if (item.original) return item.id;
  return `${item.id}${item.id.toLowerCase().startsWith('urn:') ? ':' : '#'}${item.language.toLowerCase()}`;
}

function writeItem(xml: XmlWriter, item: FeedItem): void {
  xml.open('item').text('title', item.title).text('link', item.url);
  if (item.summary !== undefined) {
    // RSS `description` is HTML: the plain-text standfirst is escaped as HTML text first.
    xml.text('description', plainTextAsHtml(item.summary));
    if (item.contentHtml !== undefined) xml.cdata('content:encoded', item.contentHtml);
  }
  const [first] = item.authors;
  if (first !== undefined && usesAuthorElement(item)) xml.text('author', `${first.email} (${first.name})`);
  else if (item.authors.length === 0) xml.text('dc:creator', item.credit);
  else for (const person of item.authors) xml.text('dc:creator', person.name);
  for (const subject of item.subjects) xml.text('category', subject.label ?? subject.qcode, { domain: subject.uri });
  for (const keyword of item.keywords) xml.text('category', keyword);
  const guid = itemGuid(item);
  xml.text('guid', guid, guid === item.url ? undefined : { isPermaLink: 'false' });
  xml.text('pubDate', formatRfc822(item.published));
  // A fallback version is in another language than the channel's: say so on the item.
  if (item.fallback) xml.text('dc:language', rssLanguage(item.language));
  const image = item.image;
  if (image) {
    if (image.type !== undefined && image.length !== undefined) {
      xml.empty('enclosure', { url: image.url, length: image.length, type: image.type });
    }
    const attributes = { url: image.url, medium: 'image', type: image.type, fileSize: image.length, width: image.width, height: image.height };
    if (image.caption === undefined && image.credit === undefined) xml.empty('media:content', attributes);
    else {
      xml.open('media:content', attributes);
      xml.text('media:description', image.caption, { type: 'plain' });
      xml.text('media:credit', image.credit);
      xml.close('media:content');
    }
  }
  xml.close('item');
}
