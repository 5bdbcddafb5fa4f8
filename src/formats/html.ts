import type { Article } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { directionOf } from '../util/language.js';
import { homeUrl } from '../config/urls.js';
import type { CompiledTemplate } from '../util/template.js';
import { escapeHtml } from '../util/template.js';

/** Names the page template may use (checked when `templates/article.html` is compiled). */
export const PAGE_TEMPLATE_VALUES = [
  'lang',
  'dir',
  'headline',
  'description',
  'siteName',
  'siteUrl',
  'homeUrl',
  'canonical',
  'alternates',
  'jsonld',
  'section',
  'dateline',
  'datePublished',
  'datePublishedText',
  'updatedText',
  'byline',
  'editorialNote',
  'originalNote',
  'originalHeadline',
  'originalUrl',
  'quoteStart',
  'quoteEnd',
  'body',
  'bodyLanguage',
  'bodyDir',
  'copyrightNotice',
] as const;

/** Labels the page composes, in the page's language (from `locales/`). */
export interface PageLabels {
  /** `By {{names}} ({{credit}})`, already filled in. */
  byline: string;
  /** `Updated …`, already filled in; empty when the article was never updated. */
  updated: string;
  /** The publication date as readers of this language write it. */
  published: string;
  /** Section name in the page's language; empty when `locales/` has none for it. */
  section?: string;
  /** Copyright notice in the page's language. */
  copyright?: string;
  /** On a translated page: `Original language: English`. */
  originalNote?: string;
  /** The page language's CLDR quotation marks, around text the toolkit quotes. */
  quoteStart?: string;
  quoteEnd?: string;
}

export interface AlternateLink {
  hreflang: string;
  href: string;
}

export interface PageOptions {
  site: SiteConfig;
  /** The site's name in the page's language (its feeds' channel title). */
  siteName: string;
  template: CompiledTemplate;
  /** The page's language: the article's own, or a translation's. */
  language: string;
  headline: string;
  /** Standfirst in the page's language; empty when the translation has none (never the original's). */
  description: string;
  canonical: string;
  bodyHtml: string;
  /** Script-safe JSON-LD (see `scriptSafeJson`, `scriptSafeJsonText`). */
  jsonLd: string;
  labels: PageLabels;
  alternates: readonly AlternateLink[];
}

/**
 * One article page. In a translation, everything the toolkit composes is in the page's language;
 * what exists only in the original (body, dateline, editor's note) keeps the original's `lang` and
 * `dir`, and the original headline is quoted with the page language's quotation marks.
 */
export function articlePage(article: Article, options: PageOptions): string {
  const translated = options.language !== article.language;
  const { labels } = options;
  return options.template.render({
    lang: options.language,
    dir: directionOf(options.language),
    headline: options.headline,
    description: options.description,
    siteName: options.siteName,
    siteUrl: options.site.url,
    homeUrl: homeUrl(options.site, options.language),
    canonical: options.canonical,
    alternates: options.alternates
      .map((link) => `<link rel="alternate" hreflang="${escapeHtml(link.hreflang)}" href="${escapeHtml(link.href)}">\n`)
      .join(''),
    jsonld: options.jsonLd,
    section: labels.section ?? '',
    dateline: article.dateline?.place ?? '',
    datePublished: article.datePublished,
    datePublishedText: labels.published,
    updatedText: labels.updated,
    byline: labels.byline,
    editorialNote: article.editorialNote ?? '',
    originalNote: translated ? (labels.originalNote ?? '') : '',
    originalHeadline: translated ? article.headline : '',
    originalUrl: translated ? article.url : '',
    quoteStart: labels.quoteStart ?? '“',
    quoteEnd: labels.quoteEnd ?? '”',
    body: options.bodyHtml,
    // The body is never translated: mark it with its own language when the page is in another.
    bodyLanguage: translated ? article.language : '',
    bodyDir: directionOf(article.language),
    copyrightNotice: translated ? (labels.copyright ?? article.rights.notice) : article.rights.notice,
  });
}
