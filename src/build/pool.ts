import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProcessedArticle } from './process.js';
import type { WorkerSetup } from './worker.js';
import { outputFormat } from './check.js';
import type { RenderedOutput } from './render.js';
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

type WorkerReply = { ready: true } | { id: number; results: ProcessedArticle[] } | { checked: number; diagnostics: Diagnostic[] };

/**
 * Process `files` on worker threads; resolves when every result went to `onResult`, with the
 * first worker to run out of batches kept alive as an `OutputChecker` (the caller closes it).
 */
export async function processInWorkers(
  files: readonly { file: string; shown: string }[],
  setup: WorkerSetup,
  onResult: (result: ProcessedArticle, index: number) => Promise<void>,
  threads = Math.max(1, Math.min(availableParallelism(), 8)),
  stageFolder?: string,
): Promise<OutputChecker | undefined> {
  const batches: { id: number; start: number; files: { file: string; shown: string }[] }[] = [];
  for (let start = 0; start < files.length; start += BATCH) {
    batches.push({ id: batches.length, start, files: files.slice(start, start + BATCH) });
  }
  let next = 0;
  const handled: Promise<void>[] = [];
  const workerUrl = new URL('./worker.js', import.meta.url);
  let kept: Worker | undefined;
  const checks = new Map<number, { resolve: (diagnostics: Diagnostic[]) => void; reject: (error: unknown) => void }>();
  const failChecks = (error: unknown): void => {
    for (const pending of checks.values()) pending.reject(error);
    checks.clear();
  };
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: setup });
      const send = (): void => {
        const batch = batches[next++];
        if (!batch) {
          if (kept) void worker.terminate().then(() => resolve());
          else {
            kept = worker;
            resolve();
          }
          return;
        }
        worker.postMessage({ id: batch.id, files: batch.files, stage: stageFolder });
      };
      worker.on('message', (message: WorkerReply) => {
        if ('checked' in message) {
          checks.get(message.checked)?.resolve(message.diagnostics);
          checks.delete(message.checked);
          return;
        }
        if (!('results' in message)) {
          send();
          return;
        }
        const { results, id } = message;
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
    });
  try {
    await Promise.all(Array.from({ length: Math.min(threads, batches.length) }, run));
    await Promise.all(handled);
  } catch (error) {
    await kept?.terminate();
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
