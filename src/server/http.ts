import type { Diagnostic } from '../util/diagnostics.js';

/** Small web-standard helpers: JSON answers, errors as data, bounded body reading. */

export const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { status, headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...headers } });
}

/** What every error answer carries: a stable code, a sentence, and positioned diagnostics when there are some. */
export interface ErrorBody {
  status: number;
  error: string;
  message: string;
  diagnostics?: Diagnostic[];
  [extra: string]: unknown;
}

/** A request that cannot be served, as data: thrown inside routes, turned into a JSON answer by the handler. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { diagnostics?: Diagnostic[]; headers?: Record<string, string>; body?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(error: HttpError): ErrorBody {
  const body: ErrorBody = { status: error.status, error: error.code, message: error.message, ...error.extra.body };
  if (error.extra.diagnostics) body.diagnostics = error.extra.diagnostics;
  return body;
}

export function errorResponse(error: HttpError): Response {
  return jsonResponse(error.status, errorBody(error), error.extra.headers);
}

export const methodNotAllowed = (method: string, path: string, allow: readonly string[]): HttpError =>
  new HttpError(405, 'method-not-allowed', `${method} is not allowed on ${path}: expected ${allow.join(' or ')}`, { headers: { allow: allow.join(', ') } });

/**
 * The request body, at most `limit` bytes: a declared `Content-Length` over the limit is refused
 * before reading, and a body that turns out longer is cut off (413 either way).
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = (): HttpError =>
    new HttpError(413, 'body-too-large', `The request body is larger than the limit of ${limit} bytes`, { headers: { connection: 'close' }, body: { limit } });
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** `application/json`, `application/ld+json`, `…+json`: the body is JSON. */
export function isJsonType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}
