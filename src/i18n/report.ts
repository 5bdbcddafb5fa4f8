import type { Article, HeadlineVariantName } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { headlineVariants, variantsOverLimit, type HeadlineLimits, type HeadlineVariants } from './headlines.js';
import type { Localizer } from './instance.js';
import { articleDiagnosticFile, languageVersions, missingTranslationWarning, versionForOutput } from './versions.js';

/**
 * `out/headlines.json`: every article × language version × headline variant, with its length in
 * grapheme clusters and whether the editor gave it or the toolkit computed it. Pure.
 */
export interface HeadlinesReport {
  /** Limits that applied, in grapheme clusters. */
  limits: HeadlineLimits;
  articles: ArticleHeadlines[];
}

export interface ArticleHeadlines {
  id: string;
  slug: string;
  /** The article's own language. */
  language: string;
  versions: VersionHeadlines[];
  /** Target languages served by another language's version (`fallbackLanguages`): output language → text language. */
  fallbacks?: Record<string, string>;
  /** Target languages the story is left out of: no translation and no configured fallback. */
  missing?: string[];
}

export interface VersionHeadlines {
  language: string;
  original: boolean;
  url: string;
  variants: HeadlineVariants;
}

export const headlineLimitsOf = (site: SiteConfig): HeadlineLimits => site.headlines.limits;

// Articles are never mutated, so an incremental build reuses the variants of unchanged articles.
const memo = new WeakMap<Article, { site: SiteConfig; localizer: Localizer | undefined; versions: VersionHeadlines[] }>();

/** The variants of every language version of `article`, with the locale's ellipsis. */
export function articleHeadlineVariants(article: Article, site: SiteConfig, localizer?: Localizer): VersionHeadlines[] {
  const cached = memo.get(article);
  if (cached && cached.site === site && cached.localizer === localizer) return cached.versions;
  const versions = computeHeadlineVariants(article, site, localizer);
  memo.set(article, { site, localizer, versions });
  return versions;
}

/**
 * Variants computed elsewhere for this article (a build worker, from the same project files):
 * the main thread then only assembles `headlines.json` (their computation was ~0.45 s of the
 * serial end of a 10,000-article build).
 */
export function rememberHeadlineVariants(article: Article, site: SiteConfig, localizer: Localizer | undefined, versions: VersionHeadlines[]): void {
  memo.set(article, { site, localizer, versions });
}

function computeHeadlineVariants(article: Article, site: SiteConfig, localizer?: Localizer): VersionHeadlines[] {
  return languageVersions(article, site).map((version) => ({
    language: version.language,
    original: version.original,
    url: version.url,
    variants: headlineVariants(version.headline, version.language, headlineLimitsOf(site), version.headlineVariants, localizer ? { ellipsis: localizer.ellipsis(version.language) } : {}),
  }));
}

export function headlinesReport(articles: readonly Article[], site: SiteConfig, localizer?: Localizer): { report: HeadlinesReport; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries = articles.map((article): ArticleHeadlines => {
    const versions = articleHeadlineVariants(article, site, localizer);
    for (const version of versions) {
      for (const name of variantsOverLimit(version.variants)) diagnostics.push(overLimitWarning(article, version, name));
      if (localizer && !localizer.supports(version.language)) diagnostics.push(noLocaleWarning(article, version.language));
    }
    const entry: ArticleHeadlines = { id: article.id, slug: article.slug, language: article.language, versions };
    const fallbacks: Record<string, string> = {};
    const missing: string[] = [];
    for (const language of site.languages) {
      const output = versionForOutput(article, language, site);
      if (!output) {
        missing.push(language);
        diagnostics.push(missingTranslationWarning(article, language));
      } else if (output.fallback) {
        fallbacks[language] = output.version.language;
      }
    }
    if (Object.keys(fallbacks).length > 0) entry.fallbacks = fallbacks;
    if (missing.length > 0) entry.missing = missing;
    return entry;
  });
  return { report: { limits: headlineLimitsOf(site), articles: entries }, diagnostics };
}

function overLimitWarning(article: Article, version: VersionHeadlines, name: HeadlineVariantName): Diagnostic {
  const variant = version.variants[name];
  const field = version.original ? `headlineVariants.${name}` : `translations.${version.language}.headlineVariants.${name}`;
  return {
    file: articleDiagnosticFile(article),
    severity: 'warning',
    ruleId: 'headline-variant-over-limit',
    field,
    message: `Field \`${field}\`: the editor's ${name} headline has ${variant.length} characters, over the limit of ${variant.limit ?? '?'}; it is kept as given`,
    expected: `at most ${variant.limit ?? '?'} characters`,
    actual: `${variant.length} characters`,
  };
}

/** A version in a language `locales/` has no folder for: its page's labels would fall back to English. */
function noLocaleWarning(article: Article, language: string): Diagnostic {
  return {
    file: articleDiagnosticFile(article),
    severity: 'warning',
    ruleId: 'i18n-no-locale',
    field: `translations.${language}`,
    message: `Article \`${article.slug}\` has a ${language} version but locales/ has no ${language} folder: the labels of its ${language} page fall back to English`,
    expected: `locales/${language}/common.json, and ${language} in \`languages\``,
    actual: 'none',
  };
}
