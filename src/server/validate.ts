import { parseArticle } from '../article/parse.js';
import { hasErrors, type Diagnostic } from '../util/diagnostics.js';
import { FORMAT_NAMES, validateDocument } from '../validate/index.js';
import type { DocumentFormat } from '../validate/types.js';
import { articleFromBody } from './article-input.js';
import type { ServerContext } from './context.js';
import { HttpError, isJsonType, jsonResponse, readBody } from './http.js';
import { REQUEST_FILE } from './render.js';

/**
 * `POST /validate[?format=NAME]`: a document → `200 { valid, format, diagnostics }`; a document
 * with problems is an answer, not a bad request. An article (markdown with front matter, or
 * `?format=article` for a JSON article) gets the parser's diagnostics; anything else goes to the
 * validator (`src/validate`), which detects RSS, Atom, JSON Feed, JSON-LD, HTML, NewsML-G2, ninjs
 * and news sitemaps, or checks the `?format=` given. Official schemas come from the config's
 * `schemas` folder (else WIREKIT_SCHEMAS); without them the built-in rules run and say so.
 */
export const VALIDATE_FORMATS = ['article', ...(Object.keys(FORMAT_NAMES) as DocumentFormat[])] as const;

export async function handleValidate(request: Request, url: URL, context: ServerContext): Promise<Response> {
  const format = url.searchParams.get('format');
  if (format !== null && !(VALIDATE_FORMATS as readonly string[]).includes(format)) {
    throw new HttpError(400, 'unknown-format', `Unknown format ${JSON.stringify(format)}: expected one of ${VALIDATE_FORMATS.join(', ')}`, { body: { available: VALIDATE_FORMATS } });
  }
  const body = await readBody(request, context.maxBodyBytes);
  const contentType = request.headers.get('content-type');
  const result = isArticle(body, contentType, format) ? await checkArticle(body, contentType, context) : await checkDocument(body, format as DocumentFormat | null, context);
  return jsonResponse(200, { valid: !hasErrors(result.diagnostics), format: result.format ?? null, diagnostics: result.diagnostics });
}

function isArticle(body: Uint8Array, contentType: string | null, format: string | null): boolean {
  if (format !== null) return format === 'article';
  if (/^text\/markdown\b/i.test(contentType ?? '')) return true;
  return /^(\uFEFF)?---\r?\n/.test(Buffer.from(body.subarray(0, 8)).toString('utf8'));
}

async function checkArticle(body: Uint8Array, contentType: string | null, context: ServerContext): Promise<{ format: string; diagnostics: Diagnostic[] }> {
  const options = await context.renderOptions();
  const read = articleFromBody(body, isJsonType(contentType), REQUEST_FILE);
  if (!read.input) return { format: 'article', diagnostics: read.diagnostics };
  const result = parseArticle(read.input.source, { path: REQUEST_FILE, site: options.site });
  return { format: 'article', diagnostics: read.input.remap(result.diagnostics) };
}

async function checkDocument(body: Uint8Array, format: DocumentFormat | null, context: ServerContext): Promise<{ format?: string; diagnostics: Diagnostic[] }> {
  const { schemas } = await context.paths();
  const report = await validateDocument(body, {
    file: REQUEST_FILE,
    ...(schemas !== undefined ? { schemasDir: schemas } : {}),
    ...(format !== null ? { format } : {}),
  });
  return { ...(report.format !== undefined ? { format: report.format } : {}), diagnostics: report.diagnostics };
}
