import type { Graph } from 'schema-dts';
import type { Root as HastRoot } from 'hast';
import type { Article } from '../article/types.js';
import { writes, type OutputFormat, type SiteConfig } from '../config/site.js';
import { articleBody } from './body-html.js';
import { articlePage, type AlternateLink, type PageLabels } from './html.js';
import { articleGraph, jsonLdText, scriptSafeJsonText } from './jsonld.js';
import { normalizedMarkdown } from './markdown.js';
import { newsItemDocument, newsItemTree, NEWSML_MEDIA_TYPES } from './newsml.js';
import { ninjsJson } from './ninjs.js';
import { formatDateTime, formatList, languageName } from '../i18n/format.js';
import { articleInVersion, languageVersions, type LanguageVersion } from '../i18n/versions.js';
import { fillPath, outputPathOf } from '../config/urls.js';
import { siteNameIn } from '../config/feeds.js';
import type { RenderOptions, RenderedOutput } from './output.js';

export type { RenderOptions, RenderedOutput } from './output.js';

/** What every per-article renderer gets: the options plus results shared between formats. */
export interface ArticleRenderContext extends RenderOptions {
  /** Sanitized body HTML with absolute URLs, and the hast it was written from (computed once per article). */
  bodyHtml: string;
  bodyHast: HastRoot;
  /**
   * JSON-LD text by version language: the `.jsonld` file and the page embed the same pretty JSON,
   * written once, and the build's check then sees the page's block as the file it already checked.
   */
  jsonLd: Map<string, string>;
}

/**
 * A per-article output format. Add one by appending to `ARTICLE_FORMATS`; `render` and the build
 * pick it up. `format` names it in the API and the CLI (`wirekit render --format`).
 */
export interface ArticleFormatRenderer {
  format: OutputFormat;
  render(article: Article, context: ArticleRenderContext): RenderedOutput[];
}

export const MEDIA_TYPES = {
  jsonld: 'application/ld+json',
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
} as const;

/** Where a per-article file without a URL of its own goes (`paths` in site.json). */
const slugPath = (site: SiteConfig, pattern: keyof SiteConfig['paths'], article: Article): string => fillPath(site.paths[pattern], { slug: article.slug });

export const ARTICLE_FORMATS: ArticleFormatRenderer[] = [
  {
    // One graph per language version; the original first, linked to its translations.
    format: 'jsonld',
    render: (article, context) =>
      pagedVersions(article, context.site).map(({ version, path }) => ({
        path: path.replace(/\.[^./]+$/, '.jsonld'),
        mediaType: MEDIA_TYPES.jsonld,
        content: versionJsonLd(article, version, context),
      })),
  },
  {
    // One page per language version, at its URL: `x.html` for the original, `x.<lang>.html` for each translation.
    format: 'html',
    render: (article, context) =>
      pagedVersions(article, context.site).map(({ version, path }) => ({
        path,
        mediaType: MEDIA_TYPES.html,
        content: htmlPage(article, version, context),
      })),
  },
  {
    format: 'markdown',
    render: (article, { site }) => [{ path: slugPath(site, 'markdown', article), mediaType: MEDIA_TYPES.markdown, content: normalizedMarkdown(article, site) }],
  },
  {
    format: 'newsml',
    render: (article, { site, bodyHast }) => [
      { path: slugPath(site, 'newsml', article), mediaType: NEWSML_MEDIA_TYPES.item, content: newsItemDocument(newsItemTree(article, { site, bodyHast })) },
    ],
  },
  {
    format: 'ninjs',
    render: (article, { site, bodyHtml }) => [{ path: slugPath(site, 'ninjs', article), mediaType: MEDIA_TYPES.json, checkAs: 'ninjs', content: ninjsJson(article, { site, bodyHtml }) }],
  },
];

export interface RenderedArticle {
  slug: string;
  /** Outputs per format name (a format may write several files, e.g. one per language). */
  formats: Record<string, RenderedOutput[]>;
  /** All outputs, in format order. */
  outputs: RenderedOutput[];
}

/** Every per-article output, in memory. Pure: same article and options → same bytes. */
export function render(article: Article, options: RenderOptions): RenderedArticle {
  const body = articleBody(article.body.tree, article.url);
  const context: ArticleRenderContext = { ...options, bodyHtml: body.html, bodyHast: body.hast, jsonLd: new Map() };
  const formats: Record<string, RenderedOutput[]> = {};
  for (const renderer of ARTICLE_FORMATS) if (writes(options.site, renderer.format)) formats[renderer.format] = renderer.render(article, context);
  return { slug: article.slug, formats, outputs: Object.values(formats).flat() };
}

export const articleFormatNames = (): string[] => ARTICLE_FORMATS.map((renderer) => renderer.format);

/**
 * The versions whose page is in out/, each with the page's path: its URL's path under the site
 * URL. A version whose URL is on another host has no page here (`url-elsewhere`); its JSON-LD is
 * the file beside the page (`x.html` → `x.jsonld`, `x/index.html` → `x/index.jsonld`).
 */
export function pagedVersions(article: Article, site: SiteConfig): { version: LanguageVersion; path: string }[] {
  return languageVersions(article, site).flatMap((version) => {
    const path = outputPathOf(version.url, site.url);
    return path === undefined ? [] : [{ version, path }];
  });
}

/** The JSON-LD of one language version (`jsonLdText` of `versionGraph`), written once per render. */
function versionJsonLd(article: Article, version: LanguageVersion, context: ArticleRenderContext): string {
  let text = context.jsonLd.get(version.language);
  if (text === undefined) {
    text = jsonLdText(versionGraph(article, version, context));
    context.jsonLd.set(version.language, text);
  }
  return text;
}

/** The graph of one language version: the original lists its translations, a translation names its original. */
function versionGraph(article: Article, version: LanguageVersion, context: ArticleRenderContext): Graph {
  const { site, localizer } = context;
  if (version.original) {
    const translations = languageVersions(article, site).filter((other) => !other.original);
    return articleGraph(article, { site, translations: Object.fromEntries(translations.map((other) => [other.language, other.url])) });
  }
  const notice = localizer.t(version.language, 'copyright', { holder: article.rights.holder.name });
  return articleGraph(articleInVersion(article, version, notice), { site, translationOf: article.url });
}

/** hreflang set shared by every version's page: each version, then `x-default` (the first configured language present, else the original). */
export function hreflangAlternates(article: Article, site: SiteConfig): AlternateLink[] {
  const versions = languageVersions(article, site);
  const preferred = site.languages.map((language) => versions.find((version) => version.language === language)).find((version) => version !== undefined);
  const fallback = preferred ?? versions[0];
  const links = versions.map((version) => ({ hreflang: version.language, href: version.url }));
  return fallback ? [...links, { hreflang: 'x-default', href: fallback.url }] : links;
}

function htmlPage(article: Article, version: LanguageVersion, context: ArticleRenderContext): string {
  const { site } = context;
  return articlePage(article, {
    site,
    siteName: siteNameIn(version.language, site, context.feeds),
    template: context.pageTemplate,
    language: version.language,
    headline: version.headline,
    description: version.description ?? '',
    canonical: version.url,
    bodyHtml: context.bodyHtml,
    jsonLd: scriptSafeJsonText(versionJsonLd(article, version, context)),
    labels: pageLabels(article, version.language, context),
    alternates: hreflangAlternates(article, site),
  });
}

/** Labels of a page in `language`: composed from `locales/`, dates in the configured zone. */
function pageLabels(article: Article, language: string, { site, localizer }: ArticleRenderContext): PageLabels {
  const date = (iso: string): string => formatDateTime(Date.parse(iso), language, site.timeZone);
  const names = article.authors.map((person) => person.name);
  const quotes = localizer.quotes(language);
  const section = article.section === undefined ? undefined : localizer.section(article.section, article.language, language);
  return {
    byline: names.length > 0 ? localizer.t(language, 'byline', { names: formatList(names, language), credit: article.credit }) : article.credit,
    updated: article.dateModified !== article.datePublished ? localizer.t(language, 'updated', { date: date(article.dateModified) }) : '',
    published: date(article.datePublished),
    ...(section !== undefined ? { section } : {}),
    copyright: localizer.t(language, 'copyright', { holder: article.rights.holder.name }),
    originalNote: localizer.t(language, 'originalLanguage', { language: languageName(article.language, language) }),
    quoteStart: quotes.start,
    quoteEnd: quotes.end,
  };
}
