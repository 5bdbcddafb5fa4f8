import type { Article } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { bodyHtml } from '../formats/body-html.js';
import { articlePage, type AlternateLink, type PageLabels } from '../formats/html.js';
import { articleGraph, jsonLdText, scriptSafeJson } from '../formats/jsonld.js';
import { normalizedMarkdown } from '../formats/markdown.js';
import type { CompiledTemplate } from '../util/template.js';

/** Everything rendering needs besides the article: plain data and compiled templates, no I/O. */
export interface RenderOptions {
  site: SiteConfig;
  pageTemplate: CompiledTemplate;
}

export interface RenderedOutput {
  /** Path inside `out/`, with `/` separators. */
  path: string;
  mediaType: string;
  content: string;
}

/** What every per-article renderer gets: the options plus results shared between formats. */
export interface ArticleRenderContext extends RenderOptions {
  /** Sanitized body HTML with absolute URLs (computed once per article). */
  bodyHtml: string;
}

/**
 * A per-article output format. Add one by appending to `ARTICLE_FORMATS`; `render` and the build
 * pick it up. `format` names it in the API and the CLI (`wirekit render --format`).
 */
export interface ArticleFormatRenderer {
  format: string;
  render(article: Article, context: ArticleRenderContext): RenderedOutput[];
}

export const MEDIA_TYPES = {
  jsonld: 'application/ld+json',
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
} as const;

export const articleBasePath = (article: Article): string => `articles/${article.slug}`;

export const ARTICLE_FORMATS: ArticleFormatRenderer[] = [
  {
    format: 'jsonld',
    render: (article, { site }) => [
      { path: `${articleBasePath(article)}.jsonld`, mediaType: MEDIA_TYPES.jsonld, content: jsonLdText(articleGraph(article, { site })) },
    ],
  },
  {
    format: 'html',
    render: (article, context) => [{ path: `${articleBasePath(article)}.html`, mediaType: MEDIA_TYPES.html, content: htmlPage(article, context) }],
  },
  {
    format: 'markdown',
    render: (article, { site }) => [{ path: `${articleBasePath(article)}.md`, mediaType: MEDIA_TYPES.markdown, content: normalizedMarkdown(article, site) }],
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
  const context: ArticleRenderContext = { ...options, bodyHtml: bodyHtml(article.body.tree, article.url) };
  const formats: Record<string, RenderedOutput[]> = {};
  for (const renderer of ARTICLE_FORMATS) formats[renderer.format] = renderer.render(article, context);
  return { slug: article.slug, formats, outputs: Object.values(formats).flat() };
}

export const articleFormatNames = (): string[] => ARTICLE_FORMATS.map((renderer) => renderer.format);

function htmlPage(article: Article, context: ArticleRenderContext): string {
  const { site } = context;
  const alternates: AlternateLink[] = [
    { hreflang: article.language, href: article.url },
    { hreflang: 'x-default', href: article.url },
  ];
  return articlePage(article, {
    site,
    template: context.pageTemplate,
    language: article.language,
    headline: article.headline,
    description: article.description,
    canonical: article.url,
    bodyHtml: context.bodyHtml,
    jsonLd: scriptSafeJson(articleGraph(article, { site })),
    labels: englishLabels(article, site),
    alternates,
  });
}

function englishLabels(article: Article, site: SiteConfig): PageLabels {
  const format = new Intl.DateTimeFormat(article.language, { dateStyle: 'long', timeStyle: 'short', timeZone: site.timeZone });
  const published = format.format(Date.parse(article.datePublished));
  const updated = article.dateModified !== article.datePublished ? `Updated ${format.format(Date.parse(article.dateModified))}` : '';
  const names = article.authors.map((person) => person.name);
  return { byline: names.length > 0 ? `By ${names.join(', ')} (${article.credit})` : article.credit, updated, published };
}
