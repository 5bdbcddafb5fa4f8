import { createHash } from 'node:crypto';
import { mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenderedOutput } from './render.js';

export interface ManifestEntry {
  path: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  generator: string;
  files: ManifestEntry[];
}

export const GENERATOR = 'wirekit';
export const GENERATOR_VERSION = '0.1.0';
export const MANIFEST_PATH = 'manifest.json';

export function entryOf(output: RenderedOutput): ManifestEntry {
  const bytes = Buffer.from(output.content, 'utf8');
  return { path: output.path, mediaType: output.mediaType, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const byPath = (a: ManifestEntry, b: ManifestEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The manifest of a set of outputs: sorted by path, no timestamps, so it is byte-stable. */
export function manifestOf(entries: readonly ManifestEntry[]): RenderedOutput {
  const manifest: Manifest = { generator: `${GENERATOR} ${GENERATOR_VERSION}`, files: [...entries].sort(byPath) };
  return { path: MANIFEST_PATH, mediaType: 'application/json', content: `${JSON.stringify(manifest, null, 2)}\n` };
}

/**
 * Files written into a fresh folder beside `out/`, then committed in one step:
 * - `swap` (full build): the folder replaces `out/` by two renames, so readers and a failed build
 *   never see a half-written `out/`;
 * - `merge` (incremental): each staged file is renamed over its old version (atomic per file),
 *   files no longer produced are removed, and the manifest goes last.
 * Writes run a few at a time; `discard` removes the folder after a failed build.
 */
export class Stage {
  private readonly folders = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;

  private constructor(
    readonly outDir: string,
    readonly folder: string,
  ) {}

  static async open(outDir: string): Promise<Stage> {
    const folder = path.join(path.dirname(outDir), `${path.basename(outDir)}.tmp-${process.pid}`);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    return new Stage(outDir, folder);
  }

  /** A writer into an already open stage folder (used by worker threads). */
  static attach(folder: string): Stage {
    return new Stage('', folder);
  }

  /** Queue a write; resolves once fewer than 16 writes are in flight. */
  async write(output: RenderedOutput): Promise<void> {
    const target = path.join(this.folder, ...output.path.split('/'));
    const task = this.writeFile(target, output.content).catch((error: unknown) => {
      this.failure ??= error;
    });
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
    if (this.pending.size >= 16) await Promise.race(this.pending);
  }

  private async writeFile(target: string, content: string): Promise<void> {
    // One mkdir per folder, shared by every write into it (writes run concurrently).
    const folder = path.dirname(target);
    let made = this.folders.get(folder);
    if (!made) {
      made = mkdir(folder, { recursive: true });
      this.folders.set(folder, made);
    }
    await made;
    await writeFile(target, content, 'utf8');
  }

  /** Wait for every queued write; rethrows the first failure. */
  async flush(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }

  /** Full build: the staged folder becomes `out/`. */
  async swap(): Promise<void> {
    await this.flush();
    const retired = path.join(path.dirname(this.outDir), `${path.basename(this.outDir)}.old-${process.pid}`);
    let hadPrevious = true;
    try {
      await rename(this.outDir, retired);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadPrevious = false;
    }
    try {
      await rename(this.folder, this.outDir);
    } catch (error) {
      if (hadPrevious) await rename(retired, this.outDir);
      throw error;
    }
    if (hadPrevious) await rm(retired, { recursive: true, force: true });
  }

  /**
   * Incremental build: the `changed` staged files replace their old versions (the manifest last),
   * `removed` paths are deleted, and whatever else was staged (unchanged bytes) is dropped.
   */
  async merge(changed: readonly string[], removed: readonly string[]): Promise<void> {
    await this.flush();
    const manifestLast = [...changed].sort((a, b) => Number(a === MANIFEST_PATH) - Number(b === MANIFEST_PATH));
    for (const relative of manifestLast) {
      const target = path.join(this.outDir, ...relative.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(this.folder, ...relative.split('/')), target);
    }
    for (const relative of removed) {
      await unlink(path.join(this.outDir, ...relative.split('/'))).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rm(this.folder, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    await Promise.allSettled(this.pending);
    await rm(this.folder, { recursive: true, force: true });
  }
}
