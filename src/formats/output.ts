import type { Article } from '../article/types.js';
import type { FeedsConfig } from '../config/feeds.js';
import type { SiteConfig } from '../config/site.js';
import type { Localizer } from '../i18n/instance.js';
import type { ArticleHeadlinesPart } from '../i18n/report.js';
import type { ArticleFeedAnswers, FeedSelection } from './feed-items.js';
import type { Diagnostic } from '../util/diagnostics.js';
import type { CompiledTemplate } from '../util/template.js';
import type { DocumentFormat } from '../validate/types.js';

/** Everything rendering needs besides the article: plain data and compiled templates, no I/O. */
export interface RenderOptions {
  site: SiteConfig;
  pageTemplate: CompiledTemplate;
  /** Labels, quotation marks and ellipses per language from `locales/` (one i18next instance per build). */
  localizer: Localizer;
  /** Feed channel metadata (`templates/feeds.json`, optional): defaults come from `site`. */
  feeds?: FeedsConfig;
  /** `templates/home.html`: the home page of each language (none without it). */
  homeTemplate?: CompiledTemplate;
  /** `templates/static/`: files copied into out/ as they are (stylesheets, images). */
  staticFiles?: readonly RenderedOutput[];
  /** Each article's part of `headlines.json` when the build already made it (else it is made). */
  headlinesPartOf?: (article: Article) => ArticleHeadlinesPart | undefined;
  /** What the feeds make of each article when the build already worked it out (`articleFeedAnswers`; else it is). */
  feedAnswersOf?: (article: Article) => ArticleFeedAnswers | undefined;
  /** A language's feed selection when the collections share one (`withFeedSelections`; else it is made). */
  feedSelectionOf?: (language: string) => FeedSelection;
}

/** One file of the output, in memory. */
export interface RenderedOutput {
  /** Path inside `out/`, with `/` separators. */
  path: string;
  mediaType: string;
  content: string;
  /** The format the build's check reads it as, when its media type does not say (ninjs, the news sitemap). */
  checkAs?: DocumentFormat;
}

/** What a renderer of many articles (feeds, sitemaps, batches) gives: files, and what it has to say about the articles. */
export interface CollectionResult {
  outputs: RenderedOutput[];
  diagnostics?: Diagnostic[];
}
