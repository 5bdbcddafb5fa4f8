import type { Diagnostic } from '../util/diagnostics.js';
import { validate } from '../validate/index.js';
import { FEED_MEDIA_TYPES } from '../formats/feeds.js';
import { NEWSML_MEDIA_TYPES } from '../formats/newsml.js';
import type { DocumentFormat } from '../validate/types.js';
import { MEDIA_TYPES, type RenderedOutput } from '../formats/article-formats.js';

/**
 * The build's check of what it is about to write: every output goes through here before it
 * reaches `out/`, and an error fails the build. The validator (`src/validate/`) plugs in here.
 */
export interface OutputCheckOptions {
  /** Folder with the official schemas, when available. */
  schemasDir?: string;
}

/** The format of an output whose media type or place says it (no need to sniff the content). */
export function outputFormat(output: RenderedOutput): DocumentFormat | undefined {
  if (output.mediaType === MEDIA_TYPES.jsonld) return 'jsonld';
  if (output.mediaType === MEDIA_TYPES.html) return 'html';
  if (output.mediaType === NEWSML_MEDIA_TYPES.item) return 'newsml-item';
  if (output.mediaType === NEWSML_MEDIA_TYPES.message) return 'newsml-message';
  if (output.checkAs !== undefined) return output.checkAs;
  if (output.mediaType === FEED_MEDIA_TYPES.rss) return 'rss';
  if (output.mediaType === FEED_MEDIA_TYPES.atom) return 'atom';
  if (output.mediaType === FEED_MEDIA_TYPES.json) return 'jsonfeed';
  return undefined;
}

export async function checkOutputs(outputs: readonly RenderedOutput[], options: OutputCheckOptions = {}): Promise<Diagnostic[]> {
  // Every output of a format wirekit validates (feeds, JSON-LD, HTML pages, NewsML-G2, ninjs,
  // sitemap), known by its media type; markdown, headlines.json and manifests are skipped (a test
  // checks that no other output is of a format detection knows). Each is checked as the file it
  // becomes: its UTF-8 bytes (what the writer encodes), decoded as `wirekit validate` decodes a file.
  // "Official schema skipped" notes are info here.
  const documents = outputs.flatMap((output) => {
    const format = outputFormat(output);
    return format ? [{ path: `out/${output.path}`, content: Buffer.from(output.content, 'utf8'), format }] : [];
  });
  if (documents.length === 0) return [];
  const result = await validate(documents, {
    ...(options.schemasDir !== undefined ? { schemasDir: options.schemasDir } : {}),
    skippedSeverity: 'info',
    unknownFormat: 'skip',
  });
  return result.diagnostics;
}

/**
 * Load and compile what checking the collections needs but the articles did not (the JSON Feed
 * schema, with Ajv: ~0.1 s), and the NewsML-G2 XSD for the message (~0.2 s, when this worker has
 * rendered no article), so the worker kept for that check does it before it is asked.
 */
export async function prepareCollectionChecks(options: OutputCheckOptions = {}): Promise<void> {
  (await import('../validate/jsonfeed.js')).prepareJsonFeedChecks();
  const { loadNewsmlSchemas, schemasFolder } = await import('../validate/xsd.js');
  // A folder without the XSD is reported when the message is checked, not here.
  await loadNewsmlSchemas(schemasFolder(options.schemasDir)).catch(() => undefined);
}
