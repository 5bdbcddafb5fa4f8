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

/**
 * One article's part of `headlines.json`, worked out on its own (on the thread that rendered it):
 * its entry as it stands in the file, the languages it is left out of, and its other warnings.
 * The file is these texts joined: at 10,000 articles building the report and stringifying it
 * (18 MB) was a quarter of the build's serial end.
 */
export interface ArticleHeadlinesPart {
  /** `JSON.stringify(entry, null, 2)`, indented for its place in the `articles` array. */
  text: string;
  /** Target languages the story is left out of (each warned about by `missingTranslationWarning`). */
  missing: string[];
  /** Warnings other than the missing translations: variants over a limit, versions without locale. */
  diagnostics: Diagnostic[];
}

/** The variants of every language version of `article`, with the locale's ellipsis. */
export function articleHeadlineVariants(article: Article, site: SiteConfig, localizer?: Localizer): VersionHeadlines[] {
  return languageVersions(article, site).map((version) => ({
    language: version.language,
    original: version.original,
    url: version.url,
    variants: headlineVariants(version.headline, version.language, headlineLimitsOf(site), version.headlineVariants, localizer ? { ellipsis: localizer.ellipsis(version.language) } : {}),
  }));
}

/** The entry of `article` in the report, and its warnings (missing translations last). */
function articleEntry(article: Article, site: SiteConfig, localizer: Localizer | undefined): { entry: ArticleHeadlines; missing: string[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
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
    if (!output) missing.push(language);
    else if (output.fallback) fallbacks[language] = output.version.language;
  }
  if (Object.keys(fallbacks).length > 0) entry.fallbacks = fallbacks;
  if (missing.length > 0) entry.missing = missing;
  return { entry, missing, diagnostics };
}

/**
 * `JSON.stringify(entry, null, 2)` indented two levels deep (the root object, then its `articles`
 * array): stringified inside two arrays, which indent it so, and cut out (no second pass over
 * the text to indent it).
 */
function entryText(entry: ArticleHeadlines): string {
  const nested = JSON.stringify([[entry]], null, 2);
  // "[\n  [\n    {…}\n  ]\n]"
  return nested.slice('[\n  [\n'.length, nested.length - '\n  ]\n]'.length);
}

/** `article`'s part of `headlines.json`. */
export function articleHeadlinesPart(article: Article, site: SiteConfig, localizer?: Localizer): ArticleHeadlinesPart {
  const { entry, missing, diagnostics } = articleEntry(article, site, localizer);
  return { text: entryText(entry), missing, diagnostics };
}

export function headlinesReport(articles: readonly Article[], site: SiteConfig, localizer?: Localizer): { report: HeadlinesReport; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries = articles.map((article): ArticleHeadlines => {
    const { entry, missing, diagnostics: found } = articleEntry(article, site, localizer);
    diagnostics.push(...found, ...missing.map((language) => missingTranslationWarning(article, language, site)));
    return entry;
  });
  return { report: { limits: headlineLimitsOf(site), articles: entries }, diagnostics };
}

/**
 * The text of `headlines.json`: byte for byte `JSON.stringify(headlinesReport(…).report, null, 2)`
 * and a newline, joined from the articles' parts (`partOf`: those the build already has, made
 * with the same site and localizer on the thread that rendered the article); and the same
 * diagnostics, in the same order.
 */
export function headlinesDocument(
  articles: readonly Article[],
  site: SiteConfig,
  localizer?: Localizer,
  partOf?: (article: Article) => ArticleHeadlinesPart | undefined,
): { content: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const texts: string[] = [];
  for (const article of articles) {
    const part = partOf?.(article) ?? articleHeadlinesPart(article, site, localizer);
    texts.push(part.text);
    for (const diagnostic of part.diagnostics) diagnostics.push(diagnostic);
    for (const language of part.missing) diagnostics.push(missingTranslationWarning(article, language, site));
  }
  const limits = JSON.stringify(headlineLimitsOf(site), null, 2).replaceAll('\n', '\n  ');
  const list = texts.length === 0 ? '[]' : `[\n${texts.join(',\n')}\n  ]`;
  return { content: `{\n  "limits": ${limits},\n  "articles": ${list}\n}\n`, diagnostics };
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
