import { GENERATOR } from '../util/package.js';
import { ServerContext, type HandlerOptions } from './context.js';
import { errorResponse, HttpError, jsonResponse, methodNotAllowed } from './http.js';
import { handleRender } from './render.js';
import { handleValidate } from './validate.js';
import { handlePublishHook } from './webhook.js';

/**
 * The wirekit HTTP API as a web-standard handler: `Request → Promise<Response>`. Mount it in any
 * server that speaks Fetch-API requests (Node via `wirekit serve`, Hono, Deno, Bun, workers with
 * file access). It never throws and never sends a stack trace: errors are JSON
 * `{ status, error, message, diagnostics? }`.
 */
export interface WirekitHandler {
  (request: Request): Promise<Response>;
  /** Resolves when no publish event is queued or running (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** After `idle`: closes the delivery log (and gives back its lock). */
  close(): Promise<void>;
  /**
   * Get ready for publishes: load the build cache when it matches out/, else queue a full build
   * now (`wirekit serve` calls it before listening). Never rejects.
   */
  warm(): Promise<void>;
}

interface Route {
  methods: readonly string[];
  handle(request: Request, url: URL, context: ServerContext): Promise<Response>;
}

const ROUTES: Record<string, Route> = {
  '/render': { methods: ['POST'], handle: (request, url, context) => handleRender(request, url, context) },
  '/validate': { methods: ['POST'], handle: (request, url, context) => handleValidate(request, url, context) },
  '/hooks/publish': { methods: ['POST'], handle: (request, _url, context) => handlePublishHook(request, context) },
  '/healthz': { methods: ['GET', 'HEAD'], handle: (_request, _url, context) => health(context) },
  '/': { methods: ['GET', 'HEAD'], handle: () => Promise.resolve(jsonResponse(200, INDEX)) },
};

const INDEX = {
  name: GENERATOR.label,
  routes: {
    'POST /render': 'an article (markdown with front matter, or JSON) → every output as JSON; ?format=NAME → that output',
    'POST /validate': 'a document (feed, JSON-LD, NewsML-G2, ninjs, sitemap, HTML, article) → { valid, format, diagnostics }',
    'POST /hooks/publish': 'signed CMS publish/unpublish event',
    'GET /healthz': 'liveness and build status',
    'GET /<path>': 'a file of the current build (see /manifest.json)',
  },
};

export function createHandler(options: HandlerOptions = {}): WirekitHandler {
  const context = new ServerContext(options);
  const handler = async (request: Request): Promise<Response> => {
    let response: Response;
    try {
      response = await route(request, context);
    } catch (error) {
      if (error instanceof HttpError) response = errorResponse(error);
      else {
        context.log(`wirekit serve: internal error on ${request.method} ${safePath(request.url)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        response = errorResponse(new HttpError(500, 'internal', 'Internal error: the request could not be handled'));
      }
    }
    return request.method === 'HEAD' && response.body !== null ? new Response(null, { status: response.status, headers: response.headers }) : response;
  };
  const warm = (): Promise<void> =>
    context.warm().catch((error: unknown) => context.log(`wirekit serve: could not get ready at start (${error instanceof Error ? error.message : String(error)}); the first publish builds`));
  return Object.assign(handler, { idle: () => context.queue.idle(), close: () => context.close(), warm });
}

async function route(request: Request, context: ServerContext): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new HttpError(400, 'bad-url', 'The request URL cannot be parsed');
  }
  const known = ROUTES[url.pathname];
  // A site built for the server's root (`--base-url http://127.0.0.1:8787/`) has its home page at `/`.
  if (url.pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
    const home = await (await context.buildFiles()).respond(request, '/');
    // A site below `/` (`/english/`): browsers are sent there, API clients get the route index.
    if (home && (home.status !== 308 || (request.headers.get('accept') ?? '').includes('text/html'))) return home;
  }
  if (known) {
    if (!known.methods.includes(request.method)) throw methodNotAllowed(request.method, url.pathname, known.methods);
    return known.handle(request, url, context);
  }
  const files = await context.buildFiles();
  const isRead = request.method === 'GET' || request.method === 'HEAD';
  const served = await files.respond(isRead ? request : new Request(request.url, { method: 'HEAD' }), url.pathname);
  if (!served) throw new HttpError(404, 'not-found', `Nothing at ${JSON.stringify(url.pathname)}: not an API route nor a file of the current build`);
  if (!isRead) throw methodNotAllowed(request.method, url.pathname, ['GET', 'HEAD']);
  return served;
}

async function health(context: ServerContext): Promise<Response> {
  const loaded = await context.loadedProject();
  const manifest = await (await context.buildFiles()).manifest();
  const ok = loaded.render !== undefined;
  return jsonResponse(ok ? 200 : 503, {
    status: ok ? 'ok' : 'project-invalid',
    generator: GENERATOR.label,
    build: manifest ? { baseUrl: manifest.baseUrl, sitePath: manifest.basePath, files: manifest.files.size, manifestSha256: manifest.sha256, lastModified: new Date(manifest.lastModified).toISOString() } : null,
    queue: context.queue.pending,
    webhook: context.webhookState().state,
    webhookSchemes: context.webhookState().schemes,
    ...(ok ? {} : { diagnostics: loaded.diagnostics.filter((item) => item.severity === 'error') }),
  });
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '<bad url>';
  }
}
