import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { build, Builder } from '../src/build/build.js';
import { articleSource, projectCopy, removeTemporary, runCli, snapshot } from './helpers.js';

/**
 * The build cache (.wirekit-cache/build): a new builder resumes from it only when it describes
 * the out/ on disk and was written by this code for this project's inputs; every other case is
 * detected and the build runs in full. Either way out/ is byte for byte a full build's.
 */
let project: string;
const cacheFolder = (): string => path.join(project, '.wirekit-cache', 'build');
const article = (name: string): string => path.join(project, 'content', name);
/** The cache's snapshot or journal for this project (named after the start of its key). */
const cacheFile = (kind: 'snapshot' | 'journal'): string => {
  const names = readdirSync(cacheFolder()).filter((name) => name.startsWith(`${kind}-`) && name.endsWith('.bin'));
  expect(names).toHaveLength(1);
  return path.join(cacheFolder(), names[0]!);
};

beforeEach(async () => {
  project = projectCopy('wirekit-cache-');
  writeFileSync(article('2025-02-14-cache-story.md'), articleSource({ slug: 'cache-story', headline: 'A story for the cache', datePublished: '2025-02-14T09:00:00+01:00' }));
  expect((await build({ root: project, config: false })).ok).toBe(true);
});

afterAll(() => removeTemporary());

/** out/ equals what a build from scratch, without any cache, writes. */
async function expectFullBuildIdentical(): Promise<void> {
  const full = await build({ root: project, config: false, out: 'out-full', cacheDir: false });
  expect(full.ok).toBe(true);
  expect(snapshot(path.join(project, 'out'))).toEqual(snapshot(path.join(project, 'out-full')));
  rmSync(path.join(project, 'out-full'), { recursive: true, force: true });
}

async function resumed(): Promise<{ builder: Builder; resumed: boolean }> {
  const builder = await Builder.create({ root: project, config: false, resume: true });
  return { builder, resumed: await builder.resume() };
}

const editHeadline = (headline: string): void => {
  const file = article('2025-02-14-cache-story.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^headline: .*$/m, `headline: ${headline}`));
};

/** The frames of a cache file (4-byte length, sha256, V8 value), to forge or tear them. */
function frames(file: string): unknown[] {
  const bytes = readFileSync(file);
  const values: unknown[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    values.push(deserialize(bytes.subarray(offset + 36, offset + 36 + length)));
    offset += 36 + length;
  }
  return values;
}
function writeFrames(file: string, values: unknown[]): void {
  const parts = values.map((value) => {
    const payload = serialize(value);
    const head = Buffer.alloc(36);
    head.writeUInt32BE(payload.length, 0);
    createHash('sha256').update(payload).digest().copy(head, 4);
    return Buffer.concat([head, payload]);
  });
  writeFileSync(file, Buffer.concat(parts));
}

describe('the build cache', () => {
  it('lets a new builder start where the last build left off: only the changed article is parsed', async () => {
    editHeadline('Edited while no builder ran');
    const { builder, resumed: ok } = await resumed();
    expect(ok).toBe(true);
    const result = await builder.build();
    expect(result.ok).toBe(true);
    // A stale entry (the file changed since the cache was written) is found by its stamp and hash.
    expect(result.stats.rendered).toBe(1);
    expect(result.changes?.changed).toEqual(expect.arrayContaining(['news/2025/02/14/cache-story.html']));
    await expectFullBuildIdentical();
    // And again from the journal the incremental build appended.
    editHeadline('Edited a second time');
    const again = await resumed();
    expect(again.resumed).toBe(true);
    expect((await again.builder.build()).stats.rendered).toBe(1);
    await expectFullBuildIdentical();
  }, 60_000);

  it('is not used when it is corrupt: a flipped byte fails its checksum', async () => {
    const file = cacheFile('snapshot');
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(file, bytes);
    const { builder, resumed: ok } = await resumed();
    expect(ok).toBe(false);
    const result = await builder.build();
    expect(result.stats.rendered).toBe(result.stats.articles);
    await expectFullBuildIdentical();
    // The full build wrote a good cache again.
    expect((await resumed()).resumed).toBe(true);
  }, 60_000);

  it('is not used when its last journal record is torn (a process killed while writing it)', async () => {
    editHeadline('Written to the journal');
    const first = await resumed();
    expect((await first.builder.build()).ok).toBe(true);
    const journal = cacheFile('journal');
    const bytes = readFileSync(journal);
    writeFileSync(journal, bytes.subarray(0, bytes.length - 20));
    // The state before the torn record describes the previous out/, not this one.
    const { builder, resumed: ok } = await resumed();
    expect(ok).toBe(false);
    expect((await builder.build()).stats.rendered).toBeGreaterThan(1);
    await expectFullBuildIdentical();
  }, 60_000);

  it('is not used when another wirekit version (or other code) wrote it', async () => {
    const file = cacheFile('snapshot');
    const [header, ...body] = frames(file) as [{ format: number; key: string }, ...unknown[]];
    // Its key is a digest of the version, the code, V8 and the inputs: any other key is another writer's.
    writeFrames(file, [{ ...header, key: createHash('sha256').update('wirekit 0.0.9').digest('hex') }, ...body]);
    expect((await resumed()).resumed).toBe(false);
    writeFrames(file, [{ ...header, format: header.format + 1 }, ...body]);
    expect((await resumed()).resumed).toBe(false);
    // The untouched header is accepted (the forgery above is what was refused).
    writeFrames(file, [header, ...body]);
    expect((await resumed()).resumed).toBe(true);
  }, 60_000);

  it('is not used when its snapshot was cut short at a frame boundary (every frame whole, the last missing)', async () => {
    const file = cacheFile('snapshot');
    const values = frames(file);
    // Header, records, then the manifest's hash.
    expect(values.length).toBeGreaterThanOrEqual(3);
    writeFrames(file, values.slice(0, -1));
    const { builder, resumed: ok } = await resumed();
    expect(ok).toBe(false);
    const result = await builder.build();
    expect(result.stats.rendered).toBe(result.stats.articles);
    await expectFullBuildIdentical();
    // The full build wrote a whole snapshot again.
    expect((await resumed()).resumed).toBe(true);
  }, 60_000);

  it('is used after a CLI build run elsewhere: another working directory, the compiled code (dist/) rather than the sources', async () => {
    // The server of test/site-links.test.ts rebuilt everything at start: the key held the template's
    // path as shown from the working directory, and the digest of the modules running (dist/*.js
    // for the CLI, src/*.ts here). It holds the path under the root and the sources' digest now.
    expect((await runCli(['build', '--quiet'], { cwd: project })).code).toBe(0);
    expect(process.cwd()).not.toBe(project);
    const { builder, resumed: ok } = await resumed();
    expect(ok).toBe(true);
    editHeadline('Published after a CLI build');
    const result = await builder.build();
    expect(result.ok).toBe(true);
    expect(result.stats.rendered).toBe(1);
    await expectFullBuildIdentical();
  }, 60_000);

  it('is not used when the project inputs changed (config, templates)', async () => {
    const site = path.join(project, 'templates', 'site.json');
    const config = JSON.parse(readFileSync(site, 'utf8')) as { feeds: { limit: number } };
    writeFileSync(site, JSON.stringify({ ...config, feeds: { ...config.feeds, limit: config.feeds.limit + 1 } }, null, 2));
    const { builder, resumed: ok } = await resumed();
    expect(ok).toBe(false);
    const result = await builder.build();
    expect(result.ok).toBe(true);
    expect(result.stats.rendered).toBe(result.stats.articles);
    await expectFullBuildIdentical();
  }, 60_000);

  it('is not used when out/ was rebuilt without it, or deleted; deleting the cache is safe', async () => {
    editHeadline('Built by someone without the cache');
    expect((await build({ root: project, config: false, cacheDir: false })).ok).toBe(true);
    expect((await resumed()).resumed).toBe(false);

    expect((await build({ root: project, config: false })).ok).toBe(true);
    rmSync(path.join(project, 'out'), { recursive: true, force: true });
    const gone = await resumed();
    expect(gone.resumed).toBe(false);
    expect((await gone.builder.build()).ok).toBe(true);
    await expectFullBuildIdentical();

    rmSync(path.join(project, '.wirekit-cache'), { recursive: true, force: true });
    const deleted = await resumed();
    expect(deleted.resumed).toBe(false);
    editHeadline('After the cache was deleted');
    expect((await deleted.builder.build()).ok).toBe(true);
    await expectFullBuildIdentical();
  }, 60_000);
});
