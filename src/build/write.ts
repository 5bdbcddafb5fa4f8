import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
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

/** The manifest of a set of outputs: sorted by path, no timestamps, so it is byte-stable. */
export function manifestOf(outputs: readonly RenderedOutput[]): RenderedOutput {
  const files = outputs
    .map((output) => {
      const bytes = Buffer.from(output.content, 'utf8');
      return { path: output.path, mediaType: output.mediaType, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = { generator: `${GENERATOR} ${GENERATOR_VERSION}`, files };
  return { path: 'manifest.json', mediaType: 'application/json', content: `${JSON.stringify(manifest, null, 2)}\n` };
}

/**
 * Write every output into a fresh folder beside `outDir`, then swap it in with renames, so a
 * reader (or a failed build) never sees a half-written `out/`.
 */
export async function writeOutAtomically(outDir: string, outputs: readonly RenderedOutput[]): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const staging = path.join(parent, `${base}.tmp-${process.pid}`);
  const retired = path.join(parent, `${base}.old-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  try {
    for (const output of outputs) {
      const target = path.join(staging, ...output.path.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, output.content, 'utf8');
    }
    await mkdir(staging, { recursive: true });
    let hadPrevious = true;
    try {
      await rename(outDir, retired);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadPrevious = false;
    }
    try {
      await rename(staging, outDir);
    } catch (error) {
      if (hadPrevious) await rename(retired, outDir);
      throw error;
    }
    if (hadPrevious) await rm(retired, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
