import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { processSource, type ProcessedArticle } from './process.js';
import { loadProject, type ProjectOptions } from './project.js';
import type { OutputCheckOptions } from './check.js';

/**
 * Worker thread: loads the project once (templates, locales), then parses and renders the files
 * it is sent. Messages: `{ id, files: {file, shown}[] }` → `{ id, results }`.
 */
interface Job {
  id: number;
  files: { file: string; shown: string }[];
}

export interface WorkerSetup {
  project: ProjectOptions;
  check: OutputCheckOptions;
}

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const setup = workerData as WorkerSetup;
const project = await loadProject(setup.project);
port.on('message', async (job: Job) => {
  const results: ProcessedArticle[] = [];
  for (const { file, shown } of job.files) {
    const bytes = await readFile(file);
    if (!project.render) throw new Error('templates failed to load in the worker');
    results.push(await processSource({ file, shown, bytes }, project.render, setup.check));
  }
  port.postMessage({ id: job.id, results });
});
port.postMessage({ ready: true });
