import type { Diagnostic } from '../util/diagnostics.js';

/** Formats `wirekit validate` knows. */
export type DocumentFormat = 'rss' | 'atom' | 'jsonfeed' | 'jsonld' | 'newsml-item' | 'newsml-message' | 'ninjs' | 'news-sitemap' | 'html';

export interface CheckOptions {
  /** Path shown in diagnostics. */
  file: string;
  /** Folder holding the official schemas (layout of ../shared/specs); absent → built-in checks only, said in an info diagnostic. */
  schemasDir?: string;
}

/** One format's checker: text in, diagnostics out (never throws on bad input). */
export type Checker = (text: string, options: CheckOptions) => Promise<Diagnostic[]>;
