import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, Builder } from '../src/build/build.js';
import { loadProject } from '../src/build/project.js';
import { serve, type RunningServer } from '../src/server/node.js';
import { applyPublishEvents, PublishQueue, type PublishEvent, type PublishOutcome } from '../src/server/publish.js';
import { signWebhook } from '../src/server/signature.js';
import { articleSource } from './helpers.js';
import { snapshot, tempProject } from './server-helpers.js';

const SECRET = 'test-webhook-secret-burst';
let root: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ root, cleanup } = await tempProject());
});
afterAll(async () => {
  await cleanup?.();
});

const outDir = (): string => path.join(root, 'out');

async function expectFullBuildIdentical(): Promise<void> {
  const full = await build({ root, out: 'out-full', config: false, cacheDir: false });
  expect(full.ok).toBe(true);
  expect(await snapshot(path.join(root, 'out-full'))).toEqual(await snapshot(outDir()));
}

async function contentOf(slug: string): Promise<string | undefined> {
  for (const name of (await readdir(path.join(root, 'content'))).filter((file) => file.endsWith('.md'))) {
    const text = await readFile(path.join(root, 'content', name), 'utf8');
    if (text.includes(`\nslug: ${slug}\n`)) return text;
  }
  return undefined;
}

const publish = (slug: string, headline: string, extra: Record<string, string> = {}): PublishEvent => ({
  type: 'publish',
  slug,
  datePublished: '2025-02-14T09:00:00+01:00',
  source: articleSource({ slug, headline, datePublished: '2025-02-14T09:00:00+01:00', ...extra }),
  ...(extra['version'] ? { version: Number(extra['version']) } : {}),
  ...(extra['signal'] === 'correction' ? { signal: 'correction' as const } : {}),
});

describe('coalesced publishes', () => {
  it('applies a batch in order with one build: the last event for a slug wins, each event has its own outcome', async () => {
    const { paths } = await loadProject({ root, config: false });
    const builder = await Builder.create({ root, config: false, resume: true });
    let builds = 0;
    const rebuild = async () => {
      builds++;
      return builder.build();
    };
    const index = { fileOfSlug: (slug: string) => builder.fileOfSlug(slug), outputsOf: (file: string) => builder.outputsOf(file) };
    const outcomes = await applyPublishEvents(
      [
        publish('burst-a', 'First headline of A'),
        publish('burst-b', 'Headline of B'),
        publish('burst-a', 'Second headline of A', { version: '2', signal: 'correction', editorialNote: 'Corrects the headline' }),
        { type: 'unpublish', slug: 'burst-b' },
        { type: 'unpublish', slug: 'never-published' },
        publish('burst-a', 'Stale headline of A', { version: '1' }),
      ],
      paths,
      rebuild,
      index,
    );
    expect(builds).toBe(1);
    expect(outcomes.map((outcome) => [outcome.status, outcome.action])).toEqual([
      [200, 'created'],
      [200, 'created'],
      [200, 'updated'],
      [200, 'removed'],
      [404, 'none'],
      // Version 1 after version 2 of the same batch: refused, as it would be one at a time.
      [409, 'none'],
    ]);
    expect(await contentOf('burst-a')).toContain('Second headline of A');
    expect(await contentOf('burst-b')).toBeUndefined();
    // Each answer lists its own article's files and the collections, not the other stories'.
    const [first, second] = outcomes as [PublishOutcome, PublishOutcome];
    expect(first.added.some((file) => file.includes('burst-a'))).toBe(true);
    expect([...first.added, ...first.changed].some((file) => file.includes('burst-b'))).toBe(false);
    expect([...second.added, ...second.changed].some((file) => file.includes('burst-a'))).toBe(false);
    expect(first.changed).toEqual(expect.arrayContaining(['sitemap-news.xml', 'feeds/en/rss.xml']));
    expect(first.batch).toBe(4);
    await expectFullBuildIdentical();
  }, 60_000);

  it('puts content/ back and applies the events one at a time when the build refuses the batch, so only the event at fault fails', async () => {
    const { paths } = await loadProject({ root, config: false });
    const builder = await Builder.create({ root, config: false, resume: true });
    const outcomes = await applyPublishEvents(
      [publish('burst-c', 'Headline of C'), publish('burst-d', 'A date no one can read', { datePublished: 'yesterday' })],
      paths,
      () => builder.build(),
      { fileOfSlug: (slug) => builder.fileOfSlug(slug), outputsOf: (file) => builder.outputsOf(file) },
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 422]);
    expect(await contentOf('burst-c')).toBeDefined();
    expect(await contentOf('burst-d')).toBeUndefined();
    await expectFullBuildIdentical();
  }, 60_000);

  it('queues what arrives during a build into the next one, in arrival order', async () => {
    const batches: string[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queue = new PublishQueue(async (events) => {
      batches.push(events.map((event) => event.slug));
      if (batches.length === 1) await gate;
      return events.map((event) => ({ ok: true, status: 200, event: event.type, slug: event.slug, action: 'updated', added: [], changed: [], removed: [], diagnostics: [] }));
    });
    const first = queue.submit({ type: 'unpublish', slug: 'one' });
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['two', 'three', 'four'].map((slug) => queue.submit({ type: 'unpublish', slug }));
    expect(queue.pending).toBe(4);
    release();
    const answers = await Promise.all([first, ...later]);
    expect(answers.map((answer) => answer.slug)).toEqual(['one', 'two', 'three', 'four']);
    expect(batches).toEqual([['one'], ['two', 'three', 'four']]);
    await queue.idle();
    expect(queue.pending).toBe(0);
  });
});

describe('a burst over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ root, port: 0, webhookSecret: SECRET, config: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  let sequence = 0;
  const delivery = (event: unknown): { headers: Record<string, string>; body: string } => {
    const body = JSON.stringify(event);
    // Distinct timestamps: each delivery has its own id (a digest of timestamp and signature).
    const timestamp = Math.floor(Date.now() / 1000) - 60 + sequence++;
    return { headers: { 'content-type': 'application/json', 'x-wirekit-timestamp': String(timestamp), 'x-wirekit-signature': signWebhook(SECRET, timestamp, body) }, body };
  };
  const send = (item: { headers: Record<string, string>; body: string }): Promise<Response> => fetch(`${server.url}/hooks/publish`, { method: 'POST', ...item });

  it('answers 30 publishes fired at once, each with its own outcome; none is lost, replays get the first answer, out/ is a full build', async () => {
    const deliveries = Array.from({ length: 30 }, (_, index) => {
      // Ten stories, three events each: the last of each wins.
      const slug = `wave-${index % 10}`;
      return delivery({ event: 'publish', article: articleSource({ slug, headline: `Wave ${index % 10}, take ${Math.floor(index / 10)}`, datePublished: '2025-02-14T10:00:00+01:00' }) });
    });
    const responses = await Promise.all(deliveries.map(send));
    const answers = (await Promise.all(responses.map((response) => response.json()))) as PublishOutcome[];
    expect(responses.map((response) => response.status)).toEqual(deliveries.map(() => 200));
    answers.forEach((answer, index) => expect(answer.slug).toBe(`wave-${index % 10}`));
    // Coalesced: fewer builds than events.
    expect(answers.some((answer) => (answer.batch ?? 1) > 1)).toBe(true);
    for (let story = 0; story < 10; story++) {
      const text = await contentOf(`wave-${story}`);
      expect(text).toBeDefined();
      // Requests raced over HTTP: whichever arrived last for the story is what content/ holds.
      expect(text).toMatch(new RegExp(`Wave ${story}, take \\d`));
    }
    const replay = await send(deliveries[7]!);
    expect(replay.headers.get('x-wirekit-replay')).toBe('true');
    expect(await replay.json()).toEqual(answers[7]);
    await expectFullBuildIdentical();
  }, 120_000);

  it('keeps out/ a full build across a restart and mixed events (new story, headline edit, correction, unpublish)', async () => {
    const events = [
      { event: 'publish', article: articleSource({ slug: 'mixed-new', headline: 'A new story', datePublished: '2025-02-14T11:00:00+01:00' }) },
      { event: 'publish', article: articleSource({ slug: 'wave-1', headline: 'An edited headline', datePublished: '2025-02-14T10:00:00+01:00' }) },
    ];
    for (const event of events) expect((await send(delivery(event))).status).toBe(200);
    await server.close();
    server = await serve({ root, port: 0, webhookSecret: SECRET, config: false });
    const after = [
      { event: 'publish', article: articleSource({ slug: 'mixed-new', headline: 'A corrected story', version: '2', signal: 'correction', editorialNote: 'Corrects the headline', datePublished: '2025-02-14T11:00:00+01:00' }) },
      { event: 'unpublish', slug: 'wave-2' },
    ];
    for (const event of after) expect((await send(delivery(event))).status).toBe(200);
    expect(await contentOf('mixed-new')).toContain('A corrected story');
    await expectFullBuildIdentical();
  }, 120_000);
});
