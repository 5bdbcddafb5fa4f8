import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ProjectPaths } from '../build/project.js';
import type { Diagnostic } from '../util/diagnostics.js';

/**
 * A CMS publish/unpublish applied to the project: the article file in content/ is written or
 * removed, then `rebuild` brings out/ up to date (the server passes an incremental `Builder`,
 * which re-renders that article and the collections only). Everything the webhook does to disk
 * goes through `applyPublishEvent`.
 */
export type PublishEvent =
  | {
      type: 'publish';
      slug: string;
      datePublished: string;
      source: string | Uint8Array;
      /** The article's `version` (1 when it gives none). */
      version?: number;
      /** The article's `signal`. */
      signal?: 'update' | 'correction';
      /** The editor forces an older version over a newer one: allowed for a correction only. */
      force?: boolean;
    }
  | { type: 'unpublish'; slug: string };

export interface PublishOutcome {
  ok: boolean;
  /**
   * 200 done; 404 unpublish of an unknown slug; 409 a version older than the one in content/;
   * 422 the build refused the change (content/ and out/ left as they were).
   */
  status: 200 | 404 | 409 | 422;
  /** With 409: the version in content/ and the one the event carried. */
  versions?: { current: number; given: number };
  event: PublishEvent['type'];
  slug: string;
  /** The article file, relative to the project root. */
  file?: string;
  action: 'created' | 'updated' | 'removed' | 'none';
  /** Files of out/ (as in the manifest) added, changed and removed by this event. */
  added: string[];
  changed: string[];
  removed: string[];
  diagnostics: Diagnostic[];
}

/** Rebuild out/ from content/; `ok: false` leaves out/ as it was. */
export type Rebuild = () => Promise<{ ok: boolean; diagnostics: Diagnostic[] }>;

export async function applyPublishEvent(event: PublishEvent, paths: ProjectPaths, rebuild: Rebuild): Promise<PublishOutcome> {
  const existing = await findArticleFile(paths.content, event.slug);
  const shown = (file: string): string => path.relative(paths.root, file).split(path.sep).join('/');
  const base = { event: event.type, slug: event.slug, added: [], changed: [], removed: [], diagnostics: [] };
  if (event.type === 'unpublish' && !existing) {
    return { ...base, ok: false, status: 404, action: 'none' };
  }
  if (event.type === 'publish' && existing && event.version !== undefined) {
    const current = frontMatter(await readFile(existing, 'utf8')).version ?? 1;
    const forced = event.force === true && event.signal === 'correction';
    if (event.version < current && !forced) {
      return { ...base, ok: false, status: 409, action: 'none', file: shown(existing), versions: { current, given: event.version } };
    }
  }
  const target = existing ?? path.join(paths.content, `${event.type === 'publish' ? event.datePublished.slice(0, 10) : 'article'}-${event.slug}.md`);
  const previous = existing ? await readFile(existing) : undefined;
  const before = await readManifest(paths.out);

  if (event.type === 'publish') await writeAtomically(target, event.source);
  else await rm(target, { force: true });

  let result;
  try {
    result = await rebuild();
  } catch (error) {
    await restore(target, previous);
    throw error;
  }
  if (!result.ok) {
    // Put content/ back as it was; out/ was never touched by the failed build.
    await restore(target, previous);
    return { ...base, ok: false, status: 422, action: 'none', file: shown(target), diagnostics: result.diagnostics.filter((item) => item.severity !== 'info') };
  }
  const after = await readManifest(paths.out);
  const added = [...after.keys()].filter((file) => !before.has(file));
  const changed = [...after.keys()].filter((file) => before.has(file) && before.get(file) !== after.get(file));
  const removed = [...before.keys()].filter((file) => !after.has(file));
  return {
    ...base,
    ok: true,
    status: 200,
    action: event.type === 'unpublish' ? 'removed' : existing ? 'updated' : 'created',
    file: shown(target),
    added,
    changed,
    removed,
    diagnostics: result.diagnostics.filter((item) => item.severity !== 'info'),
  };
}

/** One build at a time: events are applied in the order they arrive. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private count = 0;

  get pending(): number {
    return this.count;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.count++;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => this.count--,
      () => this.count--,
    );
    return result;
  }

  /** Resolves when every queued task has finished. */
  async idle(): Promise<void> {
    while (this.count > 0) await this.tail;
  }
}

/** The content file whose front matter has `slug: <slug>`, if any. */
export async function findArticleFile(contentDir: string, slug: string): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = await readdir(contentDir, { recursive: true });
  } catch {
    return undefined;
  }
  for (const entry of entries.filter((name) => name.endsWith('.md')).sort()) {
    const file = path.join(contentDir, entry);
    const text = await readFile(file, 'utf8').catch(() => '');
    if (frontMatter(text).slug === slug) return file;
  }
  return undefined;
}

/** `slug` and `version` from a content file's front matter, when readable. */
function frontMatter(text: string): { slug?: string; version?: number } {
  const block = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text)?.[1];
  if (block === undefined) return {};
  try {
    const value: unknown = parseYaml(block);
    if (typeof value !== 'object' || value === null) return {};
    const { slug, version } = value as Record<string, unknown>;
    return { ...(typeof slug === 'string' ? { slug } : {}), ...(typeof version === 'number' && Number.isSafeInteger(version) ? { version } : {}) };
  } catch {
    return {};
  }
}

async function restore(file: string, previous: Uint8Array | undefined): Promise<void> {
  if (previous) await writeAtomically(file, previous);
  else await rm(file, { force: true });
}

async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  // The temporary name does not end in .md, so a build running meanwhile ignores it.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  await writeFile(temporary, content);
  await rename(temporary, file);
}

async function readManifest(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
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
