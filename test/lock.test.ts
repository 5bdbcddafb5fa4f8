import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build, Builder } from '../src/build/build.js';
import { lockFileOf, OutLock, OutLockedError, startTicks, type LockHolder } from '../src/build/lock.js';
import { signWebhook } from '../src/server/signature.js';
import { articleSource, REPO } from './helpers.js';
import { snapshot, tempProject } from './server-helpers.js';
import { writeCorpus } from '../src/bench/corpus.js';

const CLI = path.join(REPO, 'dist', 'cli.js');
const SECRET = 'lock-test-secret-0123456789';

let root: string;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ({ root, cleanup } = await tempProject());
});

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  }
});

afterAll(async () => {
  await cleanup?.();
});

const out = (): string => path.join(root, 'out');

/** A process of ours, with its stderr collected as it comes. */
function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; stderr: () => string; exited: Promise<number> } {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, stderr: () => text, exited };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function holderOf(lockFile: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(lockFile, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** The files a full build from scratch writes equal out/ byte for byte. */
async function expectFullBuildIdentical(): Promise<void> {
  const full = await build({ root, out: 'out-full', config: false });
  expect(full.ok).toBe(true);
  expect(await snapshot(out())).toEqual(await snapshot(path.join(root, 'out-full')));
}

describe('one writer for out/', () => {
  it('builds in full when another writer rebuilt out/ since this builder last wrote it', async () => {
    const mine = await Builder.create({ root, config: false });
    expect((await mine.build()).ok).toBe(true);
    // Another writer builds with another page template…
    const templateFile = path.join(root, 'templates', 'article.html');
    const template = await readFile(templateFile, 'utf8');
    await writeFile(templateFile, template.replace('</body>', '<!-- another template --></body>'));
    expect((await build({ root, config: false })).ok).toBe(true);
    await writeFile(templateFile, template);
    // …then one article changes: this builder's next build is exactly its own full build.
    const article = path.join(root, 'content', (await readdir(path.join(root, 'content'))).find((name) => name.endsWith('.md'))!);
    const source = await readFile(article, 'utf8');
    await writeFile(article, source.replace(/\nheadline: .*\n/, '\nheadline: A headline changed after the other build\n'));
    try {
      const result = await mine.build();
      expect(result.ok).toBe(true);
      expect(result.stats.rendered).toBeGreaterThan(1);
      await expectFullBuildIdentical();
      // Pages are at their URL's path (news/<yyyy>/<mm>/<dd>/…).
      for (const name of await readdir(path.join(out(), 'news'), { recursive: true })) {
        if (name.endsWith('.html')) expect(await readFile(path.join(out(), 'news', name), 'utf8'), name).not.toContain('another template');
      }
    } finally {
      await writeFile(article, source);
      expect((await build({ root, config: false })).ok).toBe(true);
    }
  }, 60_000);

  it('builds in full after taking over from a writer that died mid-build', async () => {
    const mine = await Builder.create({ root, config: false });
    expect((await mine.build()).ok).toBe(true);
    // Another writer's incremental build renamed one new file into out/ and died before the manifest.
    const page = path.join(out(), 'news', (await readdir(path.join(out(), 'news'), { recursive: true })).find((name) => name.endsWith('.html'))!);
    await writeFile(page, '<!doctype html><title>half a build</title>');
    const ended = start(['-e', '0']);
    await ended.exited;
    await writeFile(lockFileOf(out()), JSON.stringify({ pid: ended.child.pid, host: hostname(), owner: 'wirekit build --watch', processStart: new Date(0).toISOString(), since: new Date(0).toISOString() }));
    const result = await mine.build();
    expect(result.ok).toBe(true);
    expect(await readFile(page, 'utf8')).not.toContain('half a build');
    await expectFullBuildIdentical();
  }, 60_000);

  it('makes a second holder wait, or fail at once naming the first', async () => {
    const first = await OutLock.acquire(out(), { owner: 'first writer' });
    const error = await OutLock.acquire(out(), { waitMs: 0, owner: 'second writer' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutLockedError);
    expect((error as OutLockedError).message).toContain(`first writer (pid ${process.pid}`);
    expect((error as OutLockedError).holder).toMatchObject({ pid: process.pid, host: hostname(), owner: 'first writer' });

    const waits: (LockHolder | undefined)[] = [];
    const second = OutLock.acquire(out(), { owner: 'second writer', pollMs: 5, onWait: (holder) => waits.push(holder) });
    await until(() => waits.length === 1, 'the second writer to wait');
    await first.release();
    const lock = await second;
    expect(waits[0]).toMatchObject({ owner: 'first writer' });
    expect((await holderOf(lockFileOf(out())))?.owner).toBe('second writer');
    await lock.release();
    expect(existsSync(lockFileOf(out()))).toBe(false);
  });

  it('lets many takers of a dead holder\'s lock in one at a time', async () => {
    // A lock of a process that ended.
    const ended = start(['-e', '0']);
    await ended.exited;
    const dead: LockHolder = { pid: ended.child.pid!, host: hostname(), owner: 'a killed build', processStart: new Date(0).toISOString(), since: new Date(0).toISOString() };
    await writeFile(lockFileOf(out()), JSON.stringify(dead));
    let inside = 0;
    let most = 0;
    const recovered: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        OutLock.with(out(), { owner: `taker ${index}`, pollMs: 1, onRecover: (message) => recovered.push(message) }, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(recovered.filter((message) => message.includes(`a killed build (pid ${dead.pid}`))).toHaveLength(1);
    expect(existsSync(lockFileOf(out()))).toBe(false);
  });

  it.skipIf(startTicks(process.pid) === undefined)('takes over a lock whose pid now belongs to another process', async () => {
    // This process's pid, but another start: the holder died and the pid was reused.
    const reused: LockHolder = { pid: process.pid, host: hostname(), owner: 'a build before a reboot', processStart: new Date(0).toISOString(), startTicks: startTicks(process.pid)! + 1, since: new Date(0).toISOString() };
    await writeFile(lockFileOf(out()), JSON.stringify(reused));
    const recovered: string[] = [];
    const lock = await OutLock.acquire(out(), { waitMs: 0, onRecover: (message) => recovered.push(message) });
    await lock.release();
    expect(recovered.join('\n')).toContain('a build before a reboot');
  });

  it('takes over the lock of a killed build and puts back the out/ it was swapping', async () => {
    const before = await snapshot(out());
    // A process that takes the lock, moves out/ aside as a full build's swap does, and is killed there.
    const script = `
      const { OutLock } = await import(${JSON.stringify(path.join(REPO, 'dist', 'build', 'lock.js'))});
      const { rename, mkdir } = await import('node:fs/promises');
      await OutLock.acquire(${JSON.stringify(out())}, { owner: 'wirekit build' });
      await mkdir(${JSON.stringify(out())} + '.tmp-' + process.pid);
      await rename(${JSON.stringify(out())}, ${JSON.stringify(out())} + '.old-' + process.pid);
      console.log('swapping');
      setInterval(() => {}, 1000);`;
    const killed = start(['--input-type=module', '-e', script]);
    await until(() => killed.stderr().includes('swapping'), 'the build to start swapping');
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(existsSync(out())).toBe(false);

    const cli = start([CLI, 'build', '--root', root, '--lock-wait', '0']);
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain(`took over the lock of wirekit build (pid ${killed.child.pid}`);
    expect(cli.stderr()).toContain(`restored out/ from out.old-${killed.child.pid}`);
    expect(existsSync(`${out()}.tmp-${killed.child.pid}`)).toBe(false);
    expect(existsSync(`${out()}.old-${killed.child.pid}`)).toBe(false);
    expect(await snapshot(out())).toEqual(before);
    await expectFullBuildIdentical();
  }, 60_000);

  it('makes a CLI build started during a publish wait for the server, or fail naming it; out/ is a full build afterwards', async () => {
    const server = start([CLI, 'serve', '--port', '0', '--root', root], { WIREKIT_WEBHOOK_SECRET: SECRET });
    await until(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(server.stderr()), 'the server to listen');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stderr())![1]!;
    const lockFile = lockFileOf(out());
    const publish = (slug: string): Promise<Response> => {
      const body = JSON.stringify({ event: 'publish', article: articleSource({ slug, headline: `Story ${slug}` }) });
      const timestamp = Math.floor(Date.now() / 1000);
      return fetch(`${url}/hooks/publish`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wirekit-timestamp': String(timestamp), 'x-wirekit-signature': signWebhook(SECRET, timestamp, body) }, body });
    };

    // Freeze the server while it holds out/'s lock in the middle of a publish (a slow publish).
    let answer: Promise<Response> | undefined;
    for (let attempt = 0; attempt < 20 && !answer; attempt++) {
      const pending = publish(`held-story-${attempt}`);
      let caught = false;
      await Promise.race([
        until(async () => (await holderOf(lockFile))?.pid === server.child.pid, 'the server to take the lock').then(() => (caught = true)),
        pending.then(() => {}),
      ]);
      if (caught) {
        server.child.kill('SIGSTOP');
        if ((await holderOf(lockFile))?.pid === server.child.pid) answer = pending;
        else server.child.kill('SIGCONT');
      }
      if (!answer) expect((await pending).status).toBe(200);
    }
    expect(answer, 'a publish caught holding the lock').toBeDefined();

    const refused = start([CLI, 'build', '--root', root, '--lock-wait', '0']);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toContain(`out/ is being written by wirekit serve (pid ${server.child.pid}`);
    expect(refused.stderr()).toContain('out/ left as it was');

    const waiting = start([CLI, 'build', '--root', root]);
    await until(() => waiting.stderr().includes('waiting up to 60 s for wirekit serve'), 'the build to wait for the server');
    server.child.kill('SIGCONT');
    expect((await answer!).status).toBe(200);
    expect(await waiting.exited).toBe(0);
    await expectFullBuildIdentical();

    // The server notices out/ was rebuilt by someone else, and its next publish is still exact.
    expect((await publish('after-the-cli-build')).status).toBe(200);
    await expectFullBuildIdentical();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  }, 90_000);
});

describe('a killed holder of out/', () => {
  it('is taken over by the server too', async () => {
    await mkdir(out(), { recursive: true });
    const ended = start(['-e', '0']);
    await ended.exited;
    await writeFile(lockFileOf(out()), JSON.stringify({ pid: ended.child.pid, host: hostname(), owner: 'wirekit build', processStart: new Date(0).toISOString(), since: new Date(0).toISOString() }));
    await rename(out(), `${out()}.old-${ended.child.pid}`);
    const server = start([CLI, 'serve', '--port', '0', '--root', root], { WIREKIT_WEBHOOK_SECRET: SECRET });
    await until(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(server.stderr()), 'the server to listen');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stderr())![1]!;
    const body = JSON.stringify({ event: 'publish', article: articleSource({ slug: 'after-a-killed-build' }) });
    const timestamp = Math.floor(Date.now() / 1000);
    const answer = await fetch(`${url}/hooks/publish`, { method: 'POST', headers: { 'x-wirekit-timestamp': String(timestamp), 'x-wirekit-signature': signWebhook(SECRET, timestamp, body) }, body });
    expect(answer.status).toBe(200);
    expect(existsSync(path.join(out(), 'news', '2025', '02', '13', 'after-a-killed-build.html'))).toBe(true);
    expect(server.stderr()).toContain(`took over the lock of wirekit build (pid ${ended.child.pid}`);
    server.child.kill('SIGTERM');
    await server.exited;
    await expectFullBuildIdentical();
  }, 60_000);
});

describe('a server killed mid-publish', () => {
  it('leaves the story in content/ whole or not at all, and its next start brings out/ back to a full build of content/', async () => {
    // Enough stories (with markdown) that a publish's build takes a while to kill it in.
    await writeCorpus(path.join(root, 'content'), 150, path.join(REPO, 'content'), 7, { markup: true });
    expect((await build({ root, config: false })).ok).toBe(true);
    const listen = async (): Promise<{ server: ReturnType<typeof start>; url: string }> => {
      const server = start([CLI, 'serve', '--port', '0', '--root', root], { WIREKIT_WEBHOOK_SECRET: SECRET });
      await until(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(server.stderr()), 'the server to listen', 60_000);
      return { server, url: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stderr())![1]! };
    };
    const signed = (event: unknown, timestamp: number): RequestInit => {
      const body = JSON.stringify(event);
      return { method: 'POST', headers: { 'x-wirekit-timestamp': String(timestamp), 'x-wirekit-signature': signWebhook(SECRET, timestamp, body) }, body };
    };
    const story = articleSource({ slug: 'killed-mid-publish', headline: 'The server died publishing this' });
    const delivery = signed({ event: 'publish', article: story }, Math.floor(Date.now() / 1000));
    const first = await listen();
    const answered = fetch(`${first.url}/hooks/publish`, delivery).then(
      (response) => response.status,
      () => undefined,
    );
    const target = path.join(root, 'content', '2025-02-13-killed-mid-publish.md');
    await until(() => existsSync(target), 'the story to reach content/');
    first.server.child.kill('SIGKILL');
    await first.server.exited;
    await answered;

    // content/: the story as sent (an atomic rename), no temporary file beside it.
    expect(await readFile(target, 'utf8')).toBe(story);
    expect((await readdir(path.join(root, 'content'))).filter((name) => !name.endsWith('.md'))).toEqual([]);

    const second = await listen();
    // The interrupted delivery is not applied twice: its replay gets the answer recorded for it
    // (the interruption, or the 200 when the kill came after the answer was written down).
    const replay = await fetch(`${second.url}/hooks/publish`, delivery);
    expect([200, 409]).toContain(replay.status);
    if (replay.status === 409) expect(await replay.json()).toMatchObject({ error: 'delivery-interrupted' });
    // A publish after the restart waits for the recovery (the lock of a dead writer: a full build).
    const next = await fetch(`${second.url}/hooks/publish`, signed({ event: 'publish', article: articleSource({ slug: 'after-the-restart' }) }, Math.floor(Date.now() / 1000) + 1));
    expect(next.status).toBe(200);
    expect(existsSync(path.join(out(), 'news', '2025', '02', '13', 'killed-mid-publish.html'))).toBe(true);
    expect((await readdir(root)).filter((name) => name.startsWith('out.'))).toEqual([]);
    second.server.child.kill('SIGTERM');
    expect(await second.server.exited).toBe(0);
    await expectFullBuildIdentical();
  }, 180_000);
});
