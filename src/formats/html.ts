import type { Article } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { directionOf } from '../util/language.js';
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
  'canonical',
  'alternates',
  'jsonld',
  'dateline',
  'datePublished',
  'datePublishedText',
  'updatedText',
  'byline',
  'editorialNote',
  'body',
  'bodyLanguage',
  'bodyDir',
  'copyrightNotice',
] as const;

/** Labels the page composes, in the page's language (from `locales/`). */
export interface PageLabels {
  /** `By {{name}}`-style credit line, already filled in. */
  byline: string;
  /** `Updated …`, already filled in; empty when the article was never updated. */
  updated: string;
  /** The publication date as readers of this language write it. */
  published: string;
}

export interface AlternateLink {
  hreflang: string;
  href: string;
}

export interface PageOptions {
  site: SiteConfig;
  template: CompiledTemplate;
  /** The page's language: the article's own, or a translation's. */
  language: string;
  headline: string;
  description: string;
  canonical: string;
  bodyHtml: string;
  /** Script-safe JSON-LD (see `scriptSafeJson`). */
  jsonLd: string;
  labels: PageLabels;
  alternates: readonly AlternateLink[];
}

export function articlePage(article: Article, options: PageOptions): string {
  const bodyInOtherLanguage = options.language !== article.language;
  return options.template.render({
    lang: options.language,
    dir: directionOf(options.language),
    headline: options.headline,
    description: options.description,
    siteName: options.site.name,
    siteUrl: options.site.url,
    canonical: options.canonical,
    alternates: options.alternates
      .map((link) => `<link rel="alternate" hreflang="${escapeHtml(link.hreflang)}" href="${escapeHtml(link.href)}">\n`)
      .join(''),
    jsonld: options.jsonLd,
    dateline: article.dateline?.place ?? '',
    datePublished: article.datePublished,
    datePublishedText: options.labels.published,
    updatedText: options.labels.updated,
    byline: options.labels.byline,
    editorialNote: article.editorialNote ?? '',
    body: options.bodyHtml,
    // The body is never translated: mark it with its own language when the page is in another.
    bodyLanguage: bodyInOtherLanguage ? article.language : '',
    bodyDir: directionOf(article.language),
    copyrightNotice: article.rights.notice,
  });
}
