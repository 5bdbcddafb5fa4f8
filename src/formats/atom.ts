import { formatIsoInZone } from '../util/dates.js';
import { GENERATOR, MEDIA_TOPIC_SCHEME, type Feed, type FeedChannel, type FeedItem, type FeedPerson } from './feed-items.js';
import { itemGuid } from './rss.js';
import { XmlWriter } from './xml-writer.js';

/**
 * Atom 1.0 (RFC 4287): `xml:lang` on the feed; RFC 3339 dates with the configured zone's
 * offset; text constructs typed `text`, body as `content type="html"`; categories with
 * `term` + `scheme` (scheme + term = the Media Topic URI) and `label` only in a language we
 * have it in; one `alternate` per type and hreflang (duplicates are a validator error).
 */
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export function atomFeed(feed: Feed): string {
  const { channel, items } = feed;
  const xml = new XmlWriter();
  xml.open('feed', { xmlns: ATOM_NAMESPACE, 'xml:lang': channel.language });
  // The self URL is the feed's identity: absolute, stable while site.json's URL is.
  xml.text('id', channel.urls.atom);
  xml.text('title', channel.title, { type: 'text' });
  xml.text('subtitle', channel.description, { type: 'text' });
  xml.text('updated', formatIsoInZone(channel.updated, channel.timeZone));
  writePerson(xml, { name: channel.publisher.name, url: channel.publisher.url });
  xml.text('rights', channel.copyright, { type: 'text' });
  xml.text('generator', GENERATOR.name);
  xml.empty('link', { rel: 'self', type: 'application/atom+xml', href: channel.urls.atom });
  xml.empty('link', { rel: 'alternate', type: 'text/html', hreflang: channel.language, href: channel.homePage });
  for (const other of channel.alternates) {
    xml.empty('link', { rel: 'alternate', type: 'application/atom+xml', hreflang: other.language, href: other.atom });
  }
  xml.text('logo', channel.publisher.logo.url);
  for (const item of items) writeEntry(xml, item, channel);
  xml.close('feed');
  return xml.toString();
}

function writePerson(xml: XmlWriter, person: FeedPerson): void {
  xml.open('author').text('name', person.name).text('email', person.email).text('uri', person.url).close('author');
}

function writeEntry(xml: XmlWriter, item: FeedItem, channel: FeedChannel): void {
  // A fallback version is in another language than the feed's: label the entry with its own.
  xml.open('entry', item.fallback ? { 'xml:lang': item.language } : undefined);
  xml.text('id', itemGuid(item));
  xml.text('title', item.title, { type: 'text' });
  xml.empty('link', { rel: 'alternate', type: 'text/html', hreflang: item.language, href: item.url });
  for (const other of item.alternates) xml.empty('link', { rel: 'alternate', type: 'text/html', hreflang: other.language, href: other.url });
  if (item.image) xml.empty('link', { rel: 'enclosure', type: item.image.type, length: item.image.length, href: item.image.url });
  xml.text('published', item.publishedIso);
  xml.text('updated', item.modifiedIso);
  if (item.authors.length > 0) for (const person of item.authors) writePerson(xml, person);
  else if (item.credit !== channel.publisher.name) writePerson(xml, { name: item.credit });
  for (const subject of item.subjects) xml.empty('category', { term: subject.code, scheme: MEDIA_TOPIC_SCHEME, label: subject.label });
  for (const keyword of item.keywords) xml.empty('category', { term: keyword });
  if (item.rights !== channel.copyright) xml.text('rights', item.rights, { type: 'text' });
  xml.text('summary', item.summary, { type: 'text' });
  if (item.contentHtml !== undefined) xml.text('content', item.contentHtml, { type: 'html' });
  xml.close('entry');
}
