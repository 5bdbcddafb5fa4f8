import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { RenderedOutput } from '../formats/article-formats.js';
import { sha256 } from '../util/hash.js';
import { GENERATOR } from '../util/package.js';

export interface ManifestEntry {
  path: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  generator: string;
  /** The site URL the build was made for: out/ holds that URL's space (`wirekit serve` serves it at its path). */
  baseUrl: string;
  files: ManifestEntry[];
}

export const MANIFEST_PATH = 'manifest.json';

/** An output's UTF-8 bytes and its manifest entry, encoded once for both the hash and the file. */
export function encodeOutput(output: RenderedOutput): { entry: ManifestEntry; bytes: Buffer } {
  const bytes = Buffer.from(output.content, 'utf8');
  return { entry: { path: output.path, mediaType: output.mediaType, bytes: bytes.length, sha256: sha256(bytes) }, bytes };
}

const byPath = (a: ManifestEntry, b: ManifestEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The manifest of a set of outputs: sorted by path, no timestamps, so it is byte-stable. The text
 * is `JSON.stringify(manifest, null, 2)`, put together from each entry's text, kept with the
 * entry: an incremental build reuses 56,000 of them at 10,000 articles.
 */
export function manifestOf(entries: readonly ManifestEntry[], baseUrl: string): RenderedOutput {
  return manifestOfTexts([...entries].sort(byPath).map(entryText), baseUrl);
}

/** The manifest from its entries' texts in order (`entryText`), given one by one or several already joined by `,\n`. */
export function manifestOfTexts(texts: readonly string[], baseUrl: string): RenderedOutput {
  const head: Omit<Manifest, 'files'> = { generator: GENERATOR.label, baseUrl };
  const opening = JSON.stringify(head, null, 2).slice(0, -2);
  const list = texts.length === 0 ? '[]' : `[\n${texts.join(',\n')}\n  ]`;
  return { path: MANIFEST_PATH, mediaType: 'application/json', content: `${opening},\n  "files": ${list}\n}\n` };
}

const entryTexts = new WeakMap<ManifestEntry, string>();

/** An entry as `JSON.stringify` writes it at its depth in the manifest (4 spaces in). */
export function entryText(entry: ManifestEntry): string {
  let text = entryTexts.get(entry);
  if (text === undefined) {
    text = `    ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ')}`;
    entryTexts.set(entry, text);
  }
  return text;
}

/**
 * Files written into a fresh folder beside `out/`, then committed in one step:
 * - `swap` (full build): the folder replaces `out/` by two renames, so readers and a failed build
 *   never see a half-written `out/`;
 * - `merge` (incremental): each staged file is renamed over its old version (atomic per file),
 *   files no longer produced are removed, and the manifest goes last.
 * `discard` removes the folder after a failed build.
 */
export class Stage {
  private readonly folders = new Set<string>();
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

  /**
   * Write one staged file. Synchronous on purpose: a staged file is a few KB, and on this kind of
   * machine `fs/promises.writeFile` (open, write, close through the thread pool) measured 10–15×
   * slower than `writeFileSync` for 11,000 small files (5.4 s vs 0.4 s). The first failure is kept
   * and thrown by `flush`, so a build fails as a whole.
   */
  write(output: RenderedOutput, bytes: Uint8Array = Buffer.from(output.content, 'utf8')): void {
    this.writeFile(output.path, bytes);
  }

  /** `write` by the output's path (`/`-separated, relative to the stage). */
  writeFile(relativePath: string, bytes: Uint8Array): void {
    if (this.failure !== undefined) return;
    // Joined by hand: outputs' paths are made by wirekit, already normal, and path.join and
    // path.dirname for each of 56,000 files cost ~30 ms.
    const target = this.folder + path.sep + (path.sep === '/' ? relativePath : relativePath.replaceAll('/', path.sep));
    try {
      const folder = target.slice(0, target.lastIndexOf(path.sep));
      if (!this.folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        this.folders.add(folder);
      }
      writeFileSync(target, bytes);
    } catch (error) {
      this.failure = error;
    }
  }

  /** Rethrows the first failed write. */
  async flush(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
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
    await rm(this.folder, { recursive: true, force: true });
  }
}

/** The files out/'s manifest lists (path → sha256); empty when there is none to read. */
export async function readManifest(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(outDir, MANIFEST_PATH), 'utf8'));
    const list = typeof parsed === 'object' && parsed !== null && 'files' in parsed && Array.isArray(parsed.files) ? (parsed.files as unknown[]) : [];
    for (const entry of list) {
      if (typeof entry === 'object' && entry !== null && 'path' in entry && 'sha256' in entry && typeof entry.path === 'string' && typeof entry.sha256 === 'string') {
        files.set(entry.path, entry.sha256);
      }
    }
  } catch {
    // No build yet: everything will count as added.
  }
  return files;
}
