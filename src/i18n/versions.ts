import type { Article, HeadlineVariantsGiven } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { wallTimeIn } from '../util/dates.js';

/**
 * The language versions of one article: its own language, then each translation. A version only
 * carries text that exists in that language, so nothing is ever labelled with a language it is
 * not in (a translation without a standfirst has no `description`).
 */
export interface LanguageVersion {
  language: string;
  headline: string;
  description?: string;
  /** Page URL of this version: the canonical URL for the original. */
  url: string;
  /** True for the article's own language. */
  original: boolean;
  headlineVariants: HeadlineVariantsGiven;
}

export function languageVersions(article: Article, site: SiteConfig): LanguageVersion[] {
  const original: LanguageVersion = {
    language: article.language,
    headline: article.headline,
    description: article.description,
    url: article.url,
    original: true,
    headlineVariants: article.headlineVariants,
  };
  const order = (language: string): number => {
    const index = site.languages.indexOf(language);
    return index === -1 ? site.languages.length : index;
  };
  const translated = Object.entries(article.translations)
    .filter(([language]) => language !== article.language)
    .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([language, translation]): LanguageVersion => {
      const version: LanguageVersion = {
        language,
        headline: translation.headline,
        url: translationUrl(article, language, site),
        original: false,
        headlineVariants: translation.headlineVariants,
      };
      if (translation.description !== undefined) version.description = translation.description;
      return version;
    });
  return [original, ...translated];
}

/** The version of `article` in `language`, if it exists. */
export function versionIn(article: Article, language: string, site: SiteConfig): LanguageVersion | undefined {
  return languageVersions(article, site).find((version) => version.language === language);
}

export function translationUrl(article: Article, language: string, site: SiteConfig): string {
  const { year, month, day } = wallTimeIn(Date.parse(article.datePublished), site.timeZone);
  return site.translationUrl
    .replaceAll('{slug}', article.slug)
    .replaceAll('{language}', language.toLowerCase())
    .replaceAll('{yyyy}', String(year))
    .replaceAll('{mm}', String(month).padStart(2, '0'))
    .replaceAll('{dd}', String(day).padStart(2, '0'));
}
