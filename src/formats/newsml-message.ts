import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { Article } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { formatIsoInZone, wallTimeIn } from '../util/dates.js';
import { newestInstant } from './iptc.js';
import { NAR_NS, newsItemElement, type NewsmlOptions } from './newsml.js';
import { xmlText } from './xhtml.js';

/**
 * The NewsML-G2 `newsMessage`: the build's transmission of its newest items, an envelope around
 * `newsItem` elements. A module of its own so that rendering items (in every build worker) does
 * not load xmlbuilder2, which only the envelope uses.
 */

/** The `newsMessage` of a batch; undefined for no articles (an `itemSet` needs one item). */
export function newsMessageXml(articles: readonly Article[], options: NewsmlOptions): string | undefined {
  if (articles.length === 0) return undefined;
  const { site } = options;
  const sentMs = newestInstant(articles.map((article) => article.dateModified));
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const message = doc.ele(NAR_NS, 'newsMessage');
  const header = message.ele('header');
  header.ele('sent').txt(formatIsoInZone(sentMs, site.timeZone));
  header.ele('sender').txt(xmlText(site.providerId));
  header.ele('transmitId').txt(xmlText(transmitId(articles, sentMs, site)));
  header.ele('priority').txt(String(messagePriority(articles)));
  message.ele('itemSet').com(ITEMS_PLACEHOLDER);
  // Split once and join: replacing N placeholders one by one would copy the whole message N times.
  const [before = '', after = ''] = doc.end({ prettyPrint: true }).split(`<!--${ITEMS_PLACEHOLDER}-->`);
  const items = articles.map((article) => newsItemElement(article, options));
  return `${before}${items.join('\n')}${after}\n`;
}

const ITEMS_PLACEHOLDER = 'wirekit:items';

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

