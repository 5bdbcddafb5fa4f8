import type { Article, EntityType, HeadlineVariantName } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { HEADLINE_VARIANT_NAMES, headlineVariants } from '../i18n/headlines.js';
import { languageVersions, type LanguageVersion } from '../i18n/versions.js';

/**
 * What NewsML-G2 and ninjs share: the IPTC view of an article (language versions with their
 * headline variants, rights, entities as Wikidata concepts). Pure.
 */

/** Concept URI of a Wikidata item: the `wikidata` scheme of the IPTC catalog and our `wd` alias. */
export const WIKIDATA_ENTITY_URI = 'http://www.wikidata.org/entity/';
export const wikidataEntityUri = (id: string): string => WIKIDATA_ENTITY_URI + id;

/** IPTC `cpnat` (concept nature) of each entity type. */
export const ENTITY_CONCEPT_NATURE: Readonly<Record<EntityType, string>> = {
  person: 'cpnat:person',
  organisation: 'cpnat:organisation',
  place: 'cpnat:geoArea',
};

export interface HeadlineWithRole {
  /** Variant name (`seo`, `short`, `push`, `social`, `alternative`); absent for the main headline. */
  role?: HeadlineVariantName | 'alternative';
  value: string;
}

export interface IptcVersion extends LanguageVersion {
  /** The main headline first, then the alternative headline (original only), then the variants. */
  headlines: HeadlineWithRole[];
}

/**
 * The last answer of `iptcVersions`: NewsML-G2 and ninjs ask for the same article's versions one
 * after the other (cutting the headline variants twice cost ~40 µs an article). Read-only.
 */
let lastVersions: { article: Article; site: SiteConfig; versions: readonly IptcVersion[] } | undefined;

/** Every language version of `article`, each with its headlines (given or computed variants). */
export function iptcVersions(article: Article, site: SiteConfig): readonly IptcVersion[] {
  if (lastVersions?.article === article && lastVersions.site === site) return lastVersions.versions;
  const versions = computeIptcVersions(article, site);
  lastVersions = { article, site, versions };
  return versions;
}

function computeIptcVersions(article: Article, site: SiteConfig): IptcVersion[] {
  return languageVersions(article, site).map((version) => {
    const variants = headlineVariants(version.headline, version.language, site.headlines.limits, version.headlineVariants);
    const headlines: HeadlineWithRole[] = [{ value: version.headline }];
    if (version.original && article.alternativeHeadline !== undefined) headlines.push({ role: 'alternative', value: article.alternativeHeadline });
    for (const name of HEADLINE_VARIANT_NAMES) headlines.push({ role: name, value: variants[name].value });
    return { ...version, headlines };
  });
}

export interface UsageTerms {
  text: string;
  /** The language it is written in: the site's for the site-wide terms, else the article's. */
  language: string;
}

export function usageTerms(article: Article, site: SiteConfig): UsageTerms | undefined {
  const text = article.rights.usageTerms ?? site.usageTerms;
  if (text === undefined) return undefined;
  return { text, language: text === site.usageTerms ? site.language : article.language };
}

/** The by-line as natural language: the authors, else the credit (the agency). */
export function byline(article: Article): string {
  const names = article.authors.map((person) => person.name);
  return names.length > 0 ? names.join(', ') : article.credit;
}

/** The newest of a set of ISO date-times (epoch ms). */
export function newestInstant(dates: readonly string[]): number {
  let newest = Number.NEGATIVE_INFINITY;
  for (const date of dates) newest = Math.max(newest, Date.parse(date));
  return newest;
}
