import { readFileSync } from 'node:fs';
import { sha256 } from '../util/hash.js';
import { parseArticle } from '../article/parse.js';
import type { Article } from '../article/types.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { checkOutputs, type OutputCheckOptions } from './check.js';
import { render, type RenderedOutput, type RenderOptions } from '../formats/article-formats.js';
import type { ManifestEntry } from './write.js';
import type { ArticleHeadlinesPart } from '../i18n/report.js';
import type { ArticleSummary } from './summary.js';
import { articleLinks, type ArticleLinks } from './links.js';

/** One article file as read from disk. */
export interface Source {
  /** Absolute path. */
  file: string;
  /** Path as diagnostics show it (relative to the working directory). */
  shown: string;
  bytes: Uint8Array;
}

/** What one source becomes: the article, its per-article outputs, and what was said about it. */
export interface ProcessedArticle {
  file: string;
  shown: string;
  /** sha256 of the source bytes: the key of the incremental cache. */
  hash: string;
  article?: Article;
  /** The outputs, unless a worker already wrote them to the stage (then only `entries`). */
  outputs: RenderedOutput[];
  /** Set when the outputs were written to the stage folder: what they hashed to. */
  entries?: ManifestEntry[];
  /** Set instead of `article` by a worker: the article without its body's tree and text. */
  summary?: ArticleSummary;
  /** What the build's link check needs of the article (`links.ts`). */
  links?: ArticleLinks;
  /** The article's part of `headlines.json`, when a worker made it. */
  headlines?: ArticleHeadlinesPart;
  diagnostics: Diagnostic[];
}

/** Parse, render and check one source. Runs in the main thread or in a worker. */
export async function processSource(source: Source, options: RenderOptions, check: OutputCheckOptions = {}): Promise<ProcessedArticle> {
  const hash = sha256(source.bytes);
  const base = { file: source.file, shown: source.shown, hash };
  try {
    const parsed = parseArticle(source.bytes, { path: source.shown, site: options.site });
    if (!parsed.article) return { ...base, outputs: [], diagnostics: parsed.diagnostics };
    const outputs = render(parsed.article, options).outputs;
    const problems = await checkOutputs(outputs, check);
    const { links, diagnostics: linkProblems } = articleLinks(outputs, parsed.editorLinks ?? [], options.site);
    return { ...base, article: parsed.article, outputs, links, diagnostics: [...parsed.diagnostics, ...problems, ...linkProblems] };
  } catch (error) {
    // Every known way an input can make a library throw is a diagnostic of its own; should another
    // turn up, the build still names the file and fails with exit 1, `out/` untouched.
    if (process.env['WIREKIT_DEBUG']) throw error;
    return { ...base, outputs: [], diagnostics: [unprocessable(source.shown, error)] };
  }
}

/** An exception while processing one article, as an error on that file (a wirekit bug: say so). */
export function unprocessable(shown: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
  return {
    file: shown,
    line: 1,
    column: 1,
    severity: 'error',
    ruleId: 'article-unprocessable',
    message: `wirekit could not process this article: ${reason} (a wirekit bug: please report it with this file)`,
    expected: 'an article wirekit can process',
    actual: reason,
  };
}

/**
 * Process several files, handing each result to `onResult` in order, each as soon as it is done:
 * held back, a batch's outputs outlived the young generation and a one-thread 10,000-article build
 * peaked at 1.2 GB instead of 0.8. (The NewsML-G2 XSD runs per item: its compiled schema is reused.)
 */
export async function processFiles(
  files: readonly { file: string; shown: string; bytes?: Uint8Array }[],
  options: RenderOptions,
  check: OutputCheckOptions,
  onResult: (result: ProcessedArticle) => Promise<void>,
): Promise<void> {
  for (const { file, shown, bytes } of files) await onResult(await processFile(file, shown, options, check, bytes));
}

/** Read then process one file; a file that cannot be read becomes an error diagnostic, not a crash. */
export async function processFile(file: string, shown: string, options: RenderOptions, check: OutputCheckOptions = {}, bytes?: Uint8Array): Promise<ProcessedArticle> {
  let source = bytes;
  if (source === undefined) {
    try {
      // Synchronous: an article is a few KB, and the promise version's thread-pool round trips
      // (open, stat, read, close) measured ~0.7 ms a file, idle, in a build profile.
      source = readFileSync(file);
    } catch (error) {
      return { file, shown, hash: '', outputs: [], diagnostics: [readError(shown, error)] };
    }
  }
  return processSource({ file, shown, bytes: source }, options, check);
}

export function readError(shown: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return { file: shown, severity: 'error', ruleId: 'read', message: `Cannot read the article (${code})`, expected: 'a readable UTF-8 file', actual: code };
}
