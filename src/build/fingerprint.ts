import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sha256 } from '../util/hash.js';

/**
 * wirekit's own code as a digest, for the build cache's key (`cache.ts`): a cache written by other
 * code is never used. The compiled modules and the TypeScript they were compiled from give the same
 * digest, so a cache written by the CLI (dist/) is used by a server run from the sources (the tests)
 * and the other way round: `npm run compile` records, beside the compiled modules, the digest of the
 * sources and the digest of the modules it made (`code-fingerprint.json`); the record counts only
 * while the modules are still those.
 */
const RECORD = 'code-fingerprint.json';
const here = path.dirname(fileURLToPath(import.meta.url));
/** The folder of wirekit's modules: src/ or dist/. */
const root = path.resolve(here, '..');

/** sha256 of every module under `folder` (by relative path), `.ts` or `.js`, declarations left out. */
export function modulesDigest(folder: string, extension: '.ts' | '.js'): string {
  const parts: string[] = [];
  for (const entry of readdirSync(folder, { recursive: true }).map(String).sort()) {
    if (!entry.endsWith(extension) || entry.endsWith('.d.ts')) continue;
    parts.push(`${entry.slice(0, -extension.length)}:${sha256(readFileSync(path.join(folder, entry)))}`);
  }
  return sha256(parts.join('\n'));
}

let fingerprint: string | undefined;

/** The digest of the sources this code is, or was compiled from; of the modules themselves when unknown (~2 MB read once per process). */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const modules = modulesDigest(root, extension);
  fingerprint = modules;
  if (extension === '.js' && existsSync(path.join(root, RECORD))) {
    try {
      const record = JSON.parse(readFileSync(path.join(root, RECORD), 'utf8')) as { modules?: unknown; sources?: unknown };
      if (record.modules === modules && typeof record.sources === 'string') fingerprint = record.sources;
    } catch {
      // A record that cannot be read is none: the modules' own digest keys the cache.
    }
  }
  return fingerprint;
}

/** `node dist/build/fingerprint.js` (npm run compile): record the sources' digest beside the modules compiled from them. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sources = path.resolve(root, '..', 'src');
  if (existsSync(sources)) {
    writeFileSync(path.join(root, RECORD), `${JSON.stringify({ sources: modulesDigest(sources, '.ts'), modules: modulesDigest(root, '.js') })}\n`);
  }
}
