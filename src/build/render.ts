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

export type ArticleFormat = 'jsonld' | 'html' | 'markdown';

export interface RenderedArticle {
  slug: string;
  outputs: Record<ArticleFormat, RenderedOutput>;
}

export const MEDIA_TYPES = {
  jsonld: 'application/ld+json',
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
} as const satisfies Record<ArticleFormat, string>;

/** Every per-article output, in memory. Pure: same article and options → same bytes. */
export function render(article: Article, options: RenderOptions): RenderedArticle {
  const { site } = options;
  const graph = articleGraph(article, { site });
  const html = bodyHtml(article.body.tree, article.url);
  const alternates: AlternateLink[] = [
    { hreflang: article.language, href: article.url },
    { hreflang: 'x-default', href: article.url },
  ];
  const page = articlePage(article, {
    site,
    template: options.pageTemplate,
    language: article.language,
    headline: article.headline,
    description: article.description,
    canonical: article.url,
    bodyHtml: html,
    jsonLd: scriptSafeJson(graph),
    labels: englishLabels(article, site),
    alternates,
  });
  const base = `articles/${article.slug}`;
  return {
    slug: article.slug,
    outputs: {
      jsonld: { path: `${base}.jsonld`, mediaType: MEDIA_TYPES.jsonld, content: jsonLdText(graph) },
      html: { path: `${base}.html`, mediaType: MEDIA_TYPES.html, content: page },
      markdown: { path: `${base}.md`, mediaType: MEDIA_TYPES.markdown, content: normalizedMarkdown(article, site) },
    },
  };
}

function englishLabels(article: Article, site: SiteConfig): PageLabels {
  const format = new Intl.DateTimeFormat(article.language, { dateStyle: 'long', timeStyle: 'short', timeZone: site.timeZone });
  const published = format.format(Date.parse(article.datePublished));
  const updated = article.dateModified !== article.datePublished ? `Updated ${format.format(Date.parse(article.dateModified))}` : '';
  const names = article.authors.map((person) => person.name);
  return { byline: names.length > 0 ? `By ${names.join(', ')} (${article.credit})` : article.credit, updated, published };
}
