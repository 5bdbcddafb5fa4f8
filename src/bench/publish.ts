import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Publish latency as a CMS meets it: `wirekit serve` started on a built `out/`, then signed
 * `POST /hooks/publish` events, one after the other, each timed from the request to its answer.
 * The first event after the server started is timed apart (it pays for whatever the server did
 * not load at start).
 */
const SECRET = 'bench-secret-0123456789abcdef';

export interface PublishRun {
  /** Each event's latency in ms, in order (the first is the first after start). */
  latencies: number[];
  /** What each answered: status and files changed. */
  answers: { status: number; kind: string; files: number }[];
}

/** `wirekit serve` on `root`, answering once it listens. */
export async function startServer(cli: string, root: string): Promise<{ url: string; child: ChildProcess; startMs: number; stop: () => Promise<void> }> {
  const started = performance.now();
  // WIREKIT_BENCH_SERVE_NODE_ARGS: node flags for the server (`--cpu-prof --cpu-prof-dir=…`).
  const nodeArgs = (process.env['WIREKIT_BENCH_SERVE_NODE_ARGS'] ?? '').split(/\s+/).filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve', '--root', root, '--port', '0'], {
    env: { ...process.env, WIREKIT_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const found = /listening on (http:\/\/\S+)/.exec(text);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`wirekit serve exited (${code}): ${text}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, child, startMs: performance.now() - started, stop };
}

let sequence = 0;

/** One signed publish event (wirekit's signature scheme), timed. */
export async function sendEvent(url: string, event: Record<string, unknown>): Promise<{ status: number; ms: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(event);
  // A distinct timestamp per event keeps every delivery id distinct (they are digests of it and the MAC).
  const timestamp = String(Math.floor(Date.now() / 1000) - 100 + (sequence++ % 90));
  const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
  const started = performance.now();
  const response = await fetch(`${url}/hooks/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wirekit-timestamp': timestamp, 'x-wirekit-signature': `sha256=${signature}` },
    body,
  });
  const answer = (await response.json()) as Record<string, unknown>;
  return { status: response.status, ms: performance.now() - started, body: answer };
}

/**
 * `count` events on different stories, cycling through what a newsroom sends: a new breaking
 * story, a headline edit, a correction (`signal: correction`, version 2), an unpublish. Edited
 * stories are the newest ones (the corpus dates them over February 2025), so every feed changes.
 */
export function newsroomEvents(contentDir: string, count: number, round: number): Record<string, unknown>[] {
  const files = readdirSync(contentDir).filter((name) => name.endsWith('.md')).sort();
  // The newest stories first: the corpus's last day (index % 28 === 27), latest first, then the
  // rest. A story is never taken twice in a round: an edit built from its text before a
  // correction of the same round would carry an older version, which the server refuses.
  const lastDay = (_name: string, index: number): boolean => index % 28 === 27;
  const newest = [...files.filter(lastDay).reverse(), ...files.filter((name, index) => !lastDay(name, index)).reverse()];
  const events: Record<string, unknown>[] = [];
  let pick = round * count;
  const nextStory = (): string => {
    const file = newest[pick++];
    if (file === undefined) throw new Error(`bench publish: ${files.length} stories in ${contentDir}, too few for ${count} events in round ${round}`);
    return readFileSync(path.join(contentDir, file), 'utf8');
  };
  for (let index = 0; index < count; index++) {
    const kind = index % 4;
    if (kind === 0) {
      const story = nextStory().replace(/^slug: (.*)$/m, `slug: breaking-${round}-${index}`).replace(/^datePublished: .*$/m, `datePublished: 2025-03-01T${String(10 + (index % 10)).padStart(2, '0')}:${String(round % 60).padStart(2, '0')}:00+01:00`);
      events.push({ event: 'publish', article: story.replace(/^headline: .*$/m, `headline: "Breaking: story ${round}-${index} just in"`) });
    } else if (kind === 1) {
      events.push({ event: 'publish', article: nextStory().replace(/^headline: .*$/m, `headline: "Updated headline ${round}-${index} for the desk"`) });
    } else if (kind === 2) {
      const story = nextStory().replace(/^slug: (.*)$/m, 'slug: $1\nversion: 2\nsignal: correction\neditorialNote: "Corrects the name of the minister"');
      events.push({ event: 'publish', article: story });
    } else {
      const slug = /^slug: (.*)$/m.exec(nextStory())?.[1] ?? '';
      events.push({ event: 'unpublish', slug });
    }
  }
  return events;
}

/** Events one after the other, each answered before the next is sent. */
export async function publishSequentially(url: string, events: readonly Record<string, unknown>[]): Promise<PublishRun> {
  const run: PublishRun = { latencies: [], answers: [] };
  for (const event of events) {
    const { status, ms, body } = await sendEvent(url, event);
    if (status !== 200) throw new Error(`bench publish answered ${status}: ${JSON.stringify(body).slice(0, 2000)}`);
    const files = ['added', 'changed', 'removed'].reduce((sum, key) => sum + (Array.isArray(body[key]) ? (body[key] as unknown[]).length : 0), 0);
    run.latencies.push(ms);
    run.answers.push({ status, kind: String(event['event']), files });
  }
  return run;
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
}
