import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/article/parse.js';
import { build } from '../src/build/build.js';
import { renderCollections } from '../src/formats/collections.js';
import { loadProject } from '../src/build/project.js';
import { render, type RenderOptions } from '../src/formats/article-formats.js';
import { createHandler } from '../src/server/handler.js';
import { serve, type RunningServer } from '../src/server/node.js';
import { signWebhook } from '../src/server/signature.js';
import { articleSource } from './helpers.js';
import { diffSnapshots, snapshot, sorted, tempProject } from './server-helpers.js';

const SECRET = 'test-webhook-secret';
let server: RunningServer;
let root: string;
let cleanup: () => Promise<void>;
let options: RenderOptions;
let initial: Map<string, string>;

beforeAll(async () => {
  ({ root, cleanup } = await tempProject());
  const loaded = await loadProject({ root });
  if (!loaded.render) throw new Error('project does not load');
  options = loaded.render;
  initial = await snapshot(path.join(root, 'out'));
  server = await serve({ root, port: 0, webhookSecret: SECRET });
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

interface HookOptions {
  timestamp?: number;
  secret?: string;
  signature?: string | null;
  headers?: Record<string, string>;
}

function hook(payload: unknown, hookOptions: HookOptions = {}): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const timestamp = hookOptions.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-wirekit-timestamp': String(timestamp), ...hookOptions.headers };
  const signature = hookOptions.signature === undefined ? signWebhook(hookOptions.secret ?? SECRET, timestamp, body) : hookOptions.signature;
  if (signature !== null) headers['x-wirekit-signature'] = signature;
  return fetch(`${server.url}/hooks/publish`, { method: 'POST', headers, body });
}

interface Outcome {
  ok: boolean;
  event: string;
  slug: string;
  action: string;
  file: string;
  added: string[];
  changed: string[];
  removed: string[];
}

const outDir = (): string => path.join(root, 'out');
const perArticlePaths = (source: string): string[] => {
  const result = parseArticle(source, { path: 'x.md', site: options.site });
  if (!result.article) throw new Error(JSON.stringify(result.diagnostics));
  return sorted(render(result.article, options).outputs.map((output) => output.path));
};
async function collectionPaths(): Promise<Set<string>> {
  const articles = [];
  for (const file of (await readdir(path.join(root, 'content'))).filter((name) => name.endsWith('.md'))) {
    const result = parseArticle(await readFile(path.join(root, 'content', file)), { path: file, site: options.site });
    if (result.article) articles.push(result.article);
  }
  return new Set(renderCollections(articles, options).outputs.map((output) => output.path));
}

/** The files a full build from scratch writes equal out/ byte for byte. */
async function expectFullRebuildIdentical(): Promise<void> {
  const full = await build({ root, out: 'out-full', config: false });
  expect(full.ok).toBe(true);
  expect(await snapshot(path.join(root, 'out-full'))).toEqual(await snapshot(outDir()));
}

const story = articleSource(
  { slug: 'cms-breaking-story', headline: 'Breaking, the CMS published a story', datePublished: '2025-02-14T09:00:00+01:00' },
  'The story arrived through the webhook.\n\nA second paragraph.\n\nCopyright © ANSA\n',
);

describe('POST /hooks/publish', () => {
  it('publishes, updates and unpublishes, changing exactly the expected files; a full rebuild gives the same bytes', async () => {
    // Publish: the article's own files are added; only collections (feeds, bundles) change.
    let before = await snapshot(outDir());
    const published = await hook({ event: 'publish', article: story });
    expect(published.status).toBe(200);
    const first = (await published.json()) as Outcome;
    let after = await snapshot(outDir());
    let onDisk = diffSnapshots(before, after);
    expect(first).toMatchObject({ ok: true, event: 'publish', slug: 'cms-breaking-story', action: 'created', file: 'content/2025-02-14-cms-breaking-story.md' });
    expect(await readFile(path.join(root, first.file), 'utf8')).toBe(story);
    expect(sorted(first.added)).toEqual(perArticlePaths(story));
    expect(first.removed).toEqual([]);
    const collections = await collectionPaths();
    for (const file of first.changed) expect(collections.has(file), file).toBe(true);
    if (collections.has('feeds/en/rss.xml')) expect(first.changed).toContain('feeds/en/rss.xml');
    expect({ added: sorted(first.added), changed: sorted([...first.changed, 'manifest.json']), removed: [] }).toEqual(onDisk);
    const page = await fetch(`${server.url}/english/news/2025/02/14/cms-breaking-story.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Breaking, the CMS published a story');
    await expectFullRebuildIdentical();

    // Update, as a JSON article: the same content file is rewritten; the article's files change.
    before = after;
    const updatedFields = {
      slug: 'cms-breaking-story',
      language: 'en',
      headline: 'Update: the CMS changed the story',
      description: 'A test standfirst.',
      datePublished: '2025-02-14T09:00:00+01:00',
      dateModified: '2025-02-14T10:30:00+01:00',
      body: 'The story arrived through the webhook, then changed.\n\nCopyright © ANSA\n',
    };
    const updated = await hook({ event: 'publish', article: updatedFields });
    expect(updated.status).toBe(200);
    const second = (await updated.json()) as Outcome;
    after = await snapshot(outDir());
    onDisk = diffSnapshots(before, after);
    expect(second).toMatchObject({ ok: true, action: 'updated', file: first.file, added: [], removed: [] });
    for (const file of perArticlePaths(story)) expect(second.changed, file).toContain(file);
    const ownOrCollection = new Set([...perArticlePaths(story), ...(await collectionPaths())]);
    for (const file of second.changed) expect(ownOrCollection.has(file), file).toBe(true);
    expect({ added: [], changed: sorted([...second.changed, 'manifest.json']), removed: [] }).toEqual(onDisk);
    expect(await (await fetch(`${server.url}/english/news/2025/02/14/cms-breaking-story.html`)).text()).toContain('Update: the CMS changed the story');
    await expectFullRebuildIdentical();

    // Unpublish: the article's files go, collections change back; out/ is as before the publish.
    before = after;
    const unpublished = await hook({ event: 'unpublish', slug: 'cms-breaking-story' });
    expect(unpublished.status).toBe(200);
    const third = (await unpublished.json()) as Outcome;
    after = await snapshot(outDir());
    expect(third).toMatchObject({ ok: true, action: 'removed', added: [] });
    expect(sorted(third.removed)).toEqual(perArticlePaths(story));
    expect(diffSnapshots(before, after)).toEqual({ added: [], changed: sorted([...third.changed, 'manifest.json']), removed: sorted(third.removed) });
    expect(existsSync(path.join(root, first.file))).toBe(false);
    expect((await fetch(`${server.url}/english/news/2025/02/14/cms-breaking-story.html`)).status).toBe(404);
    expect(after).toEqual(initial);
    await expectFullRebuildIdentical();
  }, 60_000);

  it('refuses unsigned, wrongly signed and stale events with 401 and changes nothing', async () => {
    const before = await snapshot(outDir());
    const payload = { event: 'publish', article: story };
    const now = Math.floor(Date.now() / 1000);
    const cases: [HookOptions, string][] = [
      [{ signature: null }, 'missing-signature'],
      [{ signature: 'sha256=abc' }, 'missing-signature'],
      [{ secret: 'wrong-secret' }, 'bad-signature'],
      [{ signature: signWebhook(SECRET, now - 1, JSON.stringify(payload)) }, 'bad-signature'],
      [{ timestamp: now - 301 }, 'stale-timestamp'],
      [{ timestamp: now + 400 }, 'stale-timestamp'],
      [{ headers: { 'x-wirekit-timestamp': 'yesterday' } }, 'missing-timestamp'],
    ];
    for (const [hookOptions, code] of cases) {
      const response = await hook(payload, hookOptions);
      expect(response.status, code).toBe(401);
      expect(await response.json()).toMatchObject({ status: 401, error: code });
    }
    // A body changed after signing fails too.
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook(SECRET, timestamp, JSON.stringify(payload));
    const tampered = await hook({ ...payload, event: 'unpublish', slug: 'x' }, { timestamp, signature });
    expect(tampered.status).toBe(401);
    expect(await snapshot(outDir())).toEqual(before);
    expect(existsSync(path.join(root, 'content', '2025-02-14-cms-breaking-story.md'))).toBe(false);
  });

  it('answers bad events with 400 and positioned diagnostics, unknown slugs with 404', async () => {
    const before = await snapshot(outDir());
    const malformed = await hook('{"event": "publish",, }');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid-json', diagnostics: [{ line: 1, column: 21, ruleId: 'request-json' }] });

    const wrongEvent = await hook({ event: 'delete' });
    expect(wrongEvent.status).toBe(400);
    expect(await wrongEvent.json()).toMatchObject({ error: 'invalid-event', diagnostics: [{ field: 'event', ruleId: 'event-type' }] });

    const badArticle = await hook({ event: 'publish', article: articleSource({ slug: 'bad story', datePublished: 'soon' }) });
    expect(badArticle.status).toBe(400);
    const body = (await badArticle.json()) as { error: string; diagnostics: { file: string; line: number; field?: string }[] };
    expect(body.error).toBe('invalid-article');
    // Positions are within the markdown the event carried, as for a content/ file.
    expect(body.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ file: '<request>#article', field: 'slug', line: 2 })]));

    const unknown = await hook({ event: 'unpublish', slug: 'no-such-story' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'unknown-article', slug: 'no-such-story' });
    expect(await snapshot(outDir())).toEqual(before);
  });

  it('answers 422 and leaves content/ and out/ as they were when the build refuses the change', async () => {
    const before = await snapshot(outDir());
    const contentBefore = await snapshot(path.join(root, 'content'));
    const seed = (await readdir(path.join(root, 'content'))).find((name) => name.endsWith('.md'))!;
    const existing = parseArticle(await readFile(path.join(root, 'content', seed)), { path: seed, site: options.site }).article!;
    // Another slug with the same id: the build refuses duplicate ids.
    const duplicate = await hook({ event: 'publish', article: articleSource({ slug: 'a-new-slug', id: existing.id }) });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.json()).toMatchObject({ error: 'build-failed', diagnostics: expect.arrayContaining([expect.objectContaining({ ruleId: 'duplicate-id' })]) });
    expect(await snapshot(outDir())).toEqual(before);
    expect(await snapshot(path.join(root, 'content'))).toEqual(contentBefore);
  });

  it('applies concurrent events one at a time, and answers 202 to Prefer: respond-async', async () => {
    const slugs = ['cms-a', 'cms-b', 'cms-c', 'cms-d'];
    const responses = await Promise.all(slugs.map((slug) => hook({ event: 'publish', article: articleSource({ slug, headline: `Story ${slug}` }) })));
    for (const response of responses) expect(response.status).toBe(200);
    const manifest = JSON.parse(await readFile(path.join(outDir(), 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    for (const slug of slugs) expect(manifest.files.map((file) => file.path)).toContain(`news/2025/02/13/${slug}.html`);

    const accepted = await Promise.all(slugs.map((slug) => hook({ event: 'unpublish', slug }, { headers: { prefer: 'respond-async' } })));
    for (const response of accepted) {
      expect(response.status).toBe(202);
      expect(response.headers.get('preference-applied')).toBe('respond-async');
      expect(await response.json()).toMatchObject({ accepted: true, event: 'unpublish' });
    }
    await server.handler.idle();
    expect(await snapshot(outDir())).toEqual(initial);
    await expectFullRebuildIdentical();
  }, 60_000);

  it('answers 503 when no secret is configured', async () => {
    const handler = createHandler({ root, config: false, webhookSecret: '' });
    const response = await handler(new Request('http://localhost/hooks/publish', { method: 'POST', body: '{}' }));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'webhook-disabled' });
  });
});
