import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from '../src/build/build.js';
import { REPO } from './helpers.js';

/** A throwaway copy of the repository's project (content/, templates/, locales/), built once. */
export async function tempProject(options: { build?: boolean } = {}): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'wirekit-server-'));
  for (const folder of ['content', 'templates', 'locales']) {
    await cp(path.join(REPO, folder), path.join(root, folder), { recursive: true });
  }
  if (options.build !== false) {
    const result = await build({ root, config: false });
    if (!result.ok) throw new Error(`the temp project does not build: ${JSON.stringify(result.diagnostics.filter((item) => item.severity === 'error'), null, 2)}`);
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Every file under `dir` (relative path with `/` → sha256). */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((item) => item.isFile())) {
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), createHash('sha256').update(await readFile(full)).digest('hex'));
  }
  return files;
}

export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): { added: string[]; changed: string[]; removed: string[] } {
  return {
    added: [...after.keys()].filter((file) => !before.has(file)).sort(),
    changed: [...after.keys()].filter((file) => before.has(file) && before.get(file) !== after.get(file)).sort(),
    removed: [...before.keys()].filter((file) => !after.has(file)).sort(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as given (fetch would normalize `..`). */
export function rawRequest(base: string, method: string, rawPath: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

export const sorted = (values: Iterable<string>): string[] => [...values].sort();
