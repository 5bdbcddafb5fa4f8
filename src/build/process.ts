import { readFileSync } from 'node:fs';
import { sha256 } from '../util/hash.js';
import { parseArticle } from '../article/parse.js';
import type { Article } from '../article/types.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { checkOutputs, type OutputCheckOptions } from './check.js';
import { render, type RenderedOutput, type RenderOptions } from './render.js';
import type { ManifestEntry } from './write.js';
import { NEWSML_MEDIA_TYPES } from '../formats/newsml.js';
import { newsmlSchemasReadable, newsmlXsdBatch } from '../validate/newsml.js';
import type { ArticleHeadlinesPart } from '../i18n/report.js';
import type { ArticleSummary } from './summary.js';

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
  /** The article's part of `headlines.json`, when a worker made it. */
  headlines?: ArticleHeadlinesPart;
  diagnostics: Diagnostic[];
}

/** Parse, render and check one source. Runs in the main thread or in a worker. */
export async function processSource(source: Source, options: RenderOptions, check: OutputCheckOptions = {}): Promise<ProcessedArticle> {
  const hash = sha256(source.bytes);
  const parsed = parseArticle(source.bytes, { path: source.shown, site: options.site });
  const base = { file: source.file, shown: source.shown, hash };
  if (!parsed.article) return { ...base, outputs: [], diagnostics: parsed.diagnostics };
  const outputs = render(parsed.article, options).outputs;
  const problems = await checkOutputs(outputs, check);
  return { ...base, article: parsed.article, outputs, diagnostics: [...parsed.diagnostics, ...problems] };
}

/**
 * Process several files, handing each result to `onResult` in order. With the official schemas,
 * their NewsML-G2 items are validated against the XSD in one xmllint call after the other checks
 * (one call per article took ~125 ms, most of it compiling the schema), so results wait for the
 * batch; without, each goes on at once: held back, a batch's outputs outlived the young
 * generation and a one-thread 10,000-article build peaked at 1.2 GB instead of 0.8.
 * Items that are not well-formed are left out of the XSD (the built-in rules said so).
 */
export async function processFiles(
  files: readonly { file: string; shown: string; bytes?: Uint8Array }[],
  options: RenderOptions,
  check: OutputCheckOptions,
  onResult: (result: ProcessedArticle) => Promise<void>,
): Promise<void> {
  const { schemasDir } = check;
  const batched = schemasDir !== undefined && files.length > 1 && (await newsmlSchemasReadable(schemasDir));
  if (!batched) {
    for (const { file, shown, bytes } of files) await onResult(await processFile(file, shown, options, check, bytes));
    return;
  }
  const results: ProcessedArticle[] = [];
  for (const { file, shown, bytes } of files) results.push(await processFile(file, shown, options, { ...check, deferXsd: true }, bytes));
  const items = results.flatMap((result) =>
    result.diagnostics.some((item) => item.ruleId === 'xml-well-formed')
      ? []
      : result.outputs.filter((output) => output.mediaType === NEWSML_MEDIA_TYPES.item).map((output) => ({ result, document: { file: `out/${output.path}`, text: output.content } })),
  );
  const found = await newsmlXsdBatch(items.map((item) => item.document), schemasDir);
  items.forEach((item, index) => item.result.diagnostics.push(...(found[index] ?? [])));
  for (const result of results) await onResult(result);
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
