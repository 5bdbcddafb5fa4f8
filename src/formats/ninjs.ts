import type { Article, Entity, EntityType } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { byline, iptcVersions, usageTerms, wikidataEntityUri, type IptcVersion } from './iptc.js';
import { mediaTopicUri } from './media-topics.js';

/**
 * IPTC ninjs 3.1: one JSON document per article. The types below follow the 3.1 schema's property
 * names exactly (the schema forbids any other: `unevaluatedProperties: false`), so a misspelt
 * property fails to compile. Pure: the same article gives the same bytes.
 */
export const NINJS_VERSION = '3.1';
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json';

export interface NinjsText {
  role?: string;
  contentType?: string;
  value: string;
}

export interface NinjsBody extends NinjsText {
  charCount?: number;
  wordCount?: number;
}

/** `subjects`, `people`, `organisations`, `places` items (3.1 `rel` + `uri`). */
export interface NinjsConcept {
  name?: string;
  rel?: string;
  uri?: string;
  literal?: string;
}

export interface NinjsAltId {
  role?: string;
  value?: string;
}

export interface NinjsGenre {
  name?: string;
  uri?: string;
  literal?: string;
}

export interface NinjsStandard {
  name?: string;
  version?: string;
  schema?: string;
}

export type NinjsPubStatus = 'usable' | 'withheld' | 'canceled';

/** The subset of the ninjs 3.1 object that wirekit writes. */
export interface NinjsDocument {
  uri: string;
  type?: 'text';
  version?: string;
  firstCreated?: string;
  versionCreated?: string;
  contentCreated?: string;
  embargoedUntil?: string;
  pubStatus?: NinjsPubStatus;
  urgency?: number;
  copyrightHolder?: string;
  copyrightNotice?: string;
  usageTerms?: string;
  edNote?: string;
  language?: string;
  headlines?: NinjsText[];
  descriptions?: NinjsText[];
  bodies?: NinjsBody[];
  subjects?: NinjsConcept[];
  people?: NinjsConcept[];
  organisations?: NinjsConcept[];
  places?: NinjsConcept[];
  genres?: NinjsGenre[];
  by?: string;
  slugline?: string;
  located?: string;
  altIds?: NinjsAltId[];
  standard?: NinjsStandard;
}

/** An `associations` item: any ninjs object, plus `name` (required with `uri`) and `rel`. */
export interface NinjsAssociation extends NinjsDocument {
  name: string;
  rel?: string;
}

export interface NinjsArticle extends NinjsDocument {
  associations?: NinjsAssociation[];
}

export interface NinjsOptions {
  site: SiteConfig;
  /** Sanitized body HTML with absolute URLs (the render context's `bodyHtml`). */
  bodyHtml: string;
}

export function ninjsDocument(article: Article, options: NinjsOptions): NinjsArticle {
  const { site } = options;
  const [original, ...translations] = iptcVersions(article, site);
  const terms = usageTerms(article, site);
  const document: NinjsArticle = {
    uri: article.id,
    standard: { name: 'ninjs', version: NINJS_VERSION, schema: NINJS_SCHEMA_URI },
    type: 'text',
    version: String(article.version),
    firstCreated: article.dateCreated,
    versionCreated: article.dateModified,
    contentCreated: article.dateCreated,
    ...(article.embargoed !== undefined ? { embargoedUntil: article.embargoed } : {}),
    pubStatus: article.pubStatus,
    ...(article.urgency !== undefined ? { urgency: article.urgency } : {}),
    copyrightHolder: article.rights.holder.name,
    copyrightNotice: article.rights.notice,
    // ninjs has no per-property language: terms in another language than the article's are left out.
    ...(terms && terms.language === article.language ? { usageTerms: terms.text } : {}),
    ...(article.editorialNote !== undefined ? { edNote: article.editorialNote } : {}),
    language: article.language,
    headlines: original ? headlines(original) : [{ role: 'main', value: article.headline }],
    descriptions: [{ role: 'summary', contentType: 'text/plain', value: article.description }],
    bodies: [
      { role: 'main', contentType: 'text/plain', value: article.body.text, charCount: article.body.charCount, wordCount: article.body.wordCount },
      { role: 'main', contentType: 'text/html', value: options.bodyHtml, charCount: article.body.charCount, wordCount: article.body.wordCount },
    ],
    subjects: [
      ...article.subjects.map((subject): NinjsConcept => ({ name: subject.name, rel: 'about', uri: mediaTopicUri(subject.code), literal: subject.code })),
      ...article.entities.map(entityConcept),
      ...article.keywords.map((keyword): NinjsConcept => ({ name: keyword, rel: 'keyword' })),
    ],
    ...entityLists(article.entities),
    ...(article.genre !== undefined ? { genres: [{ name: article.genre, literal: article.genre }] } : {}),
    by: byline(article),
    slugline: article.slug,
    ...(article.dateline ? { located: article.dateline.place } : {}),
    altIds: [
      { role: 'slug', value: article.slug },
      { role: 'canonical-url', value: article.url },
    ],
  };
  if (translations.length > 0) document.associations = translations.map((version) => translation(article, version));
  return document;
}

/** Stable JSON text: two-space indentation, property order as built, final newline. */
export function ninjsJson(article: Article, options: NinjsOptions): string {
  return `${JSON.stringify(ninjsDocument(article, options), null, 2)}\n`;
}

function headlines(version: IptcVersion): NinjsText[] {
  return version.headlines.map((headline) => ({ role: headline.role ?? 'main', value: headline.value }));
}

/**
 * A translation as an associated ninjs object in its own `language`: ninjs 3.1 headlines carry no
 * language of their own, so translated headlines cannot sit beside the original's.
 */
function translation(article: Article, version: IptcVersion): NinjsAssociation {
  return {
    name: `translation-${version.language}`,
    rel: 'translation',
    uri: `${article.id}:${version.language.toLowerCase()}`,
    type: 'text',
    version: String(article.version),
    language: version.language,
    headlines: headlines(version),
    ...(version.description !== undefined ? { descriptions: [{ role: 'summary', contentType: 'text/plain', value: version.description }] } : {}),
    altIds: [{ role: 'canonical-url', value: version.url }],
  };
}

function entityConcept(entity: Entity): NinjsConcept {
  return { name: entity.name, rel: entity.role, uri: wikidataEntityUri(entity.wikidata) };
}

const ENTITY_LIST: Readonly<Record<EntityType, 'people' | 'organisations' | 'places'>> = {
  person: 'people',
  organisation: 'organisations',
  place: 'places',
};

function entityLists(entities: readonly Entity[]): Pick<NinjsDocument, 'people' | 'organisations' | 'places'> {
  const lists: Required<Pick<NinjsDocument, 'people' | 'organisations' | 'places'>> = { people: [], organisations: [], places: [] };
  for (const entity of entities) lists[ENTITY_LIST[entity.type]].push(entityConcept(entity));
  const result: Pick<NinjsDocument, 'people' | 'organisations' | 'places'> = {};
  for (const key of ['people', 'organisations', 'places'] as const) if (lists[key].length > 0) result[key] = lists[key];
  return result;
}
