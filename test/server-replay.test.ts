import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.js';
import { serve, type RunningServer } from '../src/server/node.js';
import { signStandardWebhook, signWebhook } from '../src/server/signature.js';
import { articleSource, runCli, SPECS, specsAvailable } from './helpers.js';
import { snapshot, tempProject } from './server-helpers.js';

/** Secrets as a sender would hold them: wirekit's shared secret and two Standard Webhooks keys (one being rotated out). */
const SECRET = 'replay-test-secret-0123456789';
const WHSEC = `whsec_${randomBytes(32).toString('base64')}`;
const WHSEC_OLD = `whsec_${randomBytes(24).toString('base64')}`;
const SECRETS = [SECRET, WHSEC, WHSEC_OLD];

let root: string;
let cleanup: () => Promise<void>;
let server: RunningServer;

const start = (): Promise<RunningServer> => serve({ root, port: 0, webhookSecret: SECRETS });

beforeAll(async () => {
  ({ root, cleanup } = await tempProject());
  server = await start();
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

/** One signed request, kept as bytes and headers so it can be sent again exactly. */
interface Delivery {
  body: string;
  headers: Record<string, string>;
}

function wirekitDelivery(payload: unknown, timestamp = Math.floor(Date.now() / 1000)): Delivery {
  const body = JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'x-wirekit-timestamp': String(timestamp), 'x-wirekit-signature': signWebhook(SECRET, timestamp, body) } };
}

/** Signed by the spec authors' reference implementation (npm `standardwebhooks`). */
function standardDelivery(payload: unknown, secret = WHSEC, id = `msg_${randomBytes(12).toString('hex')}`): Delivery {
  const body = JSON.stringify(payload);
  const now = new Date();
  const signature = new Webhook(secret).sign(id, now, body);
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature } };
}

const send = (delivery: Delivery, extra: Record<string, string> = {}): Promise<Response> =>
  fetch(`${server.url}/hooks/publish`, { method: 'POST', headers: { ...delivery.headers, ...extra }, body: delivery.body });

const story = (slug: string, headline: string, version?: number, signal?: string): string =>
  articleSource({ slug, headline, datePublished: '2025-02-14T09:00:00+01:00', ...(version === undefined ? {} : { version: String(version) }), ...(signal ? { signal } : {}) });

async function contentOf(slug: string): Promise<string | undefined> {
  for (const name of await readdir(path.join(root, 'content'))) {
    const text = await readFile(path.join(root, 'content', name), 'utf8');
    if (text.includes(`\nslug: ${slug}\n`)) return text;
  }
  return undefined;
}

const page = async (slug: string): Promise<string> => (await fetch(`${server.url}/english/news/2025/02/14/${slug}.html`)).text();

describe('each delivery is applied at most once', () => {
  it('answers a replayed X-Wirekit-Signature request with the first answer and does not apply it again, also after a restart', async () => {
    const first = wirekitDelivery({ event: 'publish', article: story('replayed-story', 'First headline') });
    const second = wirekitDelivery({ event: 'publish', article: story('replayed-story', 'Second headline') });
    const firstAnswer = await send(first);
    expect(firstAnswer.status).toBe(200);
    const firstBody = await firstAnswer.text();
    expect(firstAnswer.headers.get('x-wirekit-replay')).toBeNull();
    expect((await send(second)).status).toBe(200);
    expect(await page('replayed-story')).toContain('Second headline');
    const before = await snapshot(path.join(root, 'out'));

    // The first request again, byte for byte: the same answer, and the newer text stays.
    const replay = await send(first);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('x-wirekit-replay')).toBe('true');
    expect(await replay.text()).toBe(firstBody);
    expect(await contentOf('replayed-story')).toContain('Second headline');
    expect(await snapshot(path.join(root, 'out'))).toEqual(before);

    // The signature's hex in upper case is the same delivery, not a new one.
    const upper = { ...first, headers: { ...first.headers, 'x-wirekit-signature': `sha256=${first.headers['x-wirekit-signature']!.slice(7).toUpperCase()}` } };
    expect((await send(upper)).headers.get('x-wirekit-replay')).toBe('true');

    // After a restart the delivery is still known.
    await server.close();
    server = await start();
    const afterRestart = await send(first);
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.headers.get('x-wirekit-replay')).toBe('true');
    expect(await afterRestart.text()).toBe(firstBody);
    expect(await contentOf('replayed-story')).toContain('Second headline');
    expect(await page('replayed-story')).toContain('Second headline');
    expect(await snapshot(path.join(root, 'out'))).toEqual(before);
  }, 60_000);

  it('does not re-apply a replayed unpublish after the story was published again', async () => {
    const base = Math.floor(Date.now() / 1000);
    const publish = wirekitDelivery({ event: 'publish', article: story('comes-back', 'Back again') }, base);
    const unpublish = wirekitDelivery({ event: 'unpublish', slug: 'comes-back' }, base);
    expect((await send(publish)).status).toBe(200);
    const removed = await send(unpublish);
    expect(removed.status).toBe(200);
    const removedBody = await removed.text();
    // A new delivery publishes it again (another timestamp, so another signature).
    const again = await send(wirekitDelivery({ event: 'publish', article: story('comes-back', 'Back again') }, base - 1));
    expect(again.headers.get('x-wirekit-replay')).toBeNull();
    expect(again.status).toBe(200);
    const replay = await send(unpublish);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(removedBody);
    expect(await contentOf('comes-back')).toBeDefined();
    expect((await fetch(`${server.url}/english/news/2025/02/14/comes-back.html`)).status).toBe(200);
  }, 60_000);

  it('applies one of two identical requests sent at once and gives both the same answer', async () => {
    const delivery = wirekitDelivery({ event: 'publish', article: story('sent-twice', 'Sent twice at once') });
    const [a, b] = await Promise.all([send(delivery), send(delivery)]);
    expect([a!.status, b!.status]).toEqual([200, 200]);
    const [textA, textB] = [await a!.text(), await b!.text()];
    expect(textA).toBe(textB);
    expect([a!.headers.get('x-wirekit-replay'), b!.headers.get('x-wirekit-replay')].filter(Boolean)).toEqual(['true']);
    expect((JSON.parse(textA) as { action: string }).action).toBe('created');
  }, 60_000);

  it('keeps a refusal for the replays of the same delivery', async () => {
    const unknown = wirekitDelivery({ event: 'unpublish', slug: 'never-existed' });
    const first = await send(unknown);
    expect(first.status).toBe(404);
    // Publishing the slug since does not make the old delivery apply.
    expect((await send(wirekitDelivery({ event: 'publish', article: story('never-existed', 'Exists now') }))).status).toBe(200);
    const replay = await send(unknown);
    expect(replay.status).toBe(404);
    expect(replay.headers.get('x-wirekit-replay')).toBe('true');
    expect(await contentOf('never-existed')).toBeDefined();
  }, 60_000);
});

describe('Standard Webhooks', () => {
  it('accepts a request signed by the reference implementation, with either secret while rotating, once', async () => {
    const delivery = standardDelivery({ event: 'publish', article: story('standard-story', 'Signed the standard way') });
    const answer = await send(delivery);
    expect(answer.status).toBe(200);
    const body = await answer.text();
    expect(JSON.parse(body)).toMatchObject({ ok: true, action: 'created', slug: 'standard-story' });
    expect(await page('standard-story')).toContain('Signed the standard way');
    // The same webhook-id again (a sender's retry): the first answer, nothing applied.
    const retry = await send(delivery);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('x-wirekit-replay')).toBe('true');
    expect(await retry.text()).toBe(body);

    const old = await send(standardDelivery({ event: 'publish', article: story('standard-story', 'Signed with the old secret') }, WHSEC_OLD));
    expect(old.status).toBe(200);
    expect(await page('standard-story')).toContain('Signed with the old secret');
  }, 60_000);

  it('accepts several signatures in one header when one matches', async () => {
    const delivery = standardDelivery({ event: 'publish', article: story('standard-story', 'Several signatures') });
    const unknown = new Webhook(`whsec_${randomBytes(32).toString('base64')}`).sign(delivery.headers['webhook-id']!, new Date(Number(delivery.headers['webhook-timestamp']) * 1000), delivery.body);
    const header = `v1a,${randomBytes(64).toString('base64')} ${unknown} ${delivery.headers['webhook-signature']}`;
    const answer = await send({ ...delivery, headers: { ...delivery.headers, 'webhook-signature': header } });
    expect(answer.status).toBe(200);
  }, 60_000);

  it('refuses tampered, unsigned, stale and unknown-key requests with 401 and changes nothing', async () => {
    const before = await snapshot(path.join(root, 'out'));
    const payload = { event: 'publish', article: story('tampered-story', 'Should never appear') };
    const good = standardDelivery(payload);
    const now = Math.floor(Date.now() / 1000);
    const cases: [Delivery, string][] = [
      [{ ...good, body: good.body.replace('never', 'always') }, 'bad-signature'],
      [{ ...good, headers: { ...good.headers, 'webhook-id': `${good.headers['webhook-id']}x` } }, 'bad-signature'],
      [{ ...good, headers: { ...good.headers, 'webhook-timestamp': String(Number(good.headers['webhook-timestamp']) + 1) } }, 'bad-signature'],
      [standardDelivery(payload, `whsec_${randomBytes(32).toString('base64')}`), 'bad-signature'],
      [{ ...good, headers: { ...good.headers, 'webhook-signature': 'v1,not-base64' } }, 'missing-signature'],
      [{ ...good, headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(now) } }, 'missing-signature'],
      [{ ...good, headers: { ...good.headers, 'webhook-id': '' } }, 'missing-id'],
      [{ ...good, headers: { ...good.headers, 'webhook-timestamp': String(now - 301) } }, 'stale-timestamp'],
    ];
    for (const [delivery, code] of cases) {
      const answer = await send(delivery);
      expect(answer.status, code).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('webhook-signature');
      expect(await answer.json()).toMatchObject({ status: 401, error: code });
    }
    expect(await snapshot(path.join(root, 'out'))).toEqual(before);
    expect(await contentOf('tampered-story')).toBeUndefined();
  }, 60_000);

  it('signs as the reference implementation verifies', () => {
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"event":"unpublish","slug":"x"}';
    const signature = signStandardWebhook(WHSEC, id, timestamp, body);
    expect(new Webhook(WHSEC).verify(body, { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature })).toEqual({ event: 'unpublish', slug: 'x' });
    expect(signature).toBe(new Webhook(WHSEC).sign(id, new Date(timestamp * 1000), body));
  });
});

describe('article versions', () => {
  it('refuses a version older than content/ with 409, unless the editor forces a correction', async () => {
    expect((await send(wirekitDelivery({ event: 'publish', article: story('versioned', 'Version three', 3, 'update') }))).status).toBe(200);
    const before = await snapshot(path.join(root, 'out'));
    const older = await send(wirekitDelivery({ event: 'publish', article: story('versioned', 'Version two', 2, 'update') }));
    expect(older.status).toBe(409);
    const refusal = (await older.json()) as { error: string; message: string; currentVersion: number; givenVersion: number };
    expect(refusal).toMatchObject({ error: 'stale-version', currentVersion: 3, givenVersion: 2 });
    expect(refusal.message).toContain('version 2, older than version 3');
    // Forcing is for corrections only.
    const forcedUpdate = await send(wirekitDelivery({ event: 'publish', force: true, article: story('versioned', 'Version two', 2, 'update') }));
    expect(forcedUpdate.status).toBe(409);
    expect(await snapshot(path.join(root, 'out'))).toEqual(before);
    expect(await contentOf('versioned')).toContain('Version three');
    // The same version again is accepted (an edit that kept the number).
    expect((await send(wirekitDelivery({ event: 'publish', article: story('versioned', 'Version three, edited', 3, 'update') }))).status).toBe(200);

    const forced = await send(wirekitDelivery({ event: 'publish', force: true, article: story('versioned', 'Version two, as a correction', 2, 'correction') }));
    expect(forced.status).toBe(200);
    expect(await contentOf('versioned')).toContain('Version two, as a correction');

    const wrongForce = await send(wirekitDelivery({ event: 'publish', force: 'yes', article: story('versioned', 'x', 1) }));
    expect(wrongForce.status).toBe(400);
    expect(await wrongForce.json()).toMatchObject({ diagnostics: [{ field: 'force', ruleId: 'event-force' }] });
  }, 60_000);
});

describe('secrets', () => {
  it('refuses to enable the webhook with a short or malformed secret, naming it by position only', async () => {
    const misconfigured = await serve({ root, port: 0, webhookSecret: `${SECRET} short whsec_!!notbase64` });
    try {
      const answer = await fetch(`${misconfigured.url}/hooks/publish`, { method: 'POST', ...wirekitDelivery({ event: 'unpublish', slug: 'x' }) });
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as { error: string; message: string };
      expect(body.error).toBe('webhook-misconfigured');
      expect(body.message).toContain('secret 2: expected at least 16 characters, found 5');
      expect(body.message).toContain('secret 3 (whsec_…): expected base64');
      expect(body.message).not.toContain('short');
      expect((await (await fetch(`${misconfigured.url}/healthz`)).json()) as object).toMatchObject({ webhook: 'misconfigured' });
    } finally {
      await misconfigured.close();
    }
  });
});

describe('one delivery log per project', () => {
  it('keeps a second server on the same project from applying deliveries the first one saw', async () => {
    const delivery = wirekitDelivery({ event: 'publish', article: story('seen-by-one', 'Seen by the first server') });
    expect((await send(delivery)).status).toBe(200);
    const second = await serve({ root, port: 0, webhookSecret: SECRETS });
    try {
      const answer = await fetch(`${second.url}/hooks/publish`, { method: 'POST', headers: delivery.headers, body: delivery.body });
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as { error: string; message: string; holder: { pid: number } };
      expect(body).toMatchObject({ error: 'deliveries-locked', holder: { pid: process.pid } });
      expect(body.message).toContain('run one wirekit serve per project');
    } finally {
      await second.close();
    }
    // Once the first server stops, another one takes over the log, and knows the delivery.
    await server.close();
    server = await start();
    expect((await send(delivery)).headers.get('x-wirekit-replay')).toBe('true');
  }, 60_000);
});

describe('unpublishing the last article', () => {
  it('answers 200 and leaves a valid, empty site', async () => {
    const single = await tempProject({ build: false });
    const contentDir = path.join(single.root, 'content');
    const names = (await readdir(contentDir)).filter((name) => name.endsWith('.md')).sort();
    for (const name of names.slice(1)) await rm(path.join(contentDir, name));
    expect((await build({ root: single.root, config: false })).ok).toBe(true);
    const only = (await readFile(path.join(contentDir, names[0]!), 'utf8')).match(/\nslug: (.+)\n/)![1]!;
    const own = await serve({ root: single.root, port: 0, webhookSecret: SECRET });
    try {
      const delivery = wirekitDelivery({ event: 'unpublish', slug: only });
      const answer = await fetch(`${own.url}/hooks/publish`, { method: 'POST', headers: delivery.headers, body: delivery.body });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ ok: true, action: 'removed' });
      expect((await readdir(contentDir)).filter((name) => name.endsWith('.md'))).toEqual([]);
      const out = path.join(single.root, 'out');
      const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
      const paths = manifest.files.map((file) => file.path);
      expect(paths.some((file) => file.startsWith('news/'))).toBe(false);
      // A newsMessage needs an item and a send date: none is written for no articles.
      expect(paths).not.toContain('newsml/message.xml');
      expect(existsSync(path.join(out, 'newsml', 'message.xml'))).toBe(false);
      expect(paths).toContain('feeds/en/rss.xml');
      const rss = await readFile(path.join(out, 'feeds', 'en', 'rss.xml'), 'utf8');
      expect(rss).toContain('<channel>');
      expect(rss).not.toContain('<item>');
      const args = ['validate', '--strict', out, ...(specsAvailable('the XSD check of an empty site') ? ['--schemas', SPECS] : [])];
      const validated = await runCli(args);
      expect(validated.stderr).toContain('0 errors, 0 warnings');
      expect(validated.code).toBe(0);
      // A full build of the empty content/ writes the same bytes.
      const full = await build({ root: single.root, out: 'out-full', config: false });
      expect(full.ok).toBe(true);
      expect(full.diagnostics.map((item) => item.ruleId)).toContain('no-articles');
      expect(await snapshot(path.join(single.root, 'out-full'))).toEqual(await snapshot(out));
    } finally {
      await own.close();
      await single.cleanup();
    }
  }, 60_000);
});
