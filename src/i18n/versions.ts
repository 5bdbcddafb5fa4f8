import type { Article, HeadlineVariantsGiven } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { translationUrlOf } from '../config/urls.js';
import type { Diagnostic } from '../util/diagnostics.js';

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

/** The article in its own language first, then its translations in the order of `site.languages`. */
export function languageVersions(article: Article, site: SiteConfig): readonly LanguageVersion[] {
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
        url: translationUrl(article, language),
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

/** The page URL of `article` in `language`: derived from the original's actual URL (`src/config/urls.ts`). */
export function translationUrl(article: Article, language: string): string {
  return translationUrlOf(article.url, language);
}

/**
 * The version of `article` that goes into the outputs of `outputLanguage` (a feed, a sitemap,
 * a NewsML batch in that language). The rule:
 *   1. the article's own language or a translation into exactly `outputLanguage`;
 *   2. otherwise the first language of `site.fallbackLanguages[outputLanguage]` the article
 *      exists in: its text keeps its own language tag (`fallback: true`), never relabelled;
 *   3. otherwise none: the story is left out of that language's outputs (see
 *      `missingTranslationWarning`). Regional tags never match implicitly (`pt` ≠ `pt-BR`):
 *      name `pt` as a fallback of `pt-BR` to accept it.
 */
export interface OutputVersion {
  /** The language of the outputs this version is published in. */
  outputLanguage: string;
  /** The text; `version.language` is the language it is written in. */
  version: LanguageVersion;
  /** True when a configured fallback stands in for a missing translation. */
  fallback: boolean;
}

export function versionForOutput(article: Article, outputLanguage: string, site: SiteConfig): OutputVersion | undefined {
  const versions = languageVersions(article, site);
  const exact = versions.find((version) => version.language === outputLanguage);
  if (exact) return { outputLanguage, version: exact, fallback: false };
  for (const language of site.fallbackLanguages[outputLanguage] ?? []) {
    const stand = versions.find((version) => version.language === language);
    if (stand) return { outputLanguage, version: stand, fallback: true };
  }
  return undefined;
}

/** Target languages (`site.languages`) in which `article` has no version and no configured fallback. */
export function missingLanguages(article: Article, site: SiteConfig): string[] {
  return site.languages.filter((language) => versionForOutput(article, language, site) === undefined);
}

/** `file` of diagnostics about an article made where its source path is unknown; the build maps it to the source. */
export const articleDiagnosticFile = (article: Article): string => `article:${article.slug}`;

/**
 * A story not translated into a language is the normal case on a wire (most stories exist in one
 * or two of the languages a site publishes): an info note. In a language the site expects every
 * story in (`expectedLanguages`), a warning.
 */
const missingSeverity = (language: string, site: SiteConfig): Diagnostic['severity'] => (site.expectedLanguages.includes(language) ? 'warning' : 'info');

/** The warning for a story left out of `language`'s outputs; every format reports the same one (repeats are dropped by `uniqueDiagnostics`). */
export function missingTranslationWarning(article: Article, language: string, site: SiteConfig): Diagnostic {
  return {
    file: articleDiagnosticFile(article),
    severity: missingSeverity(language, site),
    ruleId: 'i18n-missing-translation',
    field: `translations.${language}`,
    message: `Article \`${article.slug}\` has no ${language} translation and \`fallbackLanguages\` names none for ${language}: left out of the ${language} outputs`,
    expected: `translations.${language} in the front matter, or fallbackLanguages.${language} in templates/site.json`,
    actual: 'none',
  };
}

/**
 * `article` as seen in one of its translations: headline, standfirst, URL and language from the
 * version; text that exists only in the original (body, alternative headline, keywords, section,
 * genre, dateline, editor's note, image caption) is left out, so nothing is labelled with a language it
 * is not in. `notice` replaces the copyright notice (composed from `locales/`).
 */
export function articleInVersion(article: Article, version: LanguageVersion, notice?: string): Article {
  if (version.original) return article;
  const {
    alternativeHeadline: _alternativeHeadline,
    section: _section,
    genre: _genre,
    dateline: _dateline,
    editorialNote: _editorialNote,
    image,
    ...rest
  } = article;
  const view: Article = {
    ...rest,
    language: version.language,
    headline: version.headline,
    description: version.description ?? '',
    url: version.url,
    keywords: [],
    headlineVariants: version.headlineVariants,
    rights: notice === undefined ? article.rights : { ...article.rights, notice },
    body: { tree: { type: 'root', children: [] }, text: '', wordCount: 0, charCount: 0 },
  };
  if (image) {
    const { caption: _caption, ...withoutCaption } = image;
    view.image = withoutCaption;
  }
  return view;
}
