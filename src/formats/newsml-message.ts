import { createHash } from 'node:crypto';
import type { Article } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { formatIsoInZone, wallTimeIn } from '../util/dates.js';
import { newestInstant } from './iptc.js';
import { NAR_NS, newsItemElement, type NewsmlOptions } from './newsml.js';
import { XmlElement } from './xml-tree.js';

/**
 * The NewsML-G2 `newsMessage`: the build's transmission of its newest items, an envelope around
 * `newsItem` elements, written with the items' element tree (`xml-tree.ts`).
 */

/** The `newsMessage` of a batch; undefined for no articles (an `itemSet` needs one item). */
export function newsMessageXml(articles: readonly Article[], options: NewsmlOptions): string | undefined {
  if (articles.length === 0) return undefined;
  const { site } = options;
  const sentMs = newestInstant(articles.map((article) => article.dateModified));
  const message = new XmlElement('newsMessage').att('xmlns', NAR_NS);
  const header = message.ele('header');
  header.ele('sent').txt(formatIsoInZone(sentMs, site.timeZone));
  header.ele('sender').txt(site.providerId);
  header.ele('transmitId').txt(transmitId(articles, sentMs, site));
  header.ele('priority').txt(String(messagePriority(articles)));
  // The items are written flush left, as one block (re-indenting them would copy every item).
  message.ele('itemSet').raw(articles.map((article) => newsItemElement(article, options)).join('\n'));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${message.toString()}\n`;
}

/** Deterministic transmission id: the batch's date and a digest of its items' guids and versions. */
function transmitId(articles: readonly Article[], sentMs: number, site: SiteConfig): string {
  const digest = createHash('sha256');
  for (const article of articles) digest.update(`${article.id}\u0000${article.version}\u0000`);
  const { year, month, day } = wallTimeIn(sentMs, site.timeZone);
  const date = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return `urn:newsml:${site.providerId}:${date}:message-${digest.digest('hex').slice(0, 16)}`;
}

/** The most urgent item decides (1 is highest); 5, the middle of 1–9, when none says. */
function messagePriority(articles: readonly Article[]): number {
  const urgencies = articles.flatMap((article) => (article.urgency === undefined ? [] : [article.urgency]));
  return urgencies.length > 0 ? Math.min(...urgencies) : 5;
}

