import type { Feed, FeedItem, FeedPerson } from './feed-items.js';
import { itemGuid } from './rss.js';

/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1), typed so a misspelt member fails to compile.
 * Built as an object and serialized with `JSON.stringify`, never with string templates.
 */
export interface JsonFeedAuthor {
  name?: string;
  url?: string;
  avatar?: string;
}

export interface JsonFeedItem {
  id: string;
  url?: string;
  external_url?: string;
  title?: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  image?: string;
  banner_image?: string;
  date_published?: string;
  date_modified?: string;
  authors?: JsonFeedAuthor[];
  tags?: string[];
  language?: string;
}

export interface JsonFeedDocument {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description?: string;
  icon?: string;
  favicon?: string;
  authors?: JsonFeedAuthor[];
  language?: string;
  expired?: boolean;
  items: JsonFeedItem[];
}

export function jsonFeedDocument(feed: Feed): JsonFeedDocument {
  const { channel, items } = feed;
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homePage,
    feed_url: channel.urls.json,
    description: channel.description,
    authors: [{ name: channel.publisher.name, url: channel.publisher.url }],
    language: channel.language,
    items: items.map(jsonFeedItem),
  };
}

export function jsonFeed(feed: Feed): string {
  return `${JSON.stringify(jsonFeedDocument(feed), null, 2)}\n`;
}

function jsonFeedItem(item: FeedItem): JsonFeedItem {
  const result: JsonFeedItem = { id: itemGuid(item), url: item.url, title: item.title };
  // One of content_html / content_text is required: a translation has no body, so its
  // standfirst (or headline) is the text.
  if (item.contentHtml !== undefined) result.content_html = item.contentHtml;
  else result.content_text = item.summary ?? item.title;
  if (item.summary !== undefined) result.summary = item.summary;
  if (item.image) result.image = item.image.url;
  result.date_published = item.publishedIso;
  result.date_modified = item.modifiedIso;
  result.authors = item.authors.length > 0 ? item.authors.map(jsonAuthor) : [{ name: item.credit }];
  const tags = [...item.subjects.flatMap((subject) => (subject.label === undefined ? [] : [subject.label])), ...item.keywords];
  if (tags.length > 0) result.tags = [...new Set(tags)];
  result.language = item.language;
  return result;
}

function jsonAuthor(person: FeedPerson): JsonFeedAuthor {
  const author: JsonFeedAuthor = { name: person.name };
  // JSON Feed has no e-mail member: a mailto: URL is its documented substitute.
  if (person.url !== undefined) author.url = person.url;
  else if (person.email !== undefined) author.url = `mailto:${person.email}`;
  return author;
}
