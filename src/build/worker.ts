import { parentPort, workerData } from 'node:worker_threads';
import { processFiles, type ProcessedArticle } from './process.js';
import { renderOptionsOf, type RenderInputs } from './render-inputs.js';
import { checkOutputs, prepareCollectionChecks, type OutputCheckOptions } from './check.js';
import type { RenderedOutput } from './render.js';
import { OutputEncoder, Stage, type ManifestEntry } from './write.js';
import { articleHeadlinesPart } from '../i18n/report.js';
import { summarize } from './summary.js';

/**
 * Worker thread: builds its render options from the project the main thread loaded (templates,
 * locales, as plain data), then parses and renders the files it is sent.
 * Messages: `{ id, files: {file, shown}[] }` → `{ id, results }`; `{ flush: true }` (no batch
 * left) → the held-back files written → `{ flushed: true }`; `{ prepare: true }`, `{ checked, outputs }`
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
  /** Bytes of output held back until no batch is left (default 96 MB; tests make it small). */
  holdBack?: number;
}

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const setup = workerData as WorkerSetup;
const render = renderOptionsOf(setup.inputs);
const encoder = new OutputEncoder();

/** The stage of the build this worker serves: one for all its batches, so each folder is made once. */
let attached: Stage | undefined;
const stageAt = (folder: string): Stage => (attached?.folder === folder ? attached : (attached = Stage.attach(folder)));

/**
 * Files held back, written once this worker has no batch left: then the main thread renders the
 * collections alone (~0.7 s at 10,000 articles) and this core would idle; meanwhile this worker
 * renders more batches instead of waiting on the disk (each file costs ~60 µs of kernel time on
 * the disk this was measured on). A third of its bytes at most, so that in a small build the
 * writing at the end does not outlast the main thread's work; and 96 MB at most, since the bytes
 * wait in memory (a third was ~96 MB at 10,000 articles).
 */
const HELD_BACK_LIMIT = setup.holdBack ?? 96 * 2 ** 20;
const heldBack: { path: string; bytes: Uint8Array }[] = [];
let heldBackBytes = 0;
let writtenBytes = 0;
// Copied into slabs of 8 MB: a Buffer each cost ~13 µs (and external-memory GCs) for 9,000 files.
const SLAB_BYTES = 8 * 2 ** 20;
let slab = new Uint8Array(0);
let slabUsed = 0;

/** A copy of `bytes` that stays valid after the encoder reuses its buffer. */
function keptCopy(bytes: Uint8Array): Uint8Array {
  if (bytes.length > SLAB_BYTES) return Uint8Array.from(bytes);
  if (slabUsed + bytes.length > slab.length) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const copy = slab.subarray(slabUsed, slabUsed + bytes.length);
  copy.set(bytes);
  slabUsed += bytes.length;
  return copy;
}

/** Writes the held-back files, yielding now and then so that a collection's check is not kept waiting. */
async function writeHeldBack(): Promise<void> {
  const files = heldBack.splice(0);
  heldBackBytes = 0;
  writtenBytes = 0;
  slab = new Uint8Array(0);
  slabUsed = 0;
  // Held back only when writing into a stage: the one attached.
  for (const [index, file] of files.entries()) {
    attached?.writeFile(file.path, file.bytes);
    if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
  }
  // A failed write is kept by the stage and thrown here: the worker fails, and the build with it.
  await attached?.flush();
}

port.on('message', async (message: Job | { checked: number; outputs: RenderedOutput[] } | { prepare: true } | { flush: true }) => {
  if ('flush' in message) {
    await writeHeldBack();
    port.postMessage({ flushed: true });
    return;
  }
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
      const { entry, bytes } = encoder.encode(output);
      if (heldBackBytes + bytes.length <= HELD_BACK_LIMIT && heldBackBytes * 2 < writtenBytes) {
        // A copy: the encoder reuses its buffer.
        heldBack.push({ path: output.path, bytes: keptCopy(bytes) });
        heldBackBytes += bytes.length;
      } else {
        // Written before the next encode reuses the bytes' buffer.
        stage.write(output, bytes);
        writtenBytes += bytes.length;
      }
      entries.push(entry);
    }
    // headlines.json is joined on the main thread from the articles' parts, made here.
    const headlines = article ? { headlines: articleHeadlinesPart(article, site, localizer) } : {};
    results.push({ ...result, outputs: [], entries, ...headlines });
  });
  await stage?.flush();
  port.postMessage({ id: job.id, results });
});
port.postMessage({ ready: true });
