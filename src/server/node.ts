import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HandlerOptions } from './context.js';
import { createHandler, type WirekitHandler } from './handler.js';

/** `wirekit serve`: the web-standard handler behind node:http, with timeouts so a slow client cannot hold the server. */
export interface ServeOptions extends HandlerOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Whole request (headers and body) must arrive within this (default 30 s), else 408. */
  requestTimeoutMs?: number;
  /** Headers must arrive within this (default 10 s). */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** How often timeouts are checked (default 1 s). */
  connectionsCheckingIntervalMs?: number;
  /** Load the build cache (or build out/) at start, not at the first publish (default true). */
  warm?: boolean;
}

export interface RunningServer {
  server: Server;
  /** `http://host:port` */
  url: string;
  handler: WirekitHandler;
  /** Stop accepting connections, let queued publishes finish, close. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;

export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const handler = createHandler(options);
  // Ready before listening: the build cache loaded (or a full build queued), so the first
  // publish is answered as quickly as the later ones.
  if (options.warm !== false) await handler.warm();
  const server = createServer(
    {
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      connectionsCheckingInterval: options.connectionsCheckingIntervalMs ?? 1_000,
    },
    nodeListener(handler, options.log),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    handler,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await handler.idle();
      await handler.close();
      await closed;
    },
  };
}

/** node:http request → web `Request` → handler → node:http response. */
export function nodeListener(handler: (request: Request) => Promise<Response>, log: (line: string) => void = () => {}): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void respond(req, res, handler).catch((error: unknown) => {
      log(`wirekit serve: cannot answer ${req.method ?? '?'} request: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end('{"status":500,"error":"internal","message":"Internal error: the request could not be handled"}\n');
      } else {
        res.destroy();
      }
    });
  };
}

async function respond(req: IncomingMessage, res: ServerResponse, handler: (request: Request) => Promise<Response>): Promise<void> {
  const method = req.method ?? 'GET';
  const target = req.url ?? '/';
  let url: URL;
  try {
    // Origin-form (`/path`) is appended to a fixed origin, so `//host/x` stays a path.
    url = target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
  } catch {
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"status":400,"error":"bad-url","message":"The request URL cannot be parsed"}\n');
    return;
  }
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const request = new Request(url, hasBody ? { method, headers, body: bodyStream(req), duplex: 'half' } : { method, headers });
  const response = await handler(request);
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  const body = method === 'HEAD' || response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  if (!req.complete && !req.readableEnded) {
    // The body was refused before it was read (413, 401…): answer, then close the connection
    // instead of reading the rest.
    res.setHeader('connection', 'close');
  }
  res.end(body);
}

/**
 * The request body as a web stream with backpressure. Cancelling it (a body over the size
 * limit) discards the rest instead of destroying the socket, so the error answer still gets out.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        if (!cancelled) controller.close();
      });
      req.on('error', (error) => {
        if (!cancelled) controller.error(error);
      });
      req.on('close', () => {
        if (!cancelled && !req.complete) {
          cancelled = true;
          controller.error(new Error('the client closed the connection before the body ended'));
        }
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.resume();
    },
  }, { highWaterMark: 4 });
}
