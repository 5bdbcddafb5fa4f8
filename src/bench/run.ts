import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parserFor } from '../article/parse.js';
import type { Article } from '../article/types.js';
import { Builder } from '../build/build.js';
import type { RenderOptions } from '../formats/article-formats.js';
import { writeCorpus } from './corpus.js';
import { benchFeeds } from './feeds.js';
import { profileStages } from './profile.js';
import { newsroomEvents, percentile, publishSequentially, startServer, type PublishRun } from './publish.js';

/**
 * `npm run bench`: numbers, not assertions. Each measurement runs in a child process so its peak
 * memory (maxRSS) is its own, on a fresh copy of the corpus (no out/, no cache: every build is
 * cold). Sizes: 1,000 and 10,000 articles (override: WIREKIT_BENCH_SIZES); at each, the markdown
 * corpus (the default) and the plain-prose one. docs/performance.md says how to read it.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Measurement {
  task: string;
  articles: number;
  ms: number;
  maxRssMb: number;
  extra?: Record<string, number | string>;
  /** Share of the machine's CPU time the hypervisor gave to other guests meanwhile (Linux), in %. */
  stolenPct?: number;
}

async function listArticles(folder: string): Promise<string[]> {
  return readdirSync(folder).filter((name) => name.endsWith('.md')).sort().map((name) => path.join(folder, name));
}

/** A project folder: the repo's templates and locales, a generated content/. */
function projectWith(corpus: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wirekit-bench-project-'));
  for (const part of ['templates', 'locales']) {
    if (existsSync(path.join(repo, part))) cpSync(path.join(repo, part), path.join(root, part), { recursive: true });
  }
  cpSync(corpus, path.join(root, 'content'), { recursive: true });
  return root;
}

/**
 * Folders the bench made, removed at the end rather than between measurements. On this machine's
 * disk (ext4 without a journal) a deleted inode is skipped by the allocator for 1 to 6 minutes
 * (`recently_deleted` in fs/ext4/ialloc.c), and every new file scans past all of them: after the
 * bench removed one measurement's 66,000 files, the next build's 56,000 creations cost 20–26 s of
 * kernel time instead of ~5 (perf: `find_inode_bit`, `recently_deleted`). The bench would be
 * measuring its own clean-up. How a build fares right after such a deletion is measured apart.
 */
const leftovers: string[] = [];

/** Set aside for removal at the end, or removed now when the disk is short of room (< 8 GB free). */
function removeLater(folder: string): void {
  const { bavail, bsize } = statfsSync(tmpdir());
  if (bavail * bsize < 8 * 1024 ** 3) rmSync(folder, { recursive: true, force: true });
  else leftovers.push(folder);
}

/** Removes every folder set aside; returns how many files and folders went. */
function removeLeftovers(): number {
  let entries = 0;
  for (const folder of leftovers.splice(0)) {
    if (existsSync(folder)) entries += readdirSync(folder, { recursive: true }).length;
    rmSync(folder, { recursive: true, force: true });
  }
  if (entries > 0) writeFileSync(REMOVED_AT, String(Date.now()));
  return entries;
}

/** When a bench last removed its folders, for the next run to wait on (see `waitForCalmDisk`). */
const REMOVED_AT = path.join(tmpdir(), 'wirekit-bench-removed-at');
const CALM_AFTER_MS = 6 * 60_000;

/**
 * A bench started within 6 minutes of the previous one's removal would measure that removal (a
 * run started 3 minutes after one measured 3.38×, 1.58×, then 1.00×): wait out the rest of the 6
 * minutes, and say so. `WIREKIT_BENCH_NO_WAIT=1` skips the wait.
 */
function waitForCalmDisk(): void {
  if (process.env['WIREKIT_BENCH_NO_WAIT']) return;
  let removedAt: number;
  try {
    removedAt = Number(readFileSync(REMOVED_AT, 'utf8'));
  } catch {
    return;
  }
  const wait = removedAt + CALM_AFTER_MS - Date.now();
  if (!(wait > 0 && wait <= CALM_AFTER_MS)) return;
  console.log(
    `waiting ${Math.ceil(wait / 1000)} s first: the previous bench removed its files ${Math.round((Date.now() - removedAt) / 1000)} s ago, and this disk ` +
      'may still skip those inodes at every file creation (WIREKIT_BENCH_NO_WAIT=1 to start at once)',
  );
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
}

const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** CPU time of the whole process so far (every thread), user and kernel, in ms. */
function cpuMs(): { userMs: number; systemMs: number } {
  const usage = process.cpuUsage();
  return { userMs: Math.round(usage.user / 1000), systemMs: Math.round(usage.system / 1000) };
}

/**
 * The disk's share: the same files (paths and sizes) written again into a fresh folder, one
 * thread, `writeFileSync`, nothing computed. On this machine's disk creating a file cost
 * 0.2–0.8 ms of kernel time, so at 56,000 files the disk alone can rival the floor.
 */
function writeAlone(outDir: string, files: readonly { path: string; bytes: number }[]): number {
  const target = `${outDir}.write-alone`;
  rmSync(target, { recursive: true, force: true });
  execFileSync('sync');
  const started = performance.now();
  const made = new Set<string>();
  for (const file of files) {
    const full = path.join(target, ...file.path.split('/'));
    const folder = path.dirname(full);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(full, Buffer.alloc(file.bytes, 120));
  }
  // Left in place: it is inside the project folder, which the bench removes at the end.
  return performance.now() - started;
}

/** The corpus parsed with the project's templates (for the per-format tasks). */
async function parsedArticles(folder: string, files: readonly string[]): Promise<{ articles: Article[]; render: RenderOptions }> {
  const { parseArticle } = await import('../article/parse.js');
  const { loadProject } = await import('../build/project.js');
  const project = await loadProject({ root: folder });
  if (!project.render) throw new Error('templates failed to load');
  const articles: Article[] = [];
  for (const file of files) {
    const parsed = parseArticle(await readFile(file), { path: file, site: project.render.site });
    if (parsed.article) articles.push(parsed.article);
  }
  return { articles, render: project.render };
}

async function task(name: string, folder: string): Promise<Measurement> {
  const files = await listArticles(path.join(folder, 'content'));
  const started = performance.now();
  if (name === 'floor') {
    // Reading + the build's remark parser + the front matter's YAML, one thread: the reference
    // every build is measured against.
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const head = parserFor(text).parse(text).children[0];
      if (head?.type !== 'yaml') throw new Error(`bench floor: ${file} has no front matter`);
      parseYaml(head.value);
    }
    const { userMs, systemMs } = cpuMs();
    return { task: name, articles: files.length, ms: performance.now() - started, maxRssMb: rssMb(), extra: { userMs, systemMs } };
  }
  if (name === 'profile') {
    // A one-thread build under the sampling profiler: where its CPU goes, by stage.
    const stages = await profileStages(async () => {
      const result = await (await Builder.create({ root: folder, threads: 1 })).build();
      if (!result.ok) throw new Error('bench profile: the build failed');
    });
    const total = stages.reduce((sum, { ms }) => sum + ms, 0);
    const extra = Object.fromEntries(stages.map(({ stage, ms }) => [stage, `${Math.round(ms)} ms (${((100 * ms) / total).toFixed(1)} %)`]));
    return { task: name, articles: files.length, ms: performance.now() - started, maxRssMb: rssMb(), extra: { 'sampled CPU': `${Math.round(total)} ms`, ...extra } };
  }
  if (name === 'build' || name === 'build-1-thread') {
    // Cold: a cache or an earlier out/ must not be what makes the build fast.
    for (const left of ['out', '.wirekit-cache']) if (existsSync(path.join(folder, left))) throw new Error(`bench build: ${left}/ exists in ${folder}; the build must be cold`);
    const builder = await Builder.create({ root: folder, ...(name === 'build-1-thread' ? { threads: 1 } : {}) });
    const result = await builder.build();
    const ms = performance.now() - started;
    const { userMs, systemMs } = cpuMs();
    const maxRssMb = rssMb();
    if (!result.ok) throw new Error(`bench build failed: ${JSON.stringify(result.diagnostics.filter((item) => item.severity === 'error').slice(0, 3))}`);
    const writeMs = name === 'build' ? Math.round(writeAlone(result.outDir, result.files)) : 0;
    return { task: name, articles: files.length, ms, maxRssMb, extra: { files: result.stats.files, userMs, systemMs, writeMs } };
  }
  if (name === 'incremental') {
    const builder = await Builder.create({ root: folder });
    const full = await builder.build();
    const fullMs = performance.now() - started;
    const target = files[Math.floor(files.length / 2)] ?? '';
    writeFileSync(target, readFileSync(target, 'utf8').replace(/^headline: (.*)$/m, 'headline: "Changed: a new headline for the benchmark"'));
    const again = performance.now();
    const update = await builder.build();
    const updateMs = performance.now() - again;
    if (!full.ok || !update.ok) throw new Error('bench incremental build failed');
    return {
      task: name,
      articles: files.length,
      ms: updateMs,
      maxRssMb: rssMb(),
      extra: { fullMs: Math.round(fullMs), rendered: update.stats.rendered, written: update.stats.written, speedup: Number((fullMs / updateMs).toFixed(1)) },
    };
  }
  if (name === 'feeds') {
    const { articles, render } = await parsedArticles(folder, files);
    const result = benchFeeds(articles, render);
    return {
      task: name,
      articles: result.items,
      ms: result.wirekitMs,
      maxRssMb: rssMb(),
      extra: { feedMs: Math.round(result.feedMs), ratio: Number(result.ratio.toFixed(2)), outputKb: result.outputKb, prepareMs: Math.round(result.prepareMs) },
    };
  }

  if (name === 'newsml') {
    // NewsML-G2 + ninjs generation and schema validation (src/bench/newsml.ts).
    const { benchNewsml } = await import('./newsml.js');
    const { articles, render } = await parsedArticles(folder, files);
    const rows = await benchNewsml(articles, render, process.env['WIREKIT_SPECS'] ?? path.resolve(repo, '..', 'shared', 'specs'));
    const extra = Object.fromEntries(rows.map((row) => [row.label, `${Math.round(row.ms)} ms, ${Math.round(((row.documents ?? articles.length) / row.ms) * 1000).toLocaleString('en-US')} docs/s${row.errors === undefined ? '' : `, ${row.errors} errors`}`]));
    return { task: name, articles: articles.length, ms: rows.reduce((sum, row) => sum + row.ms, 0), maxRssMb: rssMb(), extra };
  }
  if (name === 'publish') return publishTask(folder, files.length);
  throw new Error(`unknown bench task ${name}`);
}

/**
 * `wirekit serve` on a built out/ (built by `wirekit build`), then signed publishes one after the
 * other (src/bench/publish.ts), then a restart and one more: first-after-start twice, the rest warm.
 */
async function publishTask(folder: string, articles: number): Promise<Measurement> {
  const cli = path.join(repo, 'dist', 'cli.js');
  const count = Number.parseInt(process.env['WIREKIT_BENCH_PUBLISHES'] ?? '', 10) || 20;
  const started = performance.now();
  execFileSync(process.execPath, [cli, 'build', '--root', folder, '--quiet'], { stdio: 'ignore' });
  const buildMs = performance.now() - started;
  // The build's ~700 MB written back to disk first, as for a server started some time after a
  // build: its first publish (renames, the delivery log's fsync) is not timed against that write-back.
  execFileSync('sync');
  const content = path.join(folder, 'content');
  const first = await startServer(cli, folder);
  let run: PublishRun;
  try {
    run = await publishSequentially(first.url, newsroomEvents(content, count, 0));
  } finally {
    await first.stop();
  }
  const second = await startServer(cli, folder);
  let again: PublishRun;
  try {
    again = await publishSequentially(second.url, newsroomEvents(content, 2, 1));
  } finally {
    await second.stop();
  }
  const firsts = [run.latencies[0] ?? Number.NaN, again.latencies[0] ?? Number.NaN];
  const warm = [...run.latencies.slice(1), ...again.latencies.slice(1)];
  return {
    task: 'publish',
    articles,
    ms: percentile(warm, 0.5),
    maxRssMb: rssMb(),
    extra: {
      buildMs: Math.round(buildMs),
      warmP50: Math.round(percentile(warm, 0.5)),
      warmP95: Math.round(percentile(warm, 0.95)),
      warmMax: Math.round(Math.max(...warm)),
      firstAfterStart: firsts.map((ms) => Math.round(ms)).join(', '),
      startMs: [first.startMs, second.startMs].map((ms) => Math.round(ms)).join(', '),
      all: [...run.latencies, ...again.latencies].map((ms) => Math.round(ms)).join(' '),
    },
  };
}

function child(taskName: string, folder: string): Measurement {
  const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--task', taskName, folder], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = output.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as Measurement;
}

/** The machine's CPU time so far from /proc/stat (Linux): busy (steal included) and stolen, in ticks. */
function hostTicks(): { busy: number; stolen: number } | undefined {
  try {
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    return { busy: user + nice + system + irq + softirq + steal, stolen: steal };
  } catch {
    return undefined;
  }
}

/** One task in its own process, on `project` (removed at the end). */
function measureIn(project: string, name: string): Measurement {
  // Flush the copy's writes first, so they are not billed to the measurement.
  execFileSync('sync');
  try {
    // The same floor took 27 to 54 s from one hour to the next on the 2-core VM: print the steal, one visible cause.
    const before = hostTicks();
    const measured = child(name, project);
    const after = hostTicks();
    if (!before || !after || after.busy <= before.busy) return measured;
    return { ...measured, stolenPct: Math.round((100 * (after.stolen - before.stolen)) / (after.busy - before.busy)) };
  } finally {
    removeLater(project);
  }
}

/** One task in its own process, on a fresh project holding a copy of `corpus`. */
const measure = (corpus: string, name: string): Measurement => measureIn(projectWith(corpus), name);

const sizesRun = (process.env['WIREKIT_BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);

const stolen = (measurement: Measurement): string => (measurement.stolenPct === undefined ? '' : ` (${measurement.stolenPct} % stolen)`);

const perSecond = (measurement: Measurement): string => `${Math.round((measurement.articles / measurement.ms) * 1000).toLocaleString('en-US')} articles/s`;

async function main(): Promise<void> {
  const taskIndex = process.argv.indexOf('--task');
  if (taskIndex !== -1) {
    const result = await task(process.argv[taskIndex + 1] ?? '', process.argv[taskIndex + 2] ?? '');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  waitForCalmDisk();
  try {
    await measureAll(sizesRun);
  } finally {
    removeLeftovers();
  }
}

/**
 * The build's CPU time (every thread, user + kernel) over the floor's: the work it does for each
 * unit of the floor's, apart from how well the machine runs its threads side by side (on 2 busy
 * cores, with little time stolen, the wall ratio came out near it divided by 1.8–1.9).
 */
function cpuRatio(build: Measurement, floor: Measurement): string {
  const cpu = (measured: Measurement): number => Number(measured.extra?.['userMs'] ?? Number.NaN) + Number(measured.extra?.['systemMs'] ?? Number.NaN);
  return `${(cpu(build) / cpu(floor)).toFixed(2)}×`;
}

/** A fresh corpus of `size` stories: the markdown one (the default) or plain prose. */
async function corpusOf(size: number, kind: Kind): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), 'wirekit-bench-corpus-'));
  await writeCorpus(folder, size, path.join(repo, 'content'), 20250213, { markup: kind === 'markdown' });
  return folder;
}

type Kind = 'markdown' | 'plain';

/**
 * Floor and cold build, alternating `pairs` times (the machine's speed drifts from minute to
 * minute); every pair is printed, and the median pair (by ratio) is the one reported.
 */
function floorAndBuild(corpus: string, pairs: number): { floor: Measurement; full: Measurement; shown: string } {
  const measured: [Measurement, Measurement][] = [];
  for (let index = 0; index < pairs; index++) measured.push([measure(corpus, 'floor'), measure(corpus, 'build')]);
  const byRatio = [...measured].sort(([floorA, buildA], [floorB, buildB]) => buildA.ms / floorA.ms - buildB.ms / floorB.ms);
  const [floor, full] = byRatio[Math.floor((byRatio.length - 1) / 2)] ?? [];
  if (!floor || !full) throw new Error('bench: no floor/build pair was measured');
  const shown = measured.map(([a, b]) => `${(a.ms / 1000).toFixed(1)}${stolen(a)} / ${(b.ms / 1000).toFixed(1)} s${stolen(b)} = ${(b.ms / a.ms).toFixed(2)}×`).join('; ');
  return { floor, full, shown };
}

async function measureAll(sizes: readonly number[]): Promise<void> {
  console.log(`wirekit bench — node ${process.version}, ${(await import('node:os')).availableParallelism()} cores; seeded corpora shaped like the ANSA story`);
  const largest = Math.max(...sizes);
  const pairCount = Math.max(1, Number.parseInt(process.env['WIREKIT_BENCH_PAIRS'] ?? '', 10) || 3);
  for (const size of sizes) {
    const ratios: string[] = [];
    for (const kind of ['markdown', 'plain'] as const) {
      const corpus = await corpusOf(size, kind);
      const { floor, full, shown } = floorAndBuild(corpus, size === largest ? pairCount : 1);
      console.log(`\n${size.toLocaleString('en-US')} articles, ${kind === 'markdown' ? 'markdown corpus (bold dateline, emphasis and a link in most paragraphs)' : 'plain-prose corpus'}`);
      if (size === largest && pairCount > 1) console.log(`  floor / build pairs, in order: ${shown}; the median pair follows`);
      console.log(`  floor (read + remark parse + YAML, 1 thread)  ${Math.round(floor.ms)} ms  ${perSecond(floor)}  peak ${floor.maxRssMb} MB${stolen(floor)}`);
      console.log(`  wirekit build, cold (all outputs, all cores)  ${Math.round(full.ms)} ms  ${perSecond(full)}  peak ${full.maxRssMb} MB  ${full.extra?.['files']} files  ratio to floor ${(full.ms / floor.ms).toFixed(2)}×${stolen(full)}`);
      console.log(
        `    CPU (all threads): user ${full.extra?.['userMs']} ms, kernel ${full.extra?.['systemMs']} ms, ${cpuRatio(full, floor)} the floor's; ` +
          `writing the same files alone (1 thread, no rendering): ${full.extra?.['writeMs']} ms`,
      );
      ratios.push(`${kind} ${(full.ms / floor.ms).toFixed(2)}× (peak ${full.maxRssMb} MB)`);
      if (kind === 'markdown') markdownOnly(corpus, size, size === largest, floor);
      removeLater(corpus);
    }
    console.log(`\n${size.toLocaleString('en-US')} articles, cold build / floor: ${ratios.join(', ')}`);
  }
}

/** On the markdown corpus only: the one-thread build, its CPU by stage, incremental, publish latency; feeds and NewsML at the largest size. */
function markdownOnly(corpus: string, size: number, isLargest: boolean, floor: Measurement): void {
  const single = measure(corpus, 'build-1-thread');
  console.log(`  wirekit build, cold (1 thread)                ${Math.round(single.ms)} ms  ${perSecond(single)}  peak ${single.maxRssMb} MB  ratio to floor ${(single.ms / floor.ms).toFixed(2)}×`);
  if (size === Math.min(...sizesRun)) {
    const profiled = measure(corpus, 'profile');
    console.log(`  CPU of a one-thread build by stage (sampling profiler, ${profiled.extra?.['sampled CPU']} sampled):`);
    for (const [stage, value] of Object.entries(profiled.extra ?? {})) if (stage !== 'sampled CPU') console.log(`    ${stage}: ${value}`);
  }
  const incremental = measure(corpus, 'incremental');
  console.log(`  incremental: full ${incremental.extra?.['fullMs']} ms, one article changed → ${Math.round(incremental.ms)} ms (rendered ${incremental.extra?.['rendered']}, wrote ${incremental.extra?.['written']} files), ${incremental.extra?.['speedup']}× faster`);
  publishLatency(corpus);
  if (!isLargest) return;
  const feeds = measure(corpus, 'feeds');
  console.log(
    `  feeds, ${feeds.articles.toLocaleString('en-US')} items, RSS + Atom + JSON Feed: wirekit ${Math.round(feeds.ms)} ms, npm feed@6 ${feeds.extra?.['feedMs']} ms ` +
      `(feed@6 takes ${feeds.extra?.['ratio']}× as long; ${feeds.extra?.['outputKb']} KB written; shared item preparation ${feeds.extra?.['prepareMs']} ms, untimed for both)`,
  );
  const newsml = measure(corpus, 'newsml');
  console.log(`  NewsML-G2 + ninjs for ${newsml.articles.toLocaleString('en-US')} articles: ${Math.round(newsml.ms)} ms in all, ${perSecond(newsml)} (generation + validation), peak ${newsml.maxRssMb} MB`);
  for (const [label, value] of Object.entries(newsml.extra ?? {})) console.log(`    ${label}: ${value}`);
}

/**
 * Publish latency on the markdown corpus (src/bench/publish.ts): `wirekit serve` on an out/ built
 * by `wirekit build`, 20 signed publishes one after the other (new story, headline edit,
 * correction, unpublish), then a restart and two more.
 */
function publishLatency(corpus: string): void {
  const extra = measure(corpus, 'publish').extra ?? {};
  console.log(
    `  publish (signed POST /hooks/publish to wirekit serve, answered with out/ written): warm p50 ${extra['warmP50']} ms, p95 ${extra['warmP95']} ms, max ${extra['warmMax']} ms; ` +
      `first after start ${extra['firstAfterStart']} ms (server listening ${extra['startMs']} ms after it started); full build first ${extra['buildMs']} ms`,
  );
  console.log(`    every publish in order (ms): ${extra['all']}`);
}

await main();
