import type { Diagnostic } from '../util/diagnostics.js';

/** Formats `wirekit validate` knows. */
export type DocumentFormat = 'rss' | 'atom' | 'jsonfeed' | 'jsonld' | 'newsml-item' | 'newsml-message' | 'ninjs' | 'news-sitemap' | 'html';

export interface CheckOptions {
  /** Path shown in diagnostics. */
  file: string;
  /** Folder holding the official schemas (layout of ../shared/specs); absent → built-in checks only, said in an info diagnostic. */
  schemasDir?: string;
  /** The text is wirekit's own serialization (`JSON.stringify`): see `quickJson` in json.ts. */
  serialized?: boolean;
}

/** One format's checker: text in, diagnostics out (never throws on bad input). */
export type Checker = (text: string, options: CheckOptions) => Promise<Diagnostic[]>;
