import { parentPort, workerData } from 'node:worker_threads';
import { processFiles, type ProcessedArticle } from './process.js';
import { renderOptionsOf, type RenderInputs } from './render-inputs.js';
import { checkOutputs, prepareCollectionChecks, type OutputCheckOptions } from './check.js';
import type { RenderedOutput } from '../formats/article-formats.js';
import { encodeOutput, Stage, type ManifestEntry } from './write.js';
import { articleHeadlinesPart } from '../i18n/report.js';
import { summarize } from './summary.js';

/**
 * Worker thread: builds its render options from the project the main thread loaded (templates,
 * locales, as plain data), then parses and renders the files it is sent.
 * Messages: `{ id, files: {file, shown}[] }` → `{ id, results }` (the outputs written into the
 * stage, only their manifest entries sent back); `{ prepare: true }`, `{ checked, outputs }`
 * → `{ checked, diagnostics }` for the worker kept to check the collections.
 */
interface Job {
  id: number;
  files: { file: string; shown: string }[];
  /** Stage folder to write outputs into, so only hashes travel back to the main thread. */
  stage?: string;
}

export interface WorkerSetup {
  inputs: RenderInputs;
  check: OutputCheckOptions;
}

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const setup = workerData as WorkerSetup;
const render = renderOptionsOf(setup.inputs);

/** The stage of the build this worker serves: one for all its batches, so each folder is made once. */
let attached: Stage | undefined;
const stageAt = (folder: string): Stage => (attached?.folder === folder ? attached : (attached = Stage.attach(folder)));

port.on('message', async (message: Job | { checked: number; outputs: RenderedOutput[] } | { prepare: true }) => {
  if ('prepare' in message) {
    // Kept to check the collections: get ready while the main thread renders them.
    await prepareCollectionChecks(setup.check);
    return;
  }
  if ('checked' in message) {
    // The collections, checked here while the main thread writes them (see pool.ts).
    port.postMessage({ checked: message.checked, diagnostics: await checkOutputs(message.outputs, setup.check) });
    return;
  }
  const job = message;
  const results: ProcessedArticle[] = [];
  const stage = job.stage === undefined ? undefined : stageAt(job.stage);
  if (!render) throw new Error('the page template failed to compile in the worker');
  const { site, localizer } = render;
  await processFiles(job.files, render, setup.check, async (processed) => {
    // The main thread reads a body back only if a collection needs it (see summary.ts).
    const { article, ...rest } = processed;
    const result: ProcessedArticle = article ? { ...rest, summary: summarize(article) } : rest;
    if (!stage) {
      results.push(result);
      return;
    }
    const entries: ManifestEntry[] = [];
    for (const output of result.outputs) {
      const { entry, bytes } = encodeOutput(output);
      stage.write(output, bytes);
      entries.push(entry);
    }
    // headlines.json is joined on the main thread from the articles' parts, made here.
    const headlines = article ? { headlines: articleHeadlinesPart(article, site, localizer) } : {};
    results.push({ ...result, outputs: [], entries, ...headlines });
  });
  await stage?.flush();
  port.postMessage({ id: job.id, results });
});
