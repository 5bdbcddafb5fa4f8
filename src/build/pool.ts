import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProcessedArticle } from './process.js';
import type { WorkerSetup } from './worker.js';

/**
 * Parse + render on every core: parsing is most of the work and is per article. Files go out in
 * small batches so a slow file does not leave the other worker idle; results come back in order.
 */
export const BATCH = 32;

export async function processInWorkers(
  files: readonly { file: string; shown: string }[],
  setup: WorkerSetup,
  onResult: (result: ProcessedArticle, index: number) => Promise<void>,
  threads = Math.max(1, Math.min(availableParallelism(), 8)),
  stageFolder?: string,
): Promise<void> {
  const batches: { id: number; start: number; files: { file: string; shown: string }[] }[] = [];
  for (let start = 0; start < files.length; start += BATCH) {
    batches.push({ id: batches.length, start, files: files.slice(start, start + BATCH) });
  }
  let next = 0;
  const handled: Promise<void>[] = [];
  const workerUrl = new URL('./worker.js', import.meta.url);
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: setup });
      const send = (): void => {
        const batch = batches[next++];
        if (!batch) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage({ id: batch.id, files: batch.files, stage: stageFolder });
      };
      worker.on('message', (message: { ready?: true; id?: number; results?: ProcessedArticle[] }) => {
        const { results, id } = message;
        if (!results || id === undefined) {
          send();
          return;
        }
        // Ask for the next batch first, so the worker parses while this thread writes.
        send();
        const start = batches[id]?.start ?? 0;
        const handling = (async () => {
          for (const [offset, result] of results.entries()) await onResult(result, start + offset);
        })();
        handling.catch(reject);
        handled.push(handling);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0 && code !== 1) reject(new Error(`build worker exited with code ${code}`));
      });
    });
  await Promise.all(Array.from({ length: Math.min(threads, batches.length) }, run));
  await Promise.all(handled);
}

/** Where the compiled worker lives; absent when running from TypeScript sources (tests). */
export const workerAvailable = (): boolean => existsSync(fileURLToPath(new URL('./worker.js', import.meta.url)));
