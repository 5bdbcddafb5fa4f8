import type { Article } from '../article/types.js';
import { renderCollections } from '../formats/collections.js';
import { articleFormatNames, render, type RenderedOutput, type RenderOptions } from '../formats/article-formats.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { articleFromBody } from './article-input.js';
import type { ServerContext } from './context.js';
import { HttpError, isJsonType, jsonResponse, readBody } from './http.js';

/** Name of the request body in diagnostics. */
export const REQUEST_FILE = '<request>';

/** Collection formats: which of the collection outputs (feeds of one article) each name picks. */
export const COLLECTION_FORMATS: Record<string, (output: RenderedOutput) => boolean> = {
  rss: (output) => output.mediaType.startsWith('application/rss+xml') || output.path.endsWith('/rss.xml'),
  atom: (output) => output.mediaType.startsWith('application/atom+xml') || output.path.endsWith('/atom.xml'),
  jsonfeed: (output) => output.mediaType.startsWith('application/feed+json') || output.path.endsWith('/feed.json'),
  sitemap: (output) => /(^|\/)[^/]*sitemap[^/]*$/.test(output.path),
};

export interface RenderedEntry extends RenderedOutput {
  /** Format name, as `?format=` takes it. */
  format: string;
}

/** Every output of one article: its per-article formats, then the collections made of it alone. Pure. */
export function renderOne(article: Article, options: RenderOptions): { outputs: RenderedEntry[]; diagnostics: Diagnostic[] } {
  const perArticle = render(article, options);
  const outputs: RenderedEntry[] = Object.entries(perArticle.formats).flatMap(([format, list]) => list.map((output) => ({ format, ...output })));
  const collections = renderCollections([article], options);
  for (const output of collections.outputs) outputs.push({ format: collectionFormat(output, perArticle.formats), ...output });
  return { outputs, diagnostics: collections.diagnostics };
}

/** `rss`, `atom`, …; otherwise the first folder (`headlines.json` → `headlines`), qualified by the file name when an article format has that name (`newsml-message`). */
function collectionFormat(output: RenderedOutput, articleFormats: Record<string, unknown>): string {
  const known = Object.entries(COLLECTION_FORMATS).find(([, matches]) => matches(output))?.[0];
  if (known) return known;
  const parts = output.path.split('/');
  const first = (parts[0] ?? 'collection').replace(/\.[^.]*$/, '');
  const name = (parts.at(-1) ?? '').replace(/\.[^.]*$/, '');
  return first in articleFormats && name !== first ? `${first}-${name}` : first;
}

/** `POST /render[?format=NAME[&lang=xx]]`: an article (markdown or JSON) → every output as JSON, or one. */
export async function handleRender(request: Request, url: URL, context: ServerContext): Promise<Response> {
  const options = await context.renderOptions();
  const format = url.searchParams.get('format');
  if (format !== null && !/^[a-z0-9-]{1,40}$/.test(format)) {
    throw unknownFormat(format, articleFormatNames());
  }
  const body = await readBody(request, context.maxBodyBytes);
  const read = articleFromBody(body, isJsonType(request.headers.get('content-type')), REQUEST_FILE);
  if (!read.input) {
    const syntax = read.diagnostics.some((item) => item.ruleId === 'request-json' || item.ruleId === 'request-encoding');
    throw new HttpError(400, syntax ? 'invalid-json' : 'invalid-article', syntax ? 'The request body is not valid JSON' : 'The request body is not a JSON article', { diagnostics: read.diagnostics });
  }
  const { article, diagnostics } = context.parse(read.input, options, REQUEST_FILE);
  const rendered = renderOne(article, options);
  const allDiagnostics = [...diagnostics, ...rendered.diagnostics];
  if (format === null) {
    return jsonResponse(200, { slug: article.slug, language: article.language, diagnostics: allDiagnostics, outputs: rendered.outputs });
  }
  const matching = rendered.outputs.filter((output) => output.format === format);
  if (matching.length === 0) {
    const available = [...new Set([...articleFormatNames(), ...rendered.outputs.map((output) => output.format)])];
    throw unknownFormat(format, available);
  }
  const language = (url.searchParams.get('lang') ?? article.language).toLowerCase();
  const chosen = matching.find((output) => pathLanguages(output.path).includes(language)) ?? matching[0]!;
  return new Response(chosen.content, {
    status: 200,
    headers: { 'content-type': chosen.mediaType, 'cache-control': 'no-store', 'x-wirekit-path': chosen.path },
  });
}

function unknownFormat(format: string, available: readonly string[]): HttpError {
  return new HttpError(400, 'unknown-format', `Unknown or unavailable format ${JSON.stringify(format)}: expected one of ${available.join(', ')}`, {
    body: { available },
  });
}

/** Language tags a path names: a folder (`feeds/en/rss.xml`) or a suffix (`slug.it.html`). */
function pathLanguages(outputPath: string): string[] {
  const parts = outputPath.toLowerCase().split('/');
  const name = parts.pop() ?? '';
  return [...parts, ...name.split('.').slice(1, -1)];
}
