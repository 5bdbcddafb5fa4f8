import type { FeedsConfig } from '../config/feeds.js';
import type { SiteConfig } from '../config/site.js';
import type { Localizer } from '../i18n/instance.js';
import type { Diagnostic } from '../util/diagnostics.js';
import type { CompiledTemplate } from '../util/template.js';

/** Everything rendering needs besides the article: plain data and compiled templates, no I/O. */
export interface RenderOptions {
  site: SiteConfig;
  pageTemplate: CompiledTemplate;
  /** Labels, quotation marks and ellipses per language from `locales/` (one i18next instance per build). */
  localizer: Localizer;
  /** Feed channel metadata (`templates/feeds.json`, optional): defaults come from `site`. */
  feeds?: FeedsConfig;
}

/** One file of the output, in memory. */
export interface RenderedOutput {
  /** Path inside `out/`, with `/` separators. */
  path: string;
  mediaType: string;
  content: string;
}

/** What a renderer of many articles (feeds, sitemaps, batches) gives: files, and what it has to say about the articles. */
export interface CollectionResult {
  outputs: RenderedOutput[];
  diagnostics?: Diagnostic[];
}
