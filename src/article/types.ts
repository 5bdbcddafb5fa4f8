import type { Root } from 'mdast';

/**
 * The one domain model. Plain data only (no class instances, no positions),
 * so it can cross a worker-thread boundary and compare with `deepEqual`.
 */
export interface Article {
  /** Stable, absolute URI: the guid of every output (`urn:newsml:…` by default). */
  id: string;
  /** File-system and URL safe name: `[a-z0-9]` words joined by `-`. */
  slug: string;
  /** Editorial version: 1 for the first publication, incremented by each update or correction. */
  version: number;
  /** BCP 47 tag of the article's own language (`en`, `it`, `pt-BR`). */
  language: string;
  headline: string;
  alternativeHeadline?: string;
  /** Standfirst: one or two plain-text sentences. */
  description: string;
  /** Canonical page URL (absolute). */
  url: string;
  /** ISO 8601 with an explicit offset, normalised to the configured time zone. */
  datePublished: string;
  dateModified: string;
  /** `datePublished` and `dateModified` as epoch milliseconds, resolved once (feeds, sitemaps and messages order by them). */
  publishedMs: number;
  modifiedMs: number;
  /** When the content was first created (NewsML `firstCreated`); defaults to `datePublished`. */
  dateCreated: string;
  embargoed?: string;
  pubStatus: PubStatus;
  /** Set when this version is an update or a correction of an earlier one. */
  signal?: Signal;
  /** Editor's note shown with an update/correction. */
  editorialNote?: string;
  dateline?: Dateline;
  /** Who gets the credit (`creditText`): the agency for wire copy. */
  credit: string;
  authors: Person[];
  section?: string;
  genre?: string;
  /** NewsML-G2 urgency, 1 (most urgent) to 9. */
  urgency?: number;
  keywords: string[];
  subjects: Subject[];
  entities: Entity[];
  image?: Image;
  isAccessibleForFree: boolean;
  rights: Rights;
  /** Headline variants the editor wrote for the article's own language. */
  headlineVariants: HeadlineVariantsGiven;
  /** Other language versions of the headline and standfirst, keyed by BCP 47 tag. */
  translations: Record<string, Translation>;
  body: Body;
}

export type PubStatus = 'usable' | 'withheld' | 'canceled';
export type Signal = 'update' | 'correction';

export interface Dateline {
  /** The place as printed: `ROME`. */
  place: string;
  /** Optional Wikidata id of the place (`Q220`). */
  wikidata?: string;
}

export interface Person {
  name: string;
  email?: string;
  url?: string;
}

/** An IPTC Media Topic. `name` is its English label, checked against the vocabulary in tests. */
export interface Subject {
  /** `medtop:NNNNNNNN` */
  code: string;
  name: string;
  /** QCode of the broader topic, when known. */
  broader?: string;
}

export type EntityType = 'person' | 'organisation' | 'place';

export interface Entity {
  type: EntityType;
  name: string;
  /** Wikidata id (`Q7747`). */
  wikidata: string;
  /** `about`: what the story is about; `mentions`: named in passing. */
  role: 'about' | 'mentions';
}

export interface Image {
  url: string;
  width?: number;
  height?: number;
  /** Media type, for feed enclosures. */
  type?: string;
  /** Size in bytes, for RSS enclosures. */
  length?: number;
  caption?: string;
  credit?: string;
}

export interface Organization {
  name: string;
  url?: string;
  logo?: Logo;
}

export interface Logo {
  url: string;
  width: number;
  height: number;
}

export interface Rights {
  holder: Organization;
  /** The notice as it is shown once in every output: `Copyright © ANSA`. */
  notice: string;
  year: number;
  usageTerms?: string;
}

export type HeadlineVariantName = 'seo' | 'short' | 'push' | 'social';
export type HeadlineVariantsGiven = Partial<Record<HeadlineVariantName, string>>;

export interface Translation {
  headline: string;
  description?: string;
  headlineVariants: HeadlineVariantsGiven;
}

export interface Body {
  /** mdast tree of the body, copyright line removed, positions stripped. */
  tree: Root;
  /** Plain text: paragraphs joined by a blank line (schema.org `articleBody`). */
  text: string;
  /** Words counted with `Intl.Segmenter` in the article's language. */
  wordCount: number;
  /** Characters (grapheme clusters) of `text`. */
  charCount: number;
}
