import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArticle } from '../article/parse.js';
import type { Article } from '../article/types.js';
import { Builder, CACHE_FOLDER, type BuildResult } from '../build/build.js';
import { describeHolder, OutLock, OutLockedError, releaseLockFileSync, takeLockFile } from '../build/lock.js';
import { loadProject, type LoadedProject, type ProjectOptions, type ProjectPaths } from '../build/project.js';
import type { RenderOptions } from '../formats/article-formats.js';
import type { Diagnostic } from '../util/diagnostics.js';
import type { ArticleInput } from './article-input.js';
import { DeliveryLog, DELIVERIES_FILE } from './deliveries.js';
import { HttpError } from './http.js';
import { DEFAULT_TOLERANCE_SECONDS, parseSecrets, type WebhookSecrets } from './signature.js';
import { applyPublishEvents, PublishQueue, type PublishEvent, type PublishOutcome } from './publish.js';
import { BuildFiles } from './static.js';

/** What the routes share: the loaded project, the build queue, limits and the clock. */
export interface HandlerOptions extends ProjectOptions {
  /**
   * Secrets of the publish webhook: `whsec_…` ones verify Standard Webhooks, others wirekit's
   * X-Wirekit-Signature. Several (a list, or one string separated by spaces) while rotating.
   * Default: env WIREKIT_WEBHOOK_SECRET. Without one the webhook answers 503.
   */
  webhookSecret?: string | readonly string[];
  /** How long a publish waits for `out/` while another build writes it (default 20 s), then 503. */
  lockWaitMs?: number;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** How far a signature's timestamp (X-Wirekit-Timestamp, webhook-timestamp) may be from now (default 300 s); deliveries are remembered as long. */
  signatureToleranceSeconds?: number;
  /** The clock, in ms (tests set it). */
  now?: () => number;
  /** Where internal errors and background publish results are reported (default: nowhere). */
  log?: (line: string) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export class ServerContext {
  /** Publishes (coalesced while a build runs) and other writes of out/, one at a time. */
  readonly queue = new PublishQueue((events) => this.applyEvents(events));
  readonly maxBodyBytes: number;
  readonly toleranceSeconds: number;
  readonly secrets: WebhookSecrets;
  /** What is wrong with the configured secrets (the webhook answers 503 until fixed). */
  readonly secretProblems: string[];
  readonly lockWaitMs: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly project: ProjectOptions;
  private loaded: Promise<LoadedProject> | undefined;
  private loadedAt = 0;
  private files: BuildFiles | undefined;
  private builder: Promise<Builder> | undefined;
  private deliveryLog: Promise<DeliveryLog> | undefined;

  constructor(options: HandlerOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.toleranceSeconds = options.signatureToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    const parsed = parseSecrets(options.webhookSecret ?? process.env['WIREKIT_WEBHOOK_SECRET']);
    this.secrets = parsed.secrets;
    this.secretProblems = parsed.problems;
    this.lockWaitMs = options.lockWaitMs ?? 20_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    const project: ProjectOptions = {};
    for (const key of ['root', 'content', 'templates', 'locales', 'out', 'schemas'] as const) {
      const value = options[key];
      if (value !== undefined) project[key] = value;
    }
    if (options.config !== undefined) project.config = options.config;
    if (options.baseUrl !== undefined) project.baseUrl = options.baseUrl;
    this.project = project;
  }

  /** The project as loaded (templates, config); a failed load is retried after a second. */
  async loadedProject(): Promise<LoadedProject> {
    const now = Date.now();
    if (this.loaded) {
      const loaded = await this.loaded;
      if (loaded.render || now - this.loadedAt < 1000) return loaded;
    }
    this.loadedAt = now;
    this.loaded = loadProject(this.project);
    return this.loaded;
  }

  async paths(): Promise<ProjectPaths> {
    return (await this.loadedProject()).paths;
  }

  /** Render options, or 503 with the project's diagnostics when templates/config are broken. */
  async renderOptions(): Promise<RenderOptions> {
    const loaded = await this.loadedProject();
    if (!loaded.render) {
      throw new HttpError(503, 'project-invalid', 'The project could not be loaded: fix the templates or the config file', {
        diagnostics: loaded.diagnostics.filter((item) => item.severity === 'error'),
      });
    }
    return loaded.render;
  }

  /**
   * Bring out/ up to date with content/. One `Builder` per handler: its first build is full,
   * later ones incremental (only changed articles and the collections are re-rendered).
   * Callers serialize through `queue`.
   */
  async rebuild(lock: OutLock): Promise<BuildResult> {
    try {
      return await (await this.currentBuilder()).build(lock);
    } catch (error) {
      this.builder = undefined;
      throw error;
    }
  }

  /** The builder, resuming from the build cache (`.wirekit-cache/build/`) when it matches out/. */
  private currentBuilder(): Promise<Builder> {
    this.builder ??= Builder.create({ ...this.project, resume: true });
    return this.builder;
  }

  /** Apply a publish event, after the ones queued before it (coalesced with those that wait). */
  publish(event: PublishEvent): Promise<PublishOutcome> {
    return this.queue.submit(event);
  }

  /** One batch of events, holding out/'s lock, with one build. */
  private async applyEvents(events: readonly PublishEvent[]): Promise<PublishOutcome[]> {
    const paths = await this.paths();
    return this.withOutLock(async (lock) => {
      const builder = await this.currentBuilder();
      // Resumed before the events are written, so that the builder's slug index can be used.
      if (!lock.tookOver) await builder.resume();
      return applyPublishEvents(events, paths, () => this.rebuild(lock), {
        fileOfSlug: (slug) => builder.fileOfSlug(slug),
        outputsOf: (file) => builder.outputsOf(file),
      });
    });
  }

  /**
   * At start: load the build cache when it matches out/, so that the first publish is as quick
   * as the later ones (resolves once loaded); without one, a full build is queued now rather
   * than left to the first publish (resolves at once; publishes wait for it in the queue).
   */
  async warm(): Promise<void> {
    const loaded = await this.loadedProject();
    if (!loaded.render) return;
    const resumed = await this.queue.run(() =>
      this.withOutLock(async (lock) => {
        if (lock.tookOver || !(await (await this.currentBuilder()).resume())) return false;
        // One incremental build before listening: out/ takes in what content/ gained while no
        // server ran, and the first publish finds the build's own code compiled and its findings
        // kept (it took 2-3× a warm publish without).
        const result = await this.rebuild(lock);
        if (!result.ok) this.log(`wirekit serve: the build at start failed (${result.stats.errors} errors); the next publish builds again`);
        return true;
      }),
    );
    if (resumed) {
      // The webhook's delivery log opened now too, not by the first publish (a failure is told then).
      if (this.webhookState().state === 'enabled') await this.deliveries().catch(() => undefined);
      return;
    }
    void this.queue
      .run(() => this.withOutLock((lock) => this.rebuild(lock)))
      .then(
        (result) => {
          if (!result.ok) this.log(`wirekit serve: the build at start failed (${result.stats.errors} errors); the next publish builds again`);
        },
        (error: unknown) => this.log(`wirekit serve: the build at start failed (${error instanceof Error ? error.message : String(error)}); the next publish builds again`),
      );
  }

  /** `webhook: 'enabled' | 'disabled' | 'misconfigured'` and the schemes it verifies. */
  webhookState(): { state: 'enabled' | 'disabled' | 'misconfigured'; schemes: string[] } {
    const schemes = [...(this.secrets.wirekit.length > 0 ? ['x-wirekit-signature'] : []), ...(this.secrets.standard.length > 0 ? ['standard-webhooks'] : [])];
    return { state: this.secretProblems.length > 0 ? 'misconfigured' : schemes.length > 0 ? 'enabled' : 'disabled', schemes };
  }

  /** Hold `out/` (and content/) for one publish: waits `lockWaitMs` for another writer, else 503 naming it. */
  async withOutLock<T>(task: (lock: OutLock) => Promise<T>): Promise<T> {
    const { out } = await this.paths();
    try {
      return await OutLock.with(out, { waitMs: this.lockWaitMs, owner: 'wirekit serve', onRecover: (message) => this.log(`wirekit serve: ${message}`) }, task);
    } catch (error) {
      if (!(error instanceof OutLockedError)) throw error;
      throw new HttpError(503, 'out-locked', `${error.message}; nothing was changed, send the event again later`, {
        headers: { 'retry-after': '10' },
        body: { holder: error.holder ?? null },
      });
    }
  }

  /**
   * The deliveries seen within the signature window, kept beside the build cache
   * (`.wirekit-cache/`). One server per project keeps them (a lock file says which): a second
   * server's webhook would not know the first one's deliveries, so it answers 503 instead.
   */
  deliveries(): Promise<DeliveryLog> {
    this.deliveryLog ??= this.openDeliveries().catch((error: unknown) => {
      this.deliveryLog = undefined;
      throw error;
    });
    return this.deliveryLog;
  }

  private async openDeliveries(): Promise<DeliveryLog> {
    const { root } = await this.paths();
    const file = path.join(root, CACHE_FOLDER, DELIVERIES_FILE);
    const shown = path.relative(root, file);
    const unavailable = (error: unknown): HttpError =>
      new HttpError(503, 'deliveries-unavailable', `The publish webhook is disabled here: cannot keep the webhook deliveries in ${shown} (${(error as NodeJS.ErrnoException).code ?? String(error)}), and without them a replay could not be refused`);
    let owner: string;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      owner = await takeLockFile(`${file}.lock`, { waitMs: 0, owner: 'wirekit serve', onRecover: (message) => this.log(`wirekit serve: ${message}`) });
    } catch (error) {
      if (!(error instanceof OutLockedError)) throw unavailable(error);
      throw new HttpError(503, 'deliveries-locked', `The publish webhook is disabled here: ${describeHolder(error.holder)} keeps this project's webhook deliveries (${shown}); run one wirekit serve per project, so that no delivery is applied twice`, {
        body: { holder: error.holder ?? null },
      });
    }
    try {
      return DeliveryLog.open(
        file,
        this.now(),
        () => releaseLockFileSync(`${file}.lock`, owner),
        (message) => this.log(`wirekit serve: ${message}`),
      );
    } catch (error) {
      releaseLockFileSync(`${file}.lock`, owner);
      throw unavailable(error);
    }
  }

  async close(): Promise<void> {
    const log = await this.deliveryLog?.catch(() => undefined);
    log?.close();
    this.deliveryLog = undefined;
  }

  async buildFiles(): Promise<BuildFiles> {
    const { out } = await this.paths();
    if (this.files?.outDir !== out) this.files = new BuildFiles(out);
    return this.files;
  }

  /** Parse an article from a request; 400 with the diagnostics, mapped to the request, when it has errors. */
  parse(input: ArticleInput, options: RenderOptions, file: string): { article: Article; diagnostics: Diagnostic[] } {
    const result = parseArticle(input.source, { path: file, site: options.site });
    const diagnostics = input.remap(result.diagnostics);
    if (!result.article) {
      const errors = diagnostics.filter((item) => item.severity === 'error').length;
      throw new HttpError(400, 'invalid-article', `The article has ${errors} error${errors === 1 ? '' : 's'}`, { diagnostics });
    }
    return { article: result.article, diagnostics };
  }
}
