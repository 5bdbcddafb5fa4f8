import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/article/parse.js';
import { loadProject } from '../src/build/project.js';
import { articleFormatNames, render, type RenderOptions } from '../src/formats/article-formats.js';
import { createHandler } from '../src/server/handler.js';
import { serve, type RunningServer } from '../src/server/node.js';
import { renderOne } from '../src/server/render.js';
import { articleSource, REPO, runCli } from './helpers.js';
import { rawRequest, tempProject } from './server-helpers.js';

let server: RunningServer;
let root: string;
let cleanup: () => Promise<void>;
let options: RenderOptions;
const LIMIT = 64 * 1024;

beforeAll(async () => {
  ({ root, cleanup } = await tempProject());
  const loaded = await loadProject({ root });
  if (!loaded.render) throw new Error('project does not load');
  options = loaded.render;
  server = await serve({
    root,
    port: 0,
    webhookSecret: 'not-used-in-these-tests',
    maxBodyBytes: LIMIT,
  });
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

const post = (route: string, body: string | Uint8Array, contentType = 'text/markdown; charset=utf-8'): Promise<Response> =>
  fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': contentType }, body });

/** The article the server should have parsed from `source`, and its outputs rendered by the library. */
function expected(source: string) {
  const result = parseArticle(source, { path: '<request>', site: options.site });
  if (!result.article) throw new Error(JSON.stringify(result.diagnostics));
  return { article: result.article, rendered: renderOne(result.article, options) };
}

interface ErrorJson {
  status: number;
  error: string;
  message: string;
  diagnostics?: { file: string; line?: number; column?: number; ruleId: string; field?: string; message: string }[];
  available?: string[];
}

describe('POST /render', () => {
  it('renders markdown with front matter to every output, byte for byte as the library does', async () => {
    const source = articleSource({ slug: 'server-render', headline: 'Server renders a story' });
    const response = await post('/render', source);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = (await response.json()) as { slug: string; outputs: { format: string; path: string; mediaType: string; content: string }[] };
    const { article, rendered } = expected(source);
    expect(json.slug).toBe('server-render');
    expect(json.outputs).toEqual(rendered.outputs);
    for (const format of articleFormatNames()) expect(json.outputs.some((output) => output.format === format)).toBe(true);
    expect(json.outputs.filter((output) => output.path.startsWith('news/')).map((output) => output.content)).toEqual(
      render(article, options).outputs.filter((output) => output.path.startsWith('news/')).map((output) => output.content),
    );
  });

  it('takes a JSON article (front-matter fields + markdown body) and gives the same outputs as the markdown', async () => {
    const markdown = articleSource({ slug: 'json-story', headline: 'A JSON story' });
    const json = {
      slug: 'json-story',
      language: 'en',
      headline: 'A JSON story',
      description: 'A test standfirst.',
      datePublished: '2025-02-13T10:32:00+01:00',
      body: 'First paragraph of the story.\n\nCopyright © ANSA\n',
    };
    const [fromMarkdown, fromJson] = await Promise.all([post('/render', markdown), post('/render', JSON.stringify(json), 'application/json')]);
    expect(fromJson.status).toBe(200);
    const a = (await fromMarkdown.json()) as { outputs: unknown[] };
    const b = (await fromJson.json()) as { outputs: unknown[] };
    expect(b.outputs).toEqual(a.outputs);
  });

  it('answers one format with its media type', async () => {
    const source = articleSource({ slug: 'one-format' });
    const { rendered } = expected(source);
    for (const [format, mediaType] of [
      ['jsonld', 'application/ld+json'],
      ['html', 'text/html'],
    ] as const) {
      const response = await post(`/render?format=${format}`, source);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(mediaType);
      const output = rendered.outputs.find((item) => item.format === format)!;
      expect(await response.text()).toBe(output.content);
      expect(response.headers.get('x-wirekit-path')).toBe(output.path);
    }
  });

  it('renders a one-item feed for collection formats, or says which formats exist', async () => {
    const source = articleSource({ slug: 'feed-story' });
    const { rendered } = expected(source);
    const mediaTypes: Record<string, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml', jsonfeed: 'application/feed+json', newsml: 'xml', ninjs: 'json' };
    for (const format of Object.keys(mediaTypes)) {
      const response = await post(`/render?format=${format}`, source);
      const outputs = rendered.outputs.filter((output) => output.format === format);
      if (outputs.length > 0) {
        expect(response.status, format).toBe(200);
        expect(response.headers.get('content-type')).toContain(mediaTypes[format]);
        expect(outputs.map((output) => output.content)).toContain(await response.text());
        if (['rss', 'atom', 'jsonfeed'].includes(format)) expect(response.headers.get('x-wirekit-path')).toContain('/en/');
      } else {
        expect(response.status, format).toBe(400);
        const body = (await response.json()) as ErrorJson;
        expect(body.error).toBe('unknown-format');
        expect(body.available).toContain('jsonld');
      }
    }
  });

  it('refuses an unknown format with 400 naming the available ones', async () => {
    const response = await post('/render?format=pdf', articleSource());
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorJson;
    expect(body).toMatchObject({ status: 400, error: 'unknown-format' });
    expect(body.message).toContain('"pdf"');
    expect(body.available).toEqual(expect.arrayContaining(['jsonld', 'html']));
  });

  it('answers malformed front matter with 400 and the same positioned diagnostics as the CLI', async () => {
    const source = articleSource({ datePublished: 'yesterday', headline: '[unclosed' });
    const response = await post('/render', source);
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorJson;
    expect(body.error).toBe('invalid-article');
    expect(body.diagnostics!.length).toBeGreaterThan(0);
    const file = path.join(root, 'bad.md');
    await writeFile(file, source);
    const cli = await runCli(['check', '--json', '--root', root, file]);
    expect(cli.code).toBe(1);
    const fromCli = (JSON.parse(cli.stdout) as ErrorJson['diagnostics'])!.map((item) => ({ ...item, file: '<request>' }));
    expect(body.diagnostics).toEqual(fromCli);
    expect(body.diagnostics![0]).toMatchObject({ file: '<request>', line: expect.any(Number), column: expect.any(Number) });
  });

  it('answers malformed JSON with 400 and the line:column of the mistake', async () => {
    const response = await post('/render', '{\n  "slug": "x",\n  "headline": tru\n}', 'application/json');
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorJson;
    expect(body.error).toBe('invalid-json');
    expect(body.diagnostics).toEqual([expect.objectContaining({ file: '<request>', line: 3, column: 15, ruleId: 'request-json' })]);
  });

  it('points front-matter problems of a JSON article at the JSON field', async () => {
    const text = JSON.stringify({ slug: 'bad-json-article', language: 'en', headline: 42, description: 'd', datePublished: '2025-02-13T10:32:00+01:00', body: 'Text.' }, null, 2);
    const response = await post('/render', text, 'application/json');
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorJson;
    const headline = body.diagnostics!.find((item) => item.field === 'headline');
    expect(headline).toMatchObject({ file: '<request>', line: 4, column: 15 });
    const noBody = await post('/render', JSON.stringify({ slug: 'x' }), 'application/json');
    expect(noBody.status).toBe(400);
    expect(((await noBody.json()) as ErrorJson).diagnostics![0]).toMatchObject({ field: 'body', ruleId: 'request-article-body' });
  });

  it('refuses a body over the limit with 413, whether declared or streamed', async () => {
    const big = `${articleSource()}\n${'x'.repeat(LIMIT)}`;
    const declared = await post('/render', big);
    expect(declared.status).toBe(413);
    expect((await declared.json()) as ErrorJson).toMatchObject({ status: 413, error: 'body-too-large' });
    const chunks = [new TextEncoder().encode(big.slice(0, 40_000)), new TextEncoder().encode(big.slice(40_000))];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const streamed = await fetch(`${server.url}/render`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as ErrorJson).error).toBe('body-too-large');
    // The server is still fine.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('POST /validate', () => {
  it('reports diagnostics of a document as data, valid or not', async () => {
    const good = await post('/validate', articleSource());
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ valid: true });
    const bad = await post('/validate', articleSource({ language: 'klingon' }));
    expect(bad.status).toBe(200);
    const body = (await bad.json()) as { valid: boolean; diagnostics: ErrorJson['diagnostics'] };
    expect(body.valid).toBe(false);
    expect(body.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'language', line: 3, column: expect.any(Number) })]));
  });

  it('validates a JSON article when asked with ?format=article', async () => {
    const response = await post('/validate?format=article', JSON.stringify({ slug: 'x', body: 'Text.' }), 'application/json');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { valid: boolean; format: string; diagnostics: ErrorJson['diagnostics'] };
    expect(body).toMatchObject({ valid: false, format: 'article' });
    expect(body.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'frontmatter-required', field: 'headline', line: 1 })]));
  });

  it('sends other documents to the validator: a feed of the build passes, a broken one does not', async () => {
    const rssPath = path.join(root, 'out', 'feeds', 'en', 'rss.xml');
    const rss = await readFile(rssPath, 'utf8');
    const good = await post('/validate', rss, 'application/rss+xml');
    expect(good.status).toBe(200);
    const goodBody = (await good.json()) as { valid: boolean; format: string; diagnostics: ErrorJson['diagnostics'] };
    expect(goodBody.format).toBe('rss');
    expect(goodBody.diagnostics!.filter((item) => (item as { severity?: string }).severity === 'error')).toEqual([]);
    expect(goodBody.valid).toBe(true);
    const broken = await post('/validate', rss.replace(/<title>[^<]*<\/title>/, ''), 'application/rss+xml');
    const brokenBody = (await broken.json()) as { valid: boolean; diagnostics: ErrorJson['diagnostics'] };
    expect(brokenBody.valid).toBe(false);
    expect(brokenBody.diagnostics![0]).toMatchObject({ file: '<request>', line: expect.any(Number) });
    const unknown = await post('/validate?format=pdf', rss);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'unknown-format' });
  });
});

describe('GET of the build', () => {
  interface Entry {
    path: string;
    mediaType: string;
    sha256: string;
  }
  let files: Entry[];
  let lastModified: string;
  beforeAll(async () => {
    files = (JSON.parse(await readFile(path.join(root, 'out', 'manifest.json'), 'utf8')) as { files: Entry[] }).files;
    const mtime = (await stat(path.join(root, 'out', 'manifest.json'))).mtimeMs;
    lastModified = new Date(Math.floor(mtime / 1000) * 1000).toUTCString();
  });

  it('serves every file of the manifest with its media type, ETag and Last-Modified', async () => {
    expect(files.length).toBeGreaterThan(3);
    for (const entry of files) {
      // At the site URL's path (https://www.ansa.it/english/ → /english/), as the site serves them.
      const response = await fetch(`${server.url}/english/${entry.path}`);
      expect(response.status, entry.path).toBe(200);
      expect(response.headers.get('content-type')).toBe(entry.mediaType);
      expect(response.headers.get('etag')).toBe(`"${entry.sha256}"`);
      expect(response.headers.get('last-modified')).toBe(lastModified);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    }
    const types = new Set(files.map((entry) => entry.mediaType.split(';')[0]));
    for (const type of ['application/ld+json', 'text/html']) expect(types).toContain(type);
    const manifest = await fetch(`${server.url}/english/manifest.json`);
    expect(manifest.headers.get('content-type')).toBe('application/json');
    expect(manifest.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it('serves out/ at the paths of the site URL: folders as their index.html, redirects to the folder and to the site', async () => {
    const home = await fetch(`${server.url}/english/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toContain('<link rel="canonical" href="https://www.ansa.it/english/">');
    expect((await fetch(`${server.url}/english/it/`)).status).toBe(200);
    for (const [from, to] of [['/english', '/english/'], ['/english/it', '/english/it/']] as const) {
      const response = await fetch(`${server.url}${from}`, { redirect: 'manual' });
      expect(response.status, from).toBe(308);
      expect(response.headers.get('location')).toBe(to);
    }
    // A browser opening the server's root is sent to the site; an API client gets the route index.
    const browser = await fetch(`${server.url}/`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect([browser.status, browser.headers.get('location')]).toEqual([308, '/english/']);
    expect((await fetch(`${server.url}/`, { headers: { accept: 'application/json' } })).status).toBe(200);
    // The site's files are not served outside its path.
    expect((await fetch(`${server.url}/feeds/en/rss.xml`)).status).toBe(404);
  });

  it('serves feeds with feed media types when the build has them', async () => {
    const byName: Record<string, string> = { 'rss.xml': 'application/rss+xml', 'atom.xml': 'application/atom+xml', 'feed.json': 'application/feed+json' };
    const feeds = files.filter((entry) => entry.path.startsWith('feeds/'));
    for (const entry of feeds) {
      const name = entry.path.split('/').pop()!;
      if (byName[name]) expect((await fetch(`${server.url}/english/${entry.path}`)).headers.get('content-type')).toContain(byName[name]);
    }
  });

  it('answers conditional GETs with 304', async () => {
    const entry = files.find((item) => item.path.endsWith('.jsonld'))!;
    const url = `${server.url}/english/${entry.path}`;
    const etag = `"${entry.sha256}"`;
    const cases: [Record<string, string>, number][] = [
      [{ 'if-none-match': etag }, 304],
      [{ 'if-none-match': `W/${etag}` }, 304],
      [{ 'if-none-match': `"other", ${etag}` }, 304],
      [{ 'if-none-match': '*' }, 304],
      [{ 'if-none-match': '"other"' }, 200],
      [{ 'if-modified-since': lastModified }, 304],
      [{ 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() }, 200],
      [{ 'if-modified-since': 'not a date' }, 200],
      // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
      [{ 'if-none-match': '"other"', 'if-modified-since': lastModified }, 200],
    ];
    for (const [headers, status] of cases) {
      const response = await fetch(url, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(status);
      expect(response.headers.get('etag')).toBe(etag);
      const body = await response.text();
      if (status === 304) expect(body).toBe('');
    }
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String((await readFile(path.join(root, 'out', entry.path))).byteLength));
    expect(await head.text()).toBe('');
  });

  it('cannot be led outside out/', async () => {
    await writeFile(path.join(root, 'secret.txt'), 'secret');
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/articles/..%2f..%2fsecret.txt',
      '/articles/%2e%2e/%2e%2e/secret.txt',
      '/english/..%2fsecret.txt',
      '/english/news/..%2f..%2f..%2fsecret.txt',
      '/english/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '//secret.txt',
      '/./manifest.json/../../secret.txt',
      `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      '/%00',
      '/%E0%A4%A',
    ];
    for (const attempt of attempts) {
      const response = await rawRequest(server.url, 'GET', attempt);
      expect([400, 404], attempt).toContain(response.status);
      expect(response.body).not.toContain('secret"');
      expect(response.body).not.toBe('secret');
      expect(JSON.parse(response.body)).toMatchObject({ status: response.status });
    }
  });
});

describe('errors', () => {
  it('answers a wrong method with 405 and Allow', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/render', 'POST'],
      ['PUT', '/validate', 'POST'],
      ['GET', '/hooks/publish', 'POST'],
      ['DELETE', '/healthz', 'GET, HEAD'],
      ['POST', '/english/manifest.json', 'GET, HEAD'],
    ];
    for (const [method, route, allow] of cases) {
      const response = await fetch(`${server.url}${route}`, { method });
      expect(response.status, `${method} ${route}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(await response.json()).toMatchObject({ status: 405, error: 'method-not-allowed' });
    }
  });

  it('answers an unknown path with 404', async () => {
    const response = await fetch(`${server.url}/no/such/file.xml`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorJson;
    expect(body).toMatchObject({ status: 404, error: 'not-found' });
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('answers /healthz and the index', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', webhook: 'enabled', build: { files: expect.any(Number) } });
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });

  it('answers 503 with the diagnostics when the project does not load, never a stack trace', async () => {
    const handler = createHandler({ root: path.join(root, 'missing'), config: false });
    const response = await handler(new Request('http://localhost/render', { method: 'POST', body: articleSource() }));
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'project-invalid', diagnostics: expect.arrayContaining([expect.objectContaining({ ruleId: 'read' })]) });
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe('under load', () => {
  it('answers 200 concurrent renders correctly; an invalid one in the middle affects no other', async () => {
    const count = 200;
    const bad = 100;
    const requests = Array.from({ length: count }, (_, index) =>
      index === bad
        ? post('/render?format=jsonld', articleSource({ slug: 'Not A Slug', datePublished: 'never' }))
        : post('/render?format=jsonld', articleSource({ slug: `load-${index}`, headline: `Load story number ${index}` })),
    );
    const responses = await Promise.all(requests);
    const bodies = await Promise.all(responses.map((response) => response.text()));
    responses.forEach((response, index) => {
      if (index === bad) {
        expect(response.status).toBe(400);
        expect(JSON.parse(bodies[index]!)).toMatchObject({ error: 'invalid-article' });
        return;
      }
      expect(response.status, `request ${index}`).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/ld+json');
      expect(bodies[index]).toContain(`Load story number ${index}"`);
      expect(response.headers.get('x-wirekit-path')).toBe(`news/2025/02/13/load-${index}.jsonld`);
    });
    const one = expected(articleSource({ slug: 'load-7', headline: 'Load story number 7' }));
    expect(bodies[7]).toBe(one.rendered.outputs.find((output) => output.format === 'jsonld')!.content);
  }, 60_000);

  it('is not blocked by a slow client, which times out', async () => {
    const strict = await serve({ root, port: 0, requestTimeoutMs: 3000, headersTimeoutMs: 2000, connectionsCheckingIntervalMs: 200 });
    try {
      await slowClient(strict);
    } finally {
      await strict.close();
    }
  }, 30_000);
});

async function slowClient(server: RunningServer): Promise<void> {
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  let slowClosed = false;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      slowClosed = true;
      resolve();
    }),
  );
  socket.write('POST /render HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/markdown\r\nContent-Length: 5000\r\n\r\n---\nslug: slow');
  const quick = await Promise.all(
    Array.from({ length: 5 }, (_, index) =>
      fetch(`${server.url}/render?format=html`, { method: 'POST', body: articleSource({ slug: `quick-${index}` }) }),
    ),
  );
  // Every other request was answered while the slow one was still hanging.
  expect(slowClosed).toBe(false);
  for (const response of quick) expect(response.status).toBe(200);
  await closed;
  const answer = Buffer.concat(received).toString('utf8');
  // Node answers 408 once requestTimeout passes, then closes.
  expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
}

describe('wirekit serve', () => {
  it('listens on a loopback port, answers, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'serve', '--port', '0', '--root', root], {
      env: { ...process.env, WIREKIT_WEBHOOK_SECRET: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening" line: ${stderr}`)), 15_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (found?.[1]) {
            clearTimeout(timer);
            resolve(found[1]);
          }
        });
      });
      expect(stderr).toContain('webhook disabled');
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', webhook: 'disabled' });
      const rendered = await fetch(`${url}/render?format=jsonld`, { method: 'POST', body: articleSource() });
      expect(rendered.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
