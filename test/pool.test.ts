import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../src/bench/corpus.js';
import { processFile, processSource, type ProcessedArticle } from '../src/build/process.js';
import { loadProject } from '../src/build/project.js';
import { sha256 } from '../src/util/hash.js';
import { CONTENT, projectCopy, removeTemporary, snapshot, temporaryFolder } from './helpers.js';

// The pool starts the compiled worker (dist/build/worker.js): `npm test` compiles first.
const { processInWorkers } = (await import('../dist/build/pool.js')) as typeof import('../src/build/pool.js');
const { Builder } = (await import('../dist/build/build.js')) as typeof import('../src/build/build.js');

afterAll(removeTemporary);

/** A project whose content/ holds the bundled articles and `count` generated ones. */
async function projectWith(count: number): Promise<{ root: string; files: { file: string; shown: string }[] }> {
  const root = projectCopy();
  if (count > 0) await writeCorpus(path.join(root, 'content'), count, CONTENT);
  const folder = path.join(root, 'content');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ file: path.join(folder, name), shown: `content/${name}` }));
  return { root, files };
}

async function loaded(root: string) {
  const project = await loadProject({ root });
  if (!project.render || !project.inputs) throw new Error(`project failed to load: ${JSON.stringify(project.diagnostics)}`);
  return { render: project.render, inputs: project.inputs };
}

describe('the worker pool', () => {
  it('renders on worker threads exactly what the main thread renders, with the settings of the project', async () => {
    const { root, files } = await projectWith(70);
    // A config that the main thread runs; the workers get its settings as data.
    writeFileSync(path.join(root, 'wirekit.config.mjs'), "export default { timeZone: 'Asia/Tokyo' };\n");
    const { render, inputs } = await loaded(root);
    const fromWorkers = new Map<string, ProcessedArticle>();
    // No `processHere`: every batch goes to a worker.
    const checker = await processInWorkers(files, { inputs, check: {} }, async (result) => void fromWorkers.set(result.file, result), 2);
    await checker?.close();
    expect([...fromWorkers.keys()].sort()).toEqual(files.map((item) => item.file));
    for (const { file, shown } of files) {
      const here = await processFile(file, shown, render);
      const there = fromWorkers.get(file);
      expect(there?.outputs.map((output) => [output.path, output.content])).toEqual(here.outputs.map((output) => [output.path, output.content]));
      expect(there?.diagnostics).toEqual(here.diagnostics);
      expect(there?.summary?.headline).toBe(here.article?.headline);
    }
    // The configured zone reached the workers: NewsML-G2 times are written at +09:00.
    const item = fromWorkers.get(files[0]?.file ?? '')?.outputs.find((output) => output.path.startsWith('newsml/'));
    expect(item?.content).toMatch(/<versionCreated>[^<]*\+09:00</);
  });

  it('shares the batches between this thread and the workers, each file once', async () => {
    const { root, files } = await projectWith(150);
    const { inputs } = await loaded(root);
    const seen: string[] = [];
    const here: string[] = [];
    const checker = await processInWorkers(
      files,
      { inputs, check: {} },
      async (result) => void seen.push(result.file),
      2,
      undefined,
      async (batch) => {
        for (const item of batch) here.push(item.file);
        seen.push(...batch.map((item) => item.file));
      },
    );
    // One worker beside this thread, kept to check the collections.
    expect(checker).toBeDefined();
    await checker?.close();
    expect(here.length).toBeGreaterThan(0);
    expect(seen.sort()).toEqual(files.map((item) => item.file));
  });

  it('writes every output into the stage, only manifest entries coming back', async () => {
    const { root, files } = await projectWith(100);
    const { render, inputs } = await loaded(root);
    const stage = temporaryFolder();
    const results: ProcessedArticle[] = [];
    const checker = await processInWorkers(files, { inputs, check: {} }, async (result) => void results.push(result), 2, stage);
    await checker?.close();
    const entries = results.flatMap((result) => result.entries ?? []);
    expect(results.every((result) => result.outputs.length === 0)).toBe(true);
    expect(Object.keys(snapshot(stage)).sort()).toEqual(entries.map((entry) => entry.path).sort());
    for (const entry of entries) expect(sha256(readFileSync(path.join(stage, entry.path))), entry.path).toBe(entry.sha256);
    for (const { file, shown } of files.slice(0, 5)) {
      for (const output of (await processFile(file, shown, render)).outputs) expect(readFileSync(path.join(stage, output.path), 'utf8')).toBe(output.content);
    }
  });

  it('builds out/ with a worker as on one thread', async () => {
    const [single, workers] = [(await projectWith(150)).root, (await projectWith(150)).root];
    const one = await (await Builder.create({ root: single, threads: 1 })).build();
    const two = await (await Builder.create({ root: workers, threads: 2 })).build();
    expect(one.ok && two.ok).toBe(true);
    expect(snapshot(path.join(workers, 'out'))).toEqual(snapshot(path.join(single, 'out')));
    // Nothing was left beside out/ (a late write would recreate the stage folder).
    expect(readdirSync(workers).filter((name) => name.startsWith('out'))).toEqual(['out']);
  });

  it('reads each source whole, a long one included', async () => {
    const { root, files } = await projectWith(0);
    const { render } = await loaded(root);
    const [first] = files;
    if (!first) throw new Error('no content');
    // A long file, then a short one: each read whole, neither mixed with the other's bytes.
    const long = path.join(root, 'content', 'long.md');
    writeFileSync(long, `${readFileSync(first.file, 'utf8')}\n${'A long paragraph of the story. '.repeat(6000)}\n`);
    expect(readFileSync(long).length).toBeGreaterThan(2 * 65_536);
    for (const [file, shown] of [[long, 'content/long.md'], [first.file, first.shown]] as const) {
      const read = await processFile(file, shown, render);
      const given = await processSource({ file, shown, bytes: readFileSync(file) }, render);
      expect(read.hash).toBe(given.hash);
      expect(read.outputs.map((output) => output.content)).toEqual(given.outputs.map((output) => output.content));
    }
  });
});
