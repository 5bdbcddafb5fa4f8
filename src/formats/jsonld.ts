import type { Graph, ImageObject, NewsArticle, Organization, Person, Place, QuantitativeValue, Thing, WebPage, WebSite } from 'schema-dts';
import type { Article, Entity, Organization as OrganizationData } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { graphemeLength, truncate } from '../i18n/truncate.js';

/**
 * The schema.org graph of one article, linked by `@id` the way large publishers publish it:
 * Organization (publisher) ← WebSite ← WebPage ← NewsArticle. Pure.
 */
export interface JsonLdOptions {
  site: SiteConfig;
  /** Other language versions of this article: language → URL. */
  translations?: Readonly<Record<string, string>>;
  /** URL of the original when this article is itself a translation. */
  translationOf?: string;
}

export const publisherId = (site: SiteConfig): string => `${site.publisher.url}#organization`;
export const websiteId = (site: SiteConfig): string => `${site.url}#website`;
export const webPageId = (article: Article): string => article.url;
export const newsArticleId = (article: Article): string => `${article.url}#article`;

export function wikidataUrl(id: string): string {
  return `https://www.wikidata.org/wiki/${id}`;
}

/** The publisher, as every graph of the site describes it. */
export function publisherNode(site: SiteConfig): Organization {
  return {
    '@type': 'NewsMediaOrganization',
    '@id': publisherId(site),
    name: site.publisher.name,
    ...(site.publisher.legalName ? { legalName: site.publisher.legalName } : {}),
    url: site.publisher.url,
    logo: logoObject(site.publisher.logo),
    ...(site.publisher.sameAs.length > 0 ? { sameAs: site.publisher.sameAs } : {}),
  };
}

export function websiteNode(site: SiteConfig): WebSite {
  return {
    '@type': 'WebSite',
    '@id': websiteId(site),
    url: site.url,
    name: site.name,
    inLanguage: site.language,
    publisher: { '@id': publisherId(site) },
  };
}

export function articleGraph(article: Article, options: JsonLdOptions): Graph {
  const { site } = options;
  const publisher = publisherNode(site);
  const website = websiteNode(site);
  const webPage: WebPage = {
    '@type': 'WebPage',
    '@id': webPageId(article),
    url: article.url,
    name: article.headline,
    inLanguage: article.language,
    isPartOf: { '@id': websiteId(site) },
    datePublished: article.datePublished,
    dateModified: article.dateModified,
    ...(article.image ? { primaryImageOfPage: imageObject(article.image) } : {}),
  };
  const about = article.entities.filter((entity) => entity.role === 'about').map(entityNode);
  const mentions = article.entities.filter((entity) => entity.role === 'mentions').map(entityNode);
  const translationLinks = Object.entries(options.translations ?? {}).map(([language, url]) => ({
    '@type': 'NewsArticle' as const,
    '@id': `${url}#article`,
    url,
    inLanguage: language,
  }));
  const headline = googleHeadline(article, site);
  // A shortened headline keeps the full one as the alternative, unless the editor wrote one (the
  // full headline is then still the WebPage's `name`).
  const alternativeHeadline = article.alternativeHeadline ?? (headline === article.headline ? undefined : article.headline);
  const newsArticle: NewsArticle = {
    '@type': 'NewsArticle',
    '@id': newsArticleId(article),
    headline,
    ...(alternativeHeadline ? { alternativeHeadline } : {}),
    // A translation without a standfirst or body has none in its language: leave them out.
    ...(article.description ? { description: article.description } : {}),
    url: article.url,
    mainEntityOfPage: { '@id': webPageId(article) },
    isPartOf: { '@id': websiteId(site) },
    inLanguage: article.language,
    datePublished: article.datePublished,
    dateModified: article.dateModified,
    ...(article.dateline ? { dateline: article.dateline.place } : {}),
    author: article.authors.length > 0 ? article.authors.map(personNode) : [{ '@id': publisherId(site) }],
    creditText: article.credit,
    publisher: { '@id': publisherId(site) },
    copyrightHolder: organizationRef(article.rights.holder, site),
    copyrightNotice: article.rights.notice,
    copyrightYear: article.rights.year,
    ...(article.rights.usageTerms ? { usageInfo: article.rights.usageTerms } : {}),
    ...(article.section ? { articleSection: article.section } : {}),
    ...(article.genre ? { genre: article.genre } : {}),
    ...(article.keywords.length > 0 ? { keywords: article.keywords } : {}),
    ...(about.length > 0 ? { about } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
    ...(article.image ? { image: imageObject(article.image) } : {}),
    ...(article.body.text ? { articleBody: article.body.text, wordCount: article.body.wordCount } : {}),
    isAccessibleForFree: article.isAccessibleForFree,
    ...(article.version > 1 ? { version: article.version } : {}),
    ...(translationLinks.length > 0 ? { workTranslation: translationLinks } : {}),
    ...(options.translationOf ? { translationOfWork: { '@id': `${options.translationOf}#article` } } : {}),
  };
  const nodes: Thing[] = [publisher, website, webPage, newsArticle];
  return { '@context': 'https://schema.org', '@graph': nodes };
}

/** Google's limit for a NewsArticle `headline`, in characters (grapheme clusters). */
export const GOOGLE_HEADLINE_MAX = 110;

/**
 * The NewsArticle `headline`: the headline when it fits Google's 110 characters, else its `seo`
 * variant (the editor's when that fits too, else cut on a word boundary with an ellipsis).
 */
export function googleHeadline(article: Pick<Article, 'headline' | 'language' | 'headlineVariants'>, site: SiteConfig): string {
  const limit = Math.min(site.headlines.limits.seo, GOOGLE_HEADLINE_MAX);
  if (graphemeLength(article.headline, article.language) <= limit) return article.headline;
  const given = article.headlineVariants.seo;
  if (given !== undefined && graphemeLength(given, article.language) <= limit) return given;
  return truncate(article.headline, limit, { locale: article.language }).value;
}

function logoObject(logo: { url: string; width: number; height: number }): ImageObject {
  return { '@type': 'ImageObject', url: logo.url, contentUrl: logo.url, width: pixels(logo.width), height: pixels(logo.height) };
}

/** schema.org ranges `width`/`height` over Distance | QuantitativeValue, not bare numbers. */
function pixels(value: number): QuantitativeValue {
  return { '@type': 'QuantitativeValue', value, unitCode: 'E37', unitText: 'pixel' };
}

function imageObject(image: NonNullable<Article['image']>): ImageObject {
  return {
    '@type': 'ImageObject',
    url: image.url,
    contentUrl: image.url,
    ...(image.width ? { width: pixels(image.width) } : {}),
    ...(image.height ? { height: pixels(image.height) } : {}),
    ...(image.type ? { encodingFormat: image.type } : {}),
    ...(image.caption ? { caption: image.caption } : {}),
    ...(image.credit ? { creditText: image.credit } : {}),
  };
}

function personNode(person: Article['authors'][number]): Person {
  return {
    '@type': 'Person',
    name: person.name,
    ...(person.url ? { url: person.url } : {}),
    ...(person.email ? { email: person.email } : {}),
  };
}

/** The copyright holder: a reference to the publisher node, or an Organization of its own. */
function organizationRef(holder: OrganizationData, site: SiteConfig): Organization | { '@id': string } {
  if (holder.name === site.publisher.name && holder.url === site.publisher.url) return { '@id': publisherId(site) };
  return {
    '@type': 'Organization',
    name: holder.name,
    ...(holder.url ? { url: holder.url } : {}),
    ...(holder.logo ? { logo: logoObject(holder.logo) } : {}),
  };
}

function entityNode(entity: Entity): Thing {
  const base = { name: entity.name, sameAs: wikidataUrl(entity.wikidata) };
  if (entity.type === 'person') return { '@type': 'Person', ...base } satisfies Person;
  if (entity.type === 'place') return { '@type': 'Place', ...base } satisfies Place;
  return { '@type': 'Organization', ...base } satisfies Organization;
}

/** Pretty JSON for `.jsonld` files. */
export function jsonLdText(graph: Graph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/**
 * JSON safe inside `<script type="application/ld+json">`: `<`, `>`, `&`, U+2028 and U+2029 as
 * `\uXXXX`, so `</script>` or `<!--` in any field cannot end or alter the script element.
 * The result parses back to the same value.
 */
export function scriptSafeJson(value: unknown): string {
  return scriptSafeJsonText(JSON.stringify(value));
}

/** `scriptSafeJson` of JSON already written (the same text when it holds none of those characters). */
export function scriptSafeJsonText(json: string): string {
  return /[<>&\u2028\u2029]/.test(json) ? json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
