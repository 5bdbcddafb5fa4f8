import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProcessedArticle } from './process.js';
import type { WorkerSetup } from './worker.js';
import { outputFormat } from './check.js';
import type { RenderedOutput } from '../formats/article-formats.js';
import type { Diagnostic } from '../util/diagnostics.js';

/**
 * Parse + render on every core: parsing is most of the work and is per article. Files go out in
 * small batches so a slow file does not leave the other worker idle; results come back in order.
 */
export const BATCH = 32;

/** A worker kept after the articles, to check the collections while the main thread writes them. */
export interface OutputChecker {
  check(outputs: readonly RenderedOutput[]): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

type WorkerReply = { id: number; results: ProcessedArticle[] } | { checked: number; diagnostics: Diagnostic[] };

/** How many batches a worker holds at once: its next one is there when it finishes one. */
const QUEUED_PER_WORKER = 2;

/**
 * Process `files` on worker threads, and on this thread too when `processHere` is given (it must
 * hand each result to `onResult` itself): then `threads` counts this thread, so two cores run one
 * worker beside it. Working here costs no start-up (the modules are loaded and compiled already)
 * and no copying of results; the worker holds two batches so it never waits while this thread
 * works. Resolves when every result went to `onResult`, with the first worker to run out of
 * batches kept alive as an `OutputChecker` (the caller closes it).
 */
export async function processInWorkers(
  files: readonly { file: string; shown: string; bytes?: Uint8Array }[],
  setup: WorkerSetup,
  onResult: (result: ProcessedArticle, index: number) => Promise<void>,
  threads = Math.max(1, Math.min(availableParallelism(), 8)),
  stageFolder?: string,
  processHere?: (files: readonly { file: string; shown: string; bytes?: Uint8Array }[]) => Promise<void>,
): Promise<OutputChecker | undefined> {
  const batches: { id: number; start: number; files: { file: string; shown: string }[] }[] = [];
  for (let start = 0; start < files.length; start += BATCH) {
    batches.push({ id: batches.length, start, files: files.slice(start, start + BATCH).map(({ file, shown }) => ({ file, shown })) });
  }
  let next = 0;
  const handled: Promise<void>[] = [];
  const workerUrl = new URL('./worker.js', import.meta.url);
  let kept: Worker | undefined;
  const started: Worker[] = [];
  const checks = new Map<number, { resolve: (diagnostics: Diagnostic[]) => void; reject: (error: unknown) => void }>();
  const failChecks = (error: unknown): void => {
    for (const pending of checks.values()) pending.reject(error);
    checks.clear();
  };
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: setup });
      started.push(worker);
      let holding = 0;
      /** Hand the worker its next batch; with none left and none held, it is done. */
      const send = (): boolean => {
        const batch = batches[next];
        if (!batch) {
          if (holding > 0) return false;
          if (kept) {
            worker.terminate().then(() => resolve(), reject);
          } else {
            // Kept to check the collections while this thread renders them.
            kept = worker;
            worker.postMessage({ prepare: true });
            resolve();
          }
          return false;
        }
        next++;
        holding++;
        worker.postMessage({ id: batch.id, files: batch.files, stage: stageFolder });
        return true;
      };
      worker.on('message', (message: WorkerReply) => {
        if ('checked' in message) {
          checks.get(message.checked)?.resolve(message.diagnostics);
          checks.delete(message.checked);
          return;
        }
        const { results, id } = message;
        holding--;
        // Ask for the next batch first, so the worker parses while this thread writes.
        send();
        const start = batches[id]?.start ?? 0;
        const handling = (async () => {
          for (const [offset, result] of results.entries()) await onResult(result, start + offset);
        })();
        handling.catch(reject);
        handled.push(handling);
      });
      worker.on('error', (error) => {
        failChecks(error);
        reject(error);
      });
      worker.on('exit', (code) => {
        const error = new Error(`build worker exited with code ${code}`);
        if (worker === kept) failChecks(error);
        if (code !== 0 && code !== 1) reject(error);
      });
      // Its batches go out now and wait in its port: sent once it said it was ready, they waited
      // for this thread to finish its first batch (cold, the slowest), the worker idle meanwhile.
      for (let queued = 0; queued < QUEUED_PER_WORKER && send(); queued++);
    });
  const here = async (): Promise<void> => {
    if (!processHere) return;
    for (let batch = batches[next]; batch; batch = batches[next]) {
      next++;
      await processHere(files.slice(batch.start, batch.start + batch.files.length));
      // Let the workers' messages in (their replies wait for this thread's event loop).
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const workers = Math.min(processHere ? threads - 1 : threads, batches.length);
  try {
    await Promise.all([...Array.from({ length: workers }, run), here()]);
    await Promise.all(handled);
  } catch (error) {
    // No batch goes out any more, and no worker outlives the failure (a live one keeps the process up).
    next = batches.length;
    await Promise.all(started.map((worker) => worker.terminate()));
    throw error;
  }
  const worker = kept;
  if (!worker) return undefined;
  let checked = 0;
  return {
    check: (outputs) =>
      new Promise((resolve, reject) => {
        const id = checked++;
        checks.set(id, { resolve, reject });
        // Only what the check reads: headlines.json alone is 18 MB at 10,000 articles.
        worker.postMessage({ checked: id, outputs: outputs.filter((output) => outputFormat(output) !== undefined) });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** Where the compiled worker lives; absent when running from TypeScript sources (tests). */
export const workerAvailable = (): boolean => existsSync(fileURLToPath(new URL('./worker.js', import.meta.url)));
