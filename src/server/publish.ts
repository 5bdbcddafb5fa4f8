import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ProjectPaths } from '../build/project.js';
import { readManifest } from '../build/write.js';
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
  /** With 200: how many events the build that applied this one applied (a burst is coalesced). */
  batch?: number;
  /** Files of out/ (as in the manifest) added, changed and removed by this event. */
  added: string[];
  changed: string[];
  removed: string[];
  diagnostics: Diagnostic[];
}

/** What a rebuild changed in out/ (manifest paths, the manifest itself left out), when it knows. */
export interface OutChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Rebuild out/ from content/; `ok: false` leaves out/ as it was. */
export type Rebuild = () => Promise<RebuildResult>;

export interface RebuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  changes?: OutChanges;
  /** The diagnostics naming a source file, without going over them all (`BuildResult`). */
  diagnosticsOf?: (file: string) => Diagnostic[];
}

/** How events find their article and its outputs: the incremental builder's index, when it has one. */
export interface PublishIndex {
  /** The content file of a slug; `null` when unknown (then content/ is searched). */
  fileOfSlug?: (slug: string) => string | undefined | null;
  /** The out/ paths made from a content file, as of the last build. */
  outputsOf?: (file: string) => readonly string[] | undefined;
}

export async function applyPublishEvent(event: PublishEvent, paths: ProjectPaths, rebuild: Rebuild, index: PublishIndex = {}): Promise<PublishOutcome> {
  const [outcome] = await applyPublishEvents([event], paths, rebuild, index);
  if (!outcome) throw new Error('no outcome for the event');
  return outcome;
}

/** An event written to content/, waiting for the build: what to put back if it is refused. */
interface Staged {
  event: PublishEvent;
  target: string;
  previous: Uint8Array | undefined;
  action: 'created' | 'updated' | 'removed';
  /** out/ paths of the article before the event. */
  before: readonly string[];
}

/**
 * Several events applied with one build (a burst coalesced by the server), in order: each is
 * written to content/ after the ones before it, so the last event for a slug wins, then out/ is
 * rebuilt once. Each event gets its own outcome: a 404 or 409 at once (content/ untouched); a
 * build that refuses the batch puts content/ back and applies the events one at a time, so only
 * the event at fault gets its 422. The files listed for an event are its article's and the
 * collections' (feeds, sitemap, manifest) that changed, not the other events' articles.
 */
export async function applyPublishEvents(events: readonly PublishEvent[], paths: ProjectPaths, rebuild: Rebuild, index: PublishIndex = {}): Promise<PublishOutcome[]> {
  const shown = (file: string): string => path.relative(paths.root, file).split(path.sep).join('/');
  const outcomes: (PublishOutcome | undefined)[] = events.map(() => undefined);
  const staged: { at: number; staged: Staged }[] = [];
  try {
    for (const [at, event] of events.entries()) {
      const result = await stageEvent(event, paths, index, shown);
      if ('status' in result) outcomes[at] = result;
      else staged.push({ at, staged: result });
    }
  } catch (error) {
    await restoreAll(staged.map((item) => item.staged));
    throw error;
  }
  if (staged.length === 0) return outcomes.map((outcome) => outcome!);

  // A builder says what it changed; another rebuild is compared with the manifest before it.
  const before = index.outputsOf ? undefined : await readManifest(paths.out);
  let result: RebuildResult;
  try {
    result = await rebuild();
  } catch (error) {
    await restoreAll(staged.map((item) => item.staged));
    throw error;
  }
  if (!result.ok) {
    // Put content/ back as it was; out/ was never touched by the failed build.
    await restoreAll(staged.map((item) => item.staged));
    if (staged.length === 1) {
      const only = staged[0]!;
      outcomes[only.at] = {
        ...settledBase(only.staged.event),
        ok: false,
        status: 422,
        action: 'none',
        file: shown(only.staged.target),
        diagnostics: diagnosticsFor(result, only.staged.target, true),
      };
    } else {
      // Which event the build refused is not known: one at a time, each with its own build.
      for (const { at, staged: item } of staged) outcomes[at] = await applyPublishEvent(item.event, paths, rebuild, index);
    }
    return outcomes.map((outcome) => outcome!);
  }
  const changes = result.changes ?? diffManifests(before ?? (await readManifest(paths.out)), await readManifest(paths.out));
  // Paths of the batch's articles, before and after: each event lists only its own.
  const owned = new Map<string, Set<string>>();
  for (const { at, staged: item } of staged) owned.set(String(at), new Set([...item.before, ...(index.outputsOf?.(item.target) ?? [])]));
  const ownedByAny = new Set([...owned.values()].flatMap((set) => [...set]));
  for (const { at, staged: item } of staged) {
    const mine = owned.get(String(at))!;
    const keep = (file: string): boolean => mine.has(file) || !ownedByAny.has(file);
    outcomes[at] = {
      ...settledBase(item.event),
      ok: true,
      status: 200,
      action: item.action,
      file: shown(item.target),
      batch: staged.length,
      added: changes.added.filter(keep),
      changed: changes.changed.filter(keep),
      removed: changes.removed.filter(keep),
      diagnostics: diagnosticsFor(result, item.target, false),
    };
  }
  return outcomes.map((outcome) => outcome!);
}

const settledBase = (event: PublishEvent): Pick<PublishOutcome, 'event' | 'slug' | 'added' | 'changed' | 'removed' | 'diagnostics'> => ({
  event: event.type,
  slug: event.slug,
  added: [],
  changed: [],
  removed: [],
  diagnostics: [],
});

/** The event's change written to content/, or its outcome when it is refused before any build. */
async function stageEvent(event: PublishEvent, paths: ProjectPaths, index: PublishIndex, shown: (file: string) => string): Promise<Staged | PublishOutcome> {
  const existing = await locateArticle(paths.content, event.slug, index);
  const base = settledBase(event);
  if (event.type === 'unpublish' && !existing) {
    return { ...base, ok: false, status: 404, action: 'none' };
  }
  const previous = existing ? await readFile(existing) : undefined;
  if (event.type === 'publish' && previous && existing && event.version !== undefined) {
    const current = frontMatter(previous.toString('utf8')).version ?? 1;
    const forced = event.force === true && event.signal === 'correction';
    if (event.version < current && !forced) {
      return { ...base, ok: false, status: 409, action: 'none', file: shown(existing), versions: { current, given: event.version } };
    }
  }
  const target = existing ?? path.join(paths.content, `${event.type === 'publish' ? event.datePublished.slice(0, 10) : 'article'}-${event.slug}.md`);
  const before = existing ? (index.outputsOf?.(existing) ?? []) : [];
  if (event.type === 'publish') await writeAtomically(target, event.source);
  else await rm(target, { force: true });
  return { event, target, previous, before, action: event.type === 'unpublish' ? 'removed' : existing ? 'updated' : 'created' };
}

/** The builder's index first (checked against the file's own front matter), else a search of content/. */
async function locateArticle(contentDir: string, slug: string, index: PublishIndex): Promise<string | undefined> {
  const known = index.fileOfSlug?.(slug);
  if (known === undefined) return undefined;
  if (known !== null) {
    const text = await readFile(known, 'utf8').catch(() => undefined);
    if (text !== undefined && frontMatter(text).slug === slug) return known;
  }
  return findArticleFile(contentDir, slug);
}

/** In reverse order, so a slug changed twice ends as it was before the first. */
async function restoreAll(staged: readonly Staged[]): Promise<void> {
  for (const item of [...staged].reverse()) await restore(item.target, item.previous);
}

/**
 * What the editor is told: what was said about the article itself, and every error (a refused
 * build's, wherever it is). Warnings about other stories of a large archive (thousands at 10,000
 * articles) are the build's business, not this answer's.
 */
function diagnosticsFor(result: RebuildResult, target: string, refused: boolean): Diagnostic[] {
  // Diagnostics name files relative to the working directory (as the build shows them).
  const absolute = path.resolve(target);
  const shown = path.relative(process.cwd(), absolute) || absolute;
  const keep = (item: Diagnostic): boolean => item.severity !== 'info' && ((refused && item.severity === 'error') || item.file === shown || item.file === absolute);
  // A build that went through says only what it said of this article: found by article.
  if (!refused && result.diagnosticsOf) return result.diagnosticsOf(absolute).filter(keep);
  return result.diagnostics.filter(keep);
}

function diffManifests(before: Map<string, string>, after: Map<string, string>): OutChanges {
  return {
    added: [...after.keys()].filter((file) => !before.has(file)),
    changed: [...after.keys()].filter((file) => before.has(file) && before.get(file) !== after.get(file)),
    removed: [...before.keys()].filter((file) => !after.has(file)),
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

interface Waiting {
  event: PublishEvent;
  resolve: (outcome: PublishOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Publishes one build at a time, with the events that arrive while a build runs coalesced into
 * the next one (in arrival order; `applyPublishEvents` answers each on its own). Other work on
 * out/ (the server's start-up build) takes its turn in the same queue.
 */
export class PublishQueue {
  private readonly serial = new SerialQueue();
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly apply: (events: readonly PublishEvent[]) => Promise<PublishOutcome[]>) {}

  /** Events waiting or being applied. */
  get pending(): number {
    return this.waiting.length + this.inFlight;
  }

  submit(event: PublishEvent): Promise<PublishOutcome> {
    return new Promise<PublishOutcome>((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      // One batch queued at a time: it takes every event that arrived before it starts.
      if (this.waiting.length === 1) void this.serial.run(() => this.drain());
    });
  }

  /** Other work, after what is queued and before what comes next. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return this.serial.run(task);
  }

  idle(): Promise<void> {
    return this.serial.idle();
  }

  private async drain(): Promise<void> {
    const batch = this.waiting.splice(0);
    if (batch.length === 0) return;
    this.inFlight = batch.length;
    try {
      const outcomes = await this.apply(batch.map((item) => item.event));
      batch.forEach((item, index) => {
        const outcome = outcomes[index];
        if (outcome) item.resolve(outcome);
        else item.reject(new Error(`no outcome for the ${item.event.type} of ${item.event.slug}`));
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      this.inFlight = 0;
    }
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
