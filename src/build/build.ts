import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArticle } from '../article/parse.js';
import type { Article, Body } from '../article/types.js';
import type { SiteConfig } from '../config/site.js';
import { countBySeverity, hasErrors, sortDiagnostics, type Diagnostic } from '../util/diagnostics.js';
import { checkOutputs } from './check.js';
import { mergeSkippedChecks } from '../validate/index.js';
import { renderCollections } from '../formats/collections.js';
import { articleDiagnosticFile } from '../i18n/versions.js';
import { articleHeadlinesPart } from '../i18n/report.js';
import { articleFeedAnswers, type ArticleFeedAnswers } from '../formats/feed-items.js';
import { BATCH, processInWorkers, workerAvailable, type OutputChecker } from './pool.js';
import { processFile, processFiles, readError, type ProcessedArticle, type Source } from './process.js';
import { sha256 } from '../util/hash.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './project.js';
import { render, type RenderedOutput, type RenderOptions } from '../formats/article-formats.js';
import { summarize, withBodyOnDemand } from './summary.js';
import { anyMissing, checkLinks, collectionLinks, collectionPaths, hreflangFindings, LinkIndex, type ArticleLinks, type LinkRef, type PathsPresent } from './links.js';
import { COLLECTIONS, OutputIndex, type IndexedProducer } from './output-index.js';
import { encodeOutput, MANIFEST_PATH, readManifest, Stage, type ManifestEntry } from './write.js';
import { OutLock, type LockOptions } from './lock.js';
import { BuildCache, BUILD_CACHE_FOLDER, type CacheRecord } from './cache.js';
import type { ArticleSummary } from './summary.js';
import type { ArticleHeadlinesPart } from '../i18n/report.js';

/** The project's cache folder (git-ignored): the build cache and the server's webhook deliveries. */
export const CACHE_FOLDER = '.wirekit-cache';

export interface BuildOptions extends ProjectOptions {
  /** Write `out/` (default). `false` renders and checks only. */
  write?: boolean;
  /** Called with short progress lines (`parsed 3 articles`). */
  onProgress?: (message: string) => void;
  /** Threads parsing and rendering, this one included (2: one worker beside it); default: one per core when there are many articles. */
  threads?: number;
  /** Official schemas for the output check. */
  schemasDir?: string;
  /** How a writing build waits for `out/`'s lock (another build or the server writing it). */
  lock?: LockOptions;
  /**
   * The build cache folder (default `.wirekit-cache/build` under the root), written after each
   * build; `false`: none. See `cache.ts`.
   */
  cacheDir?: string | false;
  /**
   * Start from the build cache when it describes the out/ on disk: the first build is then
   * incremental too (the server and watchers). Default false: the first build is full.
   */
  resume?: boolean;
}

export interface BuildStats {
  articles: number;
  /** Files in `out/` after the build, manifest included. */
  files: number;
  /** Articles parsed and rendered by this build (the others came from the cache). */
  rendered: number;
  /** Files written by this build (all of them for a full build). */
  written: number;
  errors: number;
  warnings: number;
  durationMs: number;
}

export interface BuildResult {
  ok: boolean;
  outDir: string;
  /** Every file of the build (what `out/manifest.json` lists), sorted by path. */
  files: ManifestEntry[];
  /** Sorted by file, place and rule. */
  diagnostics: Diagnostic[];
  /**
   * The diagnostics naming this source file (as diagnostics show it, or absolute), sorted: found
   * among that article's, not by going over every diagnostic of the site (the server's answer).
   */
  diagnosticsOf(file: string): Diagnostic[];
  stats: BuildStats;
  /** What a writing build changed in out/ (paths sorted, the manifest itself left out). */
  changes?: { added: string[]; changed: string[]; removed: string[] };
}

/**
 * A parsed article as the cache keeps it: no output bytes, only what they hashed to, and the
 * body read back from the source only when a collection asks for it (`withBodyOnDemand`).
 */
interface CachedArticle {
  file: string;
  hash: string;
  /** The source's size, times and inode when it was read (`stampOf`): unchanged, it is not read again. */
  stamp: string;
  shown: string;
  article?: Article;
  /** What the build cache on disk keeps of the article (the article itself reads its body on demand). */
  summary?: ArticleSummary;
  headlines?: ArticleHeadlinesPart;
  /** What the feeds make of the article, once they asked (kept in memory only: it is quick to redo). */
  feedAnswers?: ArticleFeedAnswers;
  outputs: ManifestEntry[];
  diagnostics: Diagnostic[];
  /** What the link check needs of it, checked again by every build against the new out/. */
  links?: ArticleLinks;
}

/** Below this many articles to render, worker start-up costs more than it saves. */
const WORKER_THRESHOLD = 200;

/**
 * Builds `out/` and keeps what it learnt: the first `build()` is full (written to a fresh folder
 * and swapped in); later calls re-read `content/`, re-render only articles whose bytes changed
 * (a content-hash cache) plus the collections, and replace only the files whose bytes changed.
 * The result is byte-identical to a full build. Used by `wirekit build --watch` and the server.
 */
export class Builder {
  private readonly cache = new Map<string, CachedArticle>();
  /** Problems met reading a body back during a build (`loadBody`): they fail that build. */
  private readonly lateDiagnostics: Diagnostic[] = [];
  /** What `out/` holds, as this builder last wrote it. */
  private current: Map<string, ManifestEntry> | undefined;
  /** Identity of the manifest this builder last wrote: another writer's build changes it. */
  private writtenManifest: string | undefined;
  /** The cache on disk, when the project loaded and caching is on. */
  private readonly disk: BuildCache | undefined;
  /** The cache on disk describes `current` (a journal record can follow); else the next write is a snapshot. */
  private diskInSync = false;
  /** slug → its article's source file (the first, when two claim it). */
  private readonly slugs = new Map<string, string>();
  /** Whether `resume` was tried already (once per builder). */
  private resumeTried = false;
  /**
   * What the check and the link scan said of each collection output, by path, with the hash of
   * the bytes they looked at: a publish changes a few feeds, the others are not checked again.
   */
  private readonly collectionFindings = new Map<string, CollectionFinding>();
  /** What the next out/ holds, kept up to date with the cache and the collections (`output-index.ts`). */
  private readonly outputs = new OutputIndex();
  /** The collections' entries as the index holds them. */
  private collectionEntries: ManifestEntry[] = [];
  /** The link check of the cached articles, kept up to date with the cache. */
  private readonly links: LinkIndex | undefined;

  private constructor(
    readonly options: BuildOptions,
    readonly project: LoadedProject,
  ) {
    const { inputs, paths } = project;
    if (options.cacheDir !== false && inputs && options.write !== false) {
      const folder = options.cacheDir ?? path.join(paths.root, CACHE_FOLDER, BUILD_CACHE_FOLDER);
      const schemas = options.schemasDir ?? paths.schemas ?? null;
      // The template's path as diagnostics show it depends on the working directory: keyed by its
      // path under the root instead, so a server started elsewhere than the CLI build still resumes.
      const keyed = { ...inputs, template: { ...inputs.template, file: path.relative(paths.root, path.join(paths.templates, 'article.html')) } };
      this.disk = new BuildCache(folder, { inputs: { inputs: keyed, schemas }, content: path.resolve(paths.content), out: path.resolve(paths.out) });
    }
    if (project.render) this.links = new LinkIndex(project.render.site);
  }

  /** An article into the cache, and into the index of outputs and the link check that mirror it. */
  private setEntry(entry: CachedArticle): void {
    const before = this.cache.get(entry.file);
    this.cache.set(entry.file, entry);
    this.outputs.replace(before && producerOf(before), producerOf(entry));
    if (before?.article && this.slugs.get(before.article.slug) === entry.file) this.slugs.delete(before.article.slug);
    if (entry.article && !this.slugs.has(entry.article.slug)) this.slugs.set(entry.article.slug, entry.file);
    if (entry.links) this.links?.set(entry.file, entry.shown, entry.links);
    else this.links?.delete(entry.file);
  }

  private deleteEntry(file: string): void {
    const before = this.cache.get(file);
    if (!before) return;
    this.cache.delete(file);
    this.outputs.remove(producerOf(before));
    if (before.article && this.slugs.get(before.article.slug) === file) this.slugs.delete(before.article.slug);
    this.links?.delete(file);
  }

  private clearEntries(): void {
    this.cache.clear();
    this.slugs.clear();
    this.outputs.clear();
    this.links?.clear();
    this.collectionEntries = [];
  }

  /** The collections' outputs of this build into the index, in place of the last build's. */
  private setCollections(entries: ManifestEntry[]): void {
    this.outputs.replace({ owner: COLLECTIONS, outputs: this.collectionEntries }, { owner: COLLECTIONS, outputs: entries });
    this.collectionEntries = entries;
  }

  /**
   * The content file of the article with this slug, as of the last build (undefined: none);
   * `null` when this builder has not built or resumed yet and so does not know.
   */
  fileOfSlug(slug: string): string | undefined | null {
    if (this.current === undefined) return null;
    const known = this.slugs.get(slug);
    // A slug claimed twice loses its entry when one of them goes: looked for then.
    if (known !== undefined || this.outputs.clean) return known;
    for (const entry of this.cache.values()) if (entry.article?.slug === slug) return entry.file;
    return undefined;
  }

  /** The out/ paths made from a content file, as of the last build. */
  outputsOf(file: string): string[] | undefined {
    return this.cache.get(path.resolve(file))?.outputs.map((entry) => entry.path);
  }

  /**
   * Load the build cache now, when it describes out/ (`resume`), so that the first build is as
   * quick as the later ones; true when it did. Called by the first build otherwise.
   */
  async resume(): Promise<boolean> {
    if (this.resumeTried || this.current !== undefined || !this.disk || !this.project.render) return this.current !== undefined;
    this.resumeTried = true;
    const state = this.disk.load();
    if (!state) return false;
    const outDir = this.project.paths.out;
    let manifestBytes: Buffer;
    try {
      manifestBytes = readFileSync(path.join(outDir, MANIFEST_PATH));
    } catch {
      return false;
    }
    // out/ is exactly what the cache recorded, or the cache is not used.
    if (sha256(manifestBytes) !== state.manifest) return false;
    const render = this.project.render;
    const current = new Map<string, ManifestEntry>();
    try {
      const manifest = JSON.parse(manifestBytes.toString('utf8')) as { files: ManifestEntry[] };
      for (const entry of manifest.files) current.set(entry.path, entry);
    } catch {
      return false;
    }
    current.set(MANIFEST_PATH, { path: MANIFEST_PATH, mediaType: 'application/json', bytes: manifestBytes.length, sha256: state.manifest });
    const shown = (file: string): string => path.relative(process.cwd(), file) || file;
    for (const record of state.records.values()) {
      const article = record.summary ? withBodyOnDemand(record.summary, this.bodyLoader({ file: record.file, shown: shown(record.file), hash: record.hash }, render.site)) : undefined;
      // Written from another working directory: the article's own diagnostics name it as shown from here.
      const here = shown(record.file);
      const diagnostics = record.shown === here ? record.diagnostics : record.diagnostics.map((item) => (item.file === record.shown ? { ...item, file: here } : item));
      this.setEntry({ ...record, shown: here, diagnostics, ...(article ? { article } : {}) });
    }
    // The collections' files are the rest of out/: the first build replaces them like any other's.
    this.setCollections([...current.values()].filter((entry) => entry.path !== MANIFEST_PATH && !this.outputs.has(entry.path)));
    this.outputs.takeOrphans();
    this.current = current;
    this.writtenManifest = await manifestIdentity(outDir);
    this.diskInSync = true;
    // What the first publish after a start would otherwise do for the whole site, done now: the
    // collections rendered (the bodies of the feeds' newest items parsed, the code compiled), and
    // checked and scanned for links, kept by their bytes' hash; every article's links checked; the
    // manifest's entries put in text. So is one article's parse, render and check (the newest
    // file's, nothing kept or written).
    const ordered = [...this.cache.values()].sort((a, b) => byPath(a.file, b.file));
    const collections = renderCollections(ordered.flatMap((entry) => (entry.article ? [entry.article] : [])), withArticleParts(render, ordered)).outputs;
    const hashed = collections.map((output) => encodeOutput(output).entry);
    await this.checkCollections(collections, hashed);
    this.collectionPaths(collections, hashed, render.site);
    this.links?.check({ has: (file) => file === MANIFEST_PATH || this.outputs.has(file) }, this.outputs.takeToggled());
    this.outputs.manifest(render.site.url);
    const sample = [...this.cache.values()].at(-1);
    if (sample) await processFile(sample.file, sample.shown, render, this.checkOptions());
    this.lateDiagnostics.splice(0);
    return true;
  }

  static async create(options: BuildOptions = {}): Promise<Builder> {
    return new Builder(options, await loadProject(options));
  }

  /**
   * Builds under `out/`'s lock (taken here, or `held` by the caller: the server holds it while it
   * also changes `content/`). A build that only renders (`write: false`) takes no lock.
   */
  async build(held?: OutLock): Promise<BuildResult> {
    if (this.options.write === false) return this.buildLocked(false);
    const outDir = this.project.paths.out;
    if (held) {
      if (held.outDir !== path.resolve(outDir)) throw new Error(`The lock held is for ${held.outDir}, not ${outDir}`);
      return this.buildLocked(held.tookOver);
    }
    return OutLock.with(outDir, this.options.lock ?? {}, (lock) => this.buildLocked(lock.tookOver));
  }

  /** `afresh`: out/ may not be what this builder last wrote (a writer died mid-build), build it all. */
  private async buildLocked(afresh: boolean): Promise<BuildResult> {
    const started = performance.now();
    const progress = this.options.onProgress ?? (() => {});
    const diagnostics: Diagnostic[] = [...this.project.diagnostics];
    const outDir = this.project.paths.out;
    const render = this.project.render;
    const fail = (rendered = 0): BuildResult => this.result(false, [], diagnostics, started, rendered, 0);
    if (!render) return fail();

    // Another writer (a CLI build beside the server, a watcher) replaced out/ since this builder
    // last wrote it: what it remembers no longer describes out/, so build everything afresh.
    if (this.current !== undefined && (afresh || (await manifestIdentity(outDir)) !== this.writtenManifest)) {
      this.current = undefined;
      this.clearEntries();
      this.diskInSync = false;
    }
    if (this.options.resume && !afresh && this.options.write !== false) await this.resume();
    // With nothing cached there is nothing to compare: let the workers read and hash.
    const sources = await readSources(this.project.paths.content, diagnostics, this.cache.size > 0, (file) => this.cache.get(file));
    const stamps = new Map(sources.map((source) => [source.file, source.stamp]));
    const incremental = this.current !== undefined;
    const write = this.options.write !== false;
    const stage = write ? await Stage.open(outDir) : undefined;
    const changed: string[] = [];
    /** Note a file of this build, and whether its bytes differ from what out/ holds. */
    const record = (entry: ManifestEntry): ManifestEntry => {
      if (this.current?.get(entry.path)?.sha256 !== entry.sha256) changed.push(entry.path);
      return entry;
    };
    const keep = async (output: RenderedOutput): Promise<ManifestEntry> => {
      const { entry, bytes } = encodeOutput(output);
      const before = changed.length;
      record(entry);
      if (changed.length > before) stage?.write(output, bytes);
      return entry;
    };

    let checker: OutputChecker | undefined;
    try {
      const fresh = sources.filter((source) => source.hash === undefined || this.cache.get(source.file)?.hash !== source.hash);
      const remember = async (result: ProcessedArticle): Promise<void> => {
        // A worker's result arrives copied; one made on this thread is copied too, or the cache would
        // keep each article's source and pages alive through the strings sliced from them (~0.3 GB at 10,000).
        const made = { summary: result.summary ?? (result.article ? summarize(result.article) : undefined), links: result.links, diagnostics: result.diagnostics };
        const { summary, links, diagnostics } = result.article ? structuredClone(made) : made;
        const article = summary ? withBodyOnDemand(summary, this.bodyLoader(result, render.site)) : undefined;
        // Worked out now, while other threads still render, rather than in the serial end.
        const headlines = result.headlines ?? (article ? articleHeadlinesPart(article, render.site, render.localizer) : undefined);
        const entries: ManifestEntry[] = [];
        for (const output of result.outputs) entries.push(await keep(output));
        // Outputs a worker already wrote into the stage: only their hashes came back.
        for (const entry of result.entries ?? []) entries.push(record(entry));
        this.setEntry({
          file: result.file,
          hash: result.hash,
          stamp: stamps.get(result.file) ?? '',
          shown: result.shown,
          ...(article ? { article } : {}),
          ...(summary ? { summary } : {}),
          ...(headlines ? { headlines } : {}),
          outputs: entries,
          diagnostics,
          ...(links ? { links } : {}),
        });
      };
      const threads = this.options.threads ?? (fresh.length >= WORKER_THRESHOLD ? undefined : 1);
      const inputs = this.project.inputs;
      if (threads !== 1 && inputs && workerAvailable()) {
        const processHere = (batch: readonly { file: string; shown: string; bytes?: Uint8Array }[]): Promise<void> => processFiles(batch, render, this.checkOptions(), remember);
        checker = await processInWorkers(fresh, { inputs, check: this.checkOptions() }, remember, threads, stage?.folder, processHere);
      } else {
        // In batches, as the workers take them.
        for (let start = 0; start < fresh.length; start += BATCH) {
          await processFiles(fresh.slice(start, start + BATCH), render, this.checkOptions(), remember);
        }
      }
      progress(`parsed ${sources.length} articles (${fresh.length} changed)`);

      // Articles that were not re-rendered keep their outputs as they are in out/.
      const live = new Set(sources.map((source) => source.file));
      const gone: string[] = [];
      for (const file of [...this.cache.keys()]) {
        if (live.has(file)) continue;
        this.deleteEntry(file);
        gone.push(file);
      }
      const entries = sources.map((source) => this.cache.get(source.file)).filter((entry): entry is CachedArticle => entry !== undefined);
      const skippedChecks: Diagnostic[] = [];
      const ownFrom = diagnostics.length;
      for (const entry of entries) {
        for (const item of entry.diagnostics) (item.ruleId === 'official-check-skipped' ? skippedChecks : diagnostics).push(item);
      }
      /** Where the articles' own diagnostics and their kept link findings are in `diagnostics`: `diagnosticsOf` finds them by article. */
      const owned = [{ from: ownFrom, to: diagnostics.length }];
      let linkFindings: ReadonlyMap<string, readonly Diagnostic[]> | undefined;
      // Every article's check notes the official checks it skipped (no --schemas): said once per
      // check for the build (30,000 notes at 10,000 articles said nothing more).
      diagnostics.push(...mergeSkippedChecks(skippedChecks));
      const articles = entries.flatMap((entry) => (entry.article ? [entry.article] : []));
      // Who writes what, worked out in full only when the index says something is claimed twice.
      let owners: Map<string, string> | undefined;
      const conflicts = (): Map<string, string> => {
        if (owners) return owners;
        owners = new Map();
        diagnostics.push(...pathConflicts(entries, owners));
        return owners;
      };
      if (!this.outputs.clean) {
        diagnostics.push(...(await findDuplicates(entries)));
        conflicts();
      }
      if (!hasErrors(diagnostics)) {
        // Each collection is checked as soon as it is rendered, on a worker kept for it while this
        // thread renders the next and writes them (out/ is swapped only after the verdict); on
        // this thread when the build ran on it alone.
        const checks: Promise<Diagnostic[]>[] = [];
        const collections = renderCollections(articles, withArticleParts(render, entries), (outputs) => {
          if (checker) checks.push(checker.check(outputs));
        });
        // Looked up for the few shown, not mapped for every article at every publish.
        const sourceOf = (file: string): string | undefined => entries.find((entry) => entry.article && articleDiagnosticFile(entry.article) === file)?.shown;
        // Summarized first: of the ~37,000 missing-translation warnings of 10,000 articles only a
        // few are shown, and only those need their source's path.
        const located = summarizeRepeats(collections.diagnostics).map((item) => ({ ...item, file: sourceOf(item.file) ?? item.file }));
        const keptCollections: ManifestEntry[] = [];
        for (const output of collections.outputs) keptCollections.push(await keep(output));
        this.setCollections(keptCollections);
        if (!this.outputs.clean) diagnostics.push(...collectionConflicts(collections.outputs, conflicts()));
        const checked = checker ? (await Promise.all(checks)).flat() : await this.checkCollections(collections.outputs, keptCollections);
        // Its heap (~150 MB at 10,000 articles) is not kept through the manifest and the cache snapshot.
        await checker?.close();
        checker = undefined;
        // Several checks each note the official checks they skipped: one note per check.
        diagnostics.push(...located, ...mergeSkippedChecks(checked));
        // Every URL the build announces under the site URL is a file of this out/ (manifest included).
        const present: PathsPresent = { has: (file) => file === MANIFEST_PATH || this.outputs.has(file) };
        diagnostics.push(...hreflangFindings(collections.outputs, render.site.url));
        // Articles are checked again only when they or the paths they name changed; when a link
        // is missing, the check runs in full for its exact places.
        const kept = this.links?.check(present, this.outputs.takeToggled());
        if (kept && this.links && !kept.refsMissing && !anyMissing(this.collectionPaths(collections.outputs, keptCollections, render.site), render.site, present, this.links.editorLinked)) {
          owned.push({ from: diagnostics.length, to: diagnostics.length + kept.diagnostics.length });
          for (const item of kept.diagnostics) diagnostics.push(item);
          linkFindings = this.links.findings();
        } else {
          diagnostics.push(
            ...checkLinks({
              site: render.site,
              present,
              refs: [...entries.flatMap((entry) => entry.links?.refs ?? []), ...this.collectionRefs(collections.outputs, keptCollections, render.site)],
              editor: entries.map((entry) => ({ shown: entry.shown, links: entry.links?.editor ?? [] })),
            }),
          );
        }
      }
      diagnostics.push(...this.lateDiagnostics.splice(0));
      if (hasErrors(diagnostics)) {
        await checker?.close();
        await stage?.discard();
        this.forget(fresh);
        return fail(fresh.length);
      }
      const files = this.outputs.entries();
      const manifest = this.outputs.manifest(render.site.url);
      const manifestEntry = await keep(manifest);
      const all = [...files, manifestEntry];
      let changes: BuildResult['changes'];
      if (stage) {
        if (incremental) {
          const previous = this.current ?? new Map<string, ManifestEntry>();
          const removed = this.outputs.takeOrphans().filter((file) => previous.has(file));
          await stage.merge(changed, removed);
          const listed = (file: string): boolean => file !== MANIFEST_PATH;
          changes = {
            added: changed.filter((file) => listed(file) && !previous.has(file)).sort(byPath),
            changed: changed.filter((file) => listed(file) && previous.has(file)).sort(byPath),
            removed: removed.filter(listed).sort(byPath),
          };
          // out/ as it now is, updated in place rather than rebuilt from 56,000 entries.
          for (const file of changed) previous.set(file, this.outputs.get(file) ?? manifestEntry);
          for (const file of removed) previous.delete(file);
          this.current = previous;
        } else {
          // What the out/ being replaced held (another build's, or none): what this build changed.
          const previous = await readManifest(outDir);
          await stage.swap();
          const listed = all.filter((entry) => entry.path !== MANIFEST_PATH);
          changes = {
            added: listed.filter((entry) => !previous.has(entry.path)).map((entry) => entry.path).sort(byPath),
            changed: listed.filter((entry) => previous.has(entry.path) && previous.get(entry.path) !== entry.sha256).map((entry) => entry.path).sort(byPath),
            removed: [...previous.keys()].filter((file) => !this.outputs.has(file) && file !== MANIFEST_PATH).sort(byPath),
          };
          this.outputs.takeOrphans();
          this.current = new Map(all.map((entry) => [entry.path, entry]));
        }
        this.writtenManifest = await manifestIdentity(outDir);
        this.persist(incremental, fresh, gone, manifestEntry.sha256, progress);
        progress(`wrote ${changed.length} of ${all.length} files to ${path.relative(process.cwd(), outDir) || '.'}`);
      }
      const result = this.result(true, all, diagnostics, started, fresh.length, changed.length, articles.length, { entries, owned, linkFindings });
      if (changes) result.changes = changes;
      return result;
    } catch (error) {
      await checker?.close();
      await stage?.discard();
      this.forget(sources);
      throw error;
    } finally {
      await checker?.close();
    }
  }

  /**
   * The build cache on disk after a build that wrote out/: what changed, appended to the journal,
   * or every entry in a new snapshot. A cache that cannot be written only costs the next process
   * a full build, so a failure is reported, not thrown.
   */
  private persist(incremental: boolean, fresh: readonly { file: string }[], gone: string[], manifest: string, progress: (message: string) => void): void {
    const disk = this.disk;
    if (!disk) return;
    const record = (entry: CachedArticle): CacheRecord => {
      const { file, shown, hash, stamp, summary, headlines, outputs, diagnostics, links } = entry;
      return { file, shown, hash, stamp, outputs, diagnostics, ...(summary ? { summary } : {}), ...(headlines ? { headlines } : {}), ...(links ? { links } : {}) };
    };
    try {
      const upserts = fresh.flatMap((source) => {
        const entry = this.cache.get(source.file);
        return entry ? [record(entry)] : [];
      });
      if (!(incremental && this.diskInSync && disk.append(upserts, gone, manifest))) {
        disk.writeSnapshot([...this.cache.values()].map(record), manifest);
      }
      this.diskInSync = true;
    } catch (error) {
      this.diskInSync = false;
      progress(`cannot write the build cache in ${disk.folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}): the next start builds in full`);
      try {
        disk.clear();
      } catch {
        // Nothing more to do: a cache that does not match out/ is never used.
      }
    }
  }

  /** What was found in a collection output, kept while its bytes (`sha256`) stay the same. */
  private collectionFinding(output: RenderedOutput, entry: ManifestEntry | undefined): CollectionFinding {
    const sha256 = entry?.sha256 ?? '';
    let known = this.collectionFindings.get(output.path);
    if (known?.sha256 !== sha256) {
      known = { sha256 };
      this.collectionFindings.set(output.path, known);
    }
    return known;
  }

  /** The collections' check on this thread: outputs with the bytes checked last time are not checked again. */
  private async checkCollections(outputs: readonly RenderedOutput[], entries: readonly ManifestEntry[]): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    for (const [index, output] of outputs.entries()) {
      const known = this.collectionFinding(output, entries[index]);
      known.diagnostics ??= await checkOutputs([output], this.checkOptions());
      diagnostics.push(...known.diagnostics);
    }
    return diagnostics;
  }

  /** The paths the collections link to (`collectionPaths`), scanned again only in outputs whose bytes changed. */
  private collectionPaths(outputs: readonly RenderedOutput[], entries: readonly ManifestEntry[], site: SiteConfig): { url: string; path: string }[] {
    return outputs.flatMap((output, index) => (this.collectionFinding(output, entries[index]).paths ??= collectionPaths([output], site)));
  }

  /** The collections' links (`collectionLinks`), scanned again only in outputs whose bytes changed. */
  private collectionRefs(outputs: readonly RenderedOutput[], entries: readonly ManifestEntry[], site: SiteConfig): LinkRef[] {
    return outputs.flatMap((output, index) => (this.collectionFinding(output, entries[index]).refs ??= collectionLinks([output], site)));
  }

  /**
   * Outputs of a failed build never reach out/, and the cache keeps hashes, not bytes: drop what
   * this build rendered so the next build renders (and writes) it again.
   */
  private forget(sources: readonly { file: string }[]): void {
    for (const source of sources) this.deleteEntry(source.file);
  }

  /**
   * The body of a cached article, parsed again from its source. A source that cannot be read
   * again, or whose bytes changed since the build parsed them, fails the build (a body of other
   * bytes would not match the rest of the article); the next build reads it afresh.
   */
  private bodyLoader(result: Pick<ProcessedArticle, 'file' | 'shown' | 'hash'>, site: SiteConfig): () => Body | undefined {
    // Only these three: the loader lives as long as the cached article, the outputs must not.
    const { file, shown, hash } = result;
    return () => this.loadBody({ file, shown, hash }, site);
  }

  private loadBody(result: Pick<ProcessedArticle, 'file' | 'shown' | 'hash'>, site: SiteConfig): Body | undefined {
    // Once per file and build, however many collections ask.
    const report = (diagnostic: Diagnostic): undefined => {
      if (!this.lateDiagnostics.some((item) => item.file === diagnostic.file)) this.lateDiagnostics.push(diagnostic);
      return undefined;
    };
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(result.file);
    } catch (error) {
      return report(readError(result.shown, error));
    }
    const parsed = sha256(bytes) === result.hash ? parseArticle(bytes, { path: result.shown, site }).article : undefined;
    if (!parsed) {
      return report({
        file: result.shown,
        severity: 'error',
        ruleId: 'read',
        message: 'The article changed while the build was running: build again',
        expected: 'the bytes the build parsed',
        actual: 'other bytes',
      });
    }
    return parsed.body;
  }

  /** Official schemas: the build option, else the project's (`--schemas`, config `schemas`). */
  private checkOptions(): { schemasDir?: string } {
    const schemasDir = this.options.schemasDir ?? this.project.paths.schemas;
    return schemasDir === undefined ? {} : { schemasDir };
  }

  private result(ok: boolean, files: ManifestEntry[], diagnostics: Diagnostic[], started: number, rendered: number, written: number, articles = 0, by?: ByArticle): BuildResult {
    const counts = countBySeverity(diagnostics);
    // Sorted when first read: a publish's answer reads neither (56,000 files and 71,000 warnings
    // at 10,000 articles were ~0.1 s of each publish to sort).
    let sortedFiles: ManifestEntry[] | undefined;
    let sorted: Diagnostic[] | undefined;
    return {
      ok,
      outDir: this.project.paths.out,
      get files() {
        return (sortedFiles ??= [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
      },
      get diagnostics() {
        return (sorted ??= sortDiagnostics(diagnostics));
      },
      diagnosticsOf: (file) => {
        const absolute = path.resolve(file);
        const shown = path.relative(process.cwd(), absolute) || absolute;
        const names = (item: Diagnostic): boolean => item.file === shown || item.file === absolute;
        if (!by) return sortDiagnostics(diagnostics.filter(names));
        // The rest of the list (project, collections, links in full, checks' notes) is short.
        const rest: Diagnostic[] = [];
        let at = 0;
        for (const range of by.owned) {
          for (let index = at; index < range.from; index++) rest.push(diagnostics[index]!);
          at = range.to;
        }
        for (let index = at; index < diagnostics.length; index++) rest.push(diagnostics[index]!);
        const own = by.entries.find((entry) => entry.file === absolute)?.diagnostics ?? [];
        return sortDiagnostics([...own, ...(by.linkFindings?.get(absolute) ?? []), ...rest].filter(names));
      },
      stats: { articles, files: files.length, rendered, written, errors: counts.error, warnings: counts.warning, durationMs: performance.now() - started },
    };
  }
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Where a build's diagnostics came from, for `diagnosticsOf`. */
interface ByArticle {
  entries: readonly CachedArticle[];
  /** Ranges of the build's list holding the articles' own diagnostics and their kept link findings. */
  owned: { from: number; to: number }[];
  linkFindings: ReadonlyMap<string, readonly Diagnostic[]> | undefined;
}

/** A cached article as the index of outputs knows it. */
function producerOf(entry: CachedArticle): IndexedProducer {
  return { owner: entry.file, outputs: entry.outputs, ...(entry.article ? { slug: entry.article.slug, id: entry.article.id } : {}) };
}

/** content/ + templates/ → out/: parse, render, check, then write atomically. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  return (await Builder.create(options)).build();
}

/**
 * `render` with what the build keeps of each article for the collections: its `headlines.json`
 * part, and what the feeds make of it (worked out on first use, then kept with the article
 * while it is unchanged: a publish does not redo it for 10,000 stories).
 */
function withArticleParts(render: RenderOptions, entries: Iterable<CachedArticle>): RenderOptions {
  const byArticle = new Map<Article, CachedArticle>();
  for (const entry of entries) if (entry.article) byArticle.set(entry.article, entry);
  return {
    ...render,
    headlinesPartOf: (article) => byArticle.get(article)?.headlines,
    feedAnswersOf: (article) => {
      const entry = byArticle.get(article);
      return entry && (entry.feedAnswers ??= articleFeedAnswers(article, render.site));
    },
  };
}

/** Every output of a set of articles, in memory: per-article formats, then collections. Pure. */
export function renderAll(articles: readonly Article[], options: RenderOptions): { outputs: RenderedOutput[]; diagnostics: Diagnostic[] } {
  const outputs: RenderedOutput[] = [];
  for (const article of articles) outputs.push(...render(article, options).outputs);
  const collections = renderCollections(articles, options);
  outputs.push(...collections.outputs);
  return { outputs, diagnostics: collections.diagnostics };
}

/** The manifest file's inode, size and mtime: a build of another process (a rename) changes it. */
async function manifestIdentity(outDir: string): Promise<string> {
  try {
    const info = await stat(path.join(outDir, MANIFEST_PATH), { bigint: true });
    return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch {
    return 'none';
  }
}

interface SourceRef extends Omit<Source, 'bytes'> {
  /** Known when the file was read to compare with the cache, or its stamp matched the cache's. */
  hash?: string;
  /** `stampOf` the file, taken before it was read. */
  stamp: string;
  /** Kept only for small builds; large ones re-read in the worker. */
  bytes?: Uint8Array;
}

/**
 * Size, modification and change times (ns) and inode: a file rewritten keeps none of them all, so
 * a source whose stamp is the one the cache recorded is not read again (10,000 reads and hashes
 * were ~0.3 s of every incremental build).
 */
function stampOf(file: string): string | undefined {
  try {
    const info = statSync(file, { bigint: true });
    return `${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Every `.md` path under `folder`, sorted. A walk by hand: `readdir`'s recursive mode took 50–90 ms
 * for a folder of 10,000 articles (a stat of each entry), this one ~10 ms.
 */
function markdownFiles(folder: string): string[] {
  const found: string[] = [];
  const pending = [folder];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = dir + path.sep + entry.name;
      if (entry.isDirectory()) pending.push(file);
      if (entry.name.endsWith('.md')) found.push(file);
    }
  }
  return found.sort();
}

async function readSources(contentDir: string, diagnostics: Diagnostic[], hash: boolean, known: (file: string) => { stamp: string; hash: string; shown: string } | undefined = () => undefined): Promise<SourceRef[]> {
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;
  let files: string[];
  try {
    files = markdownFiles(contentDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    diagnostics.push({ file: shown(contentDir), severity: 'error', ruleId: 'read', message: `Cannot read the content folder (${code})`, expected: 'a folder of .md articles', actual: code });
    return [];
  }
  if (files.length === 0) {
    diagnostics.push({ file: shown(contentDir), severity: 'warning', ruleId: 'no-articles', message: 'No articles: the site and its feeds will be empty', expected: 'a .md file', actual: 'none' });
  }
  const keepBytes = files.length < WORKER_THRESHOLD;
  const refs: SourceRef[] = [];
  for (const file of files) {
    const stamp = stampOf(file) ?? '';
    const cached = known(file);
    if (cached && stamp !== '' && cached.stamp === stamp) {
      refs.push({ file, shown: cached.shown, hash: cached.hash, stamp });
      continue;
    }
    if (!hash && !keepBytes) {
      refs.push({ file, shown: shown(file), stamp });
      continue;
    }
    // Synchronous reads, with a yield every few hundred files so a server stays responsive:
    // awaiting `readFile` per file cost ~0.7 ms each (7 s of a 10,000-article incremental build).
    if (refs.length % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      diagnostics.push(readError(shown(file), error));
      continue;
    }
    refs.push({ file, shown: shown(file), hash: sha256(bytes), stamp, ...(keepBytes ? { bytes } : {}) });
  }
  return refs;
}

/** Two files with one slug or one id would overwrite each other's outputs. */
async function findDuplicates(entries: readonly CachedArticle[]): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const key of ['slug', 'id'] as const) {
    const first = new Map<string, string>();
    for (const { article, shown, file } of entries) {
      if (!article) continue;
      const value = article[key];
      const earlier = first.get(value);
      if (earlier === undefined) {
        first.set(value, shown);
        continue;
      }
      diagnostics.push({
        file: shown,
        ...(await fieldPlace(file, key)),
        severity: 'error',
        ruleId: `duplicate-${key}`,
        field: key,
        message: `Field \`${key}\`: expected a ${key} no other article uses, found ${JSON.stringify(value)}, already used by ${earlier}`,
        expected: `a unique ${key}`,
        actual: value,
      });
    }
  }
  return diagnostics;
}

/**
 * Two articles whose outputs share a path (one explicit `url` given twice, a URL equal to another
 * story's translation page) would overwrite each other in out/: an error naming both.
 * `owners` is filled with which article writes each path.
 */
function pathConflicts(entries: readonly CachedArticle[], owners: Map<string, string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    for (const { path: file } of entry.outputs) {
      const other = owners.get(file);
      if (other !== undefined && other !== entry.shown) diagnostics.push(conflict(entry.shown, file, other));
      else owners.set(file, entry.shown);
    }
  }
  return diagnostics;
}

/** An article output at the path of a feed, home page, static file…: reported at the article. */
function collectionConflicts(outputs: readonly RenderedOutput[], owners: ReadonlyMap<string, string>): Diagnostic[] {
  return outputs.flatMap((output) => {
    const owner = owners.get(output.path);
    return owner === undefined ? [] : [conflict(owner, output.path, `the site's own out/${output.path}`)];
  });
}

function conflict(shown: string, file: string, other: string): Diagnostic {
  return {
    file: shown,
    severity: 'error',
    ruleId: 'output-path-conflict',
    field: 'url',
    message: `Writes out/${file}, which ${other} writes too: two files cannot share a URL (change \`url\`, \`slug\` or \`paths\`)`,
    expected: 'a URL no other output has',
    actual: `out/${file}`,
  };
}

/**
 * The same warning about many articles (a language most stories are not translated into) is
 * shown for the first few, then once as a count, so a large archive does not bury real problems.
 */
const REPEATS_SHOWN = 5;
export function summarizeRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const item of diagnostics) {
    const key = `${item.severity}\u0000${item.ruleId}\u0000${item.field ?? ''}`;
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  const kept: Diagnostic[] = [];
  for (const group of groups.values()) {
    kept.push(...group.slice(0, REPEATS_SHOWN));
    const rest = group.length - REPEATS_SHOWN;
    const first = group[0];
    if (rest > 0 && first) {
      kept.push({
        ...first,
        file: group[REPEATS_SHOWN]?.file ?? first.file,
        message: `…and ${rest} more file${rest === 1 ? '' : 's'} with the same ${first.ruleId}${first.field ? ` (\`${first.field}\`)` : ''}`,
      });
    }
  }
  return kept;
}

/** Line of a top-level front-matter field (only read when reporting a duplicate). */
async function fieldPlace(file: string, field: string): Promise<{ line?: number; column?: number }> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${field}:`));
  return index === -1 ? {} : { line: index + 1, column: 1 };
}

export { MANIFEST_PATH };

/** A collection output's check findings, link refs and linked paths, for the bytes hashed `sha256`. */
interface CollectionFinding {
  sha256: string;
  diagnostics?: Diagnostic[];
  refs?: LinkRef[];
  paths?: { url: string; path: string }[];
}
