import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { sha256 } from '../util/hash.js';
import { escapeRegExp } from '../util/text.js';

/**
 * One writer for `out/`: a lock file beside it (`out.lock`) naming its holder. A build, a watcher
 * or the server takes it before touching `out/` (or, for the server, `content/`) and gives it back
 * after; a second writer waits for it or fails with a message naming the holder.
 *
 * - The file is written in full under a temporary name and hard-linked into place, so it appears
 *   atomically and complete (`link` fails if the lock exists).
 * - A holder is dead when its pid is gone, or when the process with that pid started at another
 *   time (a reused pid; Linux `/proc/<pid>/stat`). A holder on another host is never judged dead.
 * - A dead holder's lock is taken over through a marker file named after that lock's content
 *   (`out.lock.takeover-<digest>`), created exclusively: of several processes finding the same
 *   dead lock only one removes it, and only after reading that it is still the dead one.
 * - Whoever takes the lock first puts back what a killed writer left: `out/` renamed away
 *   mid-swap (`out.old-<pid>`) is restored, stray `out.tmp-*` / `out.old-*` folders are removed.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** What holds it: `wirekit build`, `wirekit serve`… */
  owner: string;
  /** When the holder process started (ISO), and (Linux) its start in clock ticks since boot. */
  processStart: string;
  startTicks?: number;
  /** When it took the lock (ISO). */
  since: string;
}

export interface LockOptions {
  /** How long to wait for another holder, in ms (default 60 s); 0: fail at once. */
  waitMs?: number;
  /** Named in the lock file (default `node <script>`). */
  owner?: string;
  /** Called once when the lock is held by someone else and this call starts waiting. */
  onWait?: (holder: LockHolder | undefined, lockFile: string) => void;
  /** Called when a dead holder's lock was taken over or a killed writer's leftovers put right. */
  onRecover?: (message: string) => void;
  /** How often to look again while waiting (default 100 ms). */
  pollMs?: number;
}

export const DEFAULT_LOCK_WAIT_MS = 60_000;

/** `out/` is held by a live writer and did not come free in time. */
export class OutLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | undefined,
    readonly waitedMs: number,
  ) {
    super(`${lockFile.endsWith('.lock') ? `${path.basename(lockFile, '.lock')}/ is being written` : `${path.basename(lockFile)} is held`} by ${describeHolder(holder)} (lock file ${lockFile})${waitedMs > 0 ? `; gave up after waiting ${Math.round(waitedMs / 1000)} s` : ''}`);
    this.name = 'OutLockedError';
  }
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another process (the lock file cannot be read)';
  return `${holder.owner} (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${holder.processStart}, holding it since ${holder.since})`;
}

export const lockFileOf = (outDir: string): string => path.join(path.dirname(outDir), `${path.basename(outDir)}.lock`);

/** Locks this process holds, removed on exit if it ends without releasing them. */
const held = new Map<string, string>();
let exitHook = false;

export class OutLock {
  private released = false;

  private constructor(
    readonly outDir: string,
    readonly lockFile: string,
    private readonly content: string,
    /**
     * A writer died holding the lock: it may have replaced some files of `out/` and not others
     * (an incremental build renames file by file), so builders build in full.
     */
    readonly tookOver: boolean,
  ) {}

  static async acquire(outDir: string, options: LockOptions = {}): Promise<OutLock> {
    const lockFile = lockFileOf(path.resolve(outDir));
    // The build makes out/'s parent folders anyway; the lock beside out/ needs them first.
    await mkdir(path.dirname(lockFile), { recursive: true });
    let tookOver = false;
    const content = await takeLockFile(lockFile, {
      ...options,
      onRecover: (message) => {
        tookOver = true;
        options.onRecover?.(message);
      },
    });
    const lock = new OutLock(path.resolve(outDir), lockFile, content, tookOver);
    try {
      const recovered = await recoverLeftovers(lock.outDir);
      if (recovered) options.onRecover?.(recovered);
    } catch (error) {
      await lock.release();
      throw error;
    }
    return lock;
  }

  /** Gives the lock back (only if the file is still this holder's). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await releaseLockFile(this.lockFile, this.content);
  }

  /** Runs `task` holding the lock of `outDir`. */
  static async with<T>(outDir: string, options: LockOptions, task: (lock: OutLock) => Promise<T>): Promise<T> {
    const lock = await OutLock.acquire(outDir, options);
    try {
      return await task(lock);
    } finally {
      await lock.release();
    }
  }
}

/**
 * Takes `lockFile` for this process (the machinery of `OutLock`, for any file): waits for a live
 * holder up to `waitMs`, takes over a dead one's. Returns the content written, for `releaseLockFile`.
 */
export async function takeLockFile(lockFile: string, options: LockOptions = {}): Promise<string> {
  const content = `${JSON.stringify(selfHolder(options.owner), null, 2)}\n`;
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const pollMs = options.pollMs ?? 100;
  const started = Date.now();
  let announced = false;
  for (;;) {
    if (await createExclusive(lockFile, content)) break;
    const found = await readLock(lockFile);
    if (found === undefined) continue; // released meanwhile
    if (holderIsDead(found)) {
      if (await removeDead(lockFile, found)) {
        options.onRecover?.(`took over the lock of ${describeHolder(found.holder)}, which no longer runs`);
      } else {
        await sleep(Math.min(pollMs, 20));
      }
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new OutLockedError(lockFile, found.holder, waited);
    if (!announced) options.onWait?.(found.holder, lockFile);
    announced = true;
    await sleep(Math.min(pollMs, waitMs - waited));
  }
  held.set(lockFile, content);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', releaseAllSync);
  }
  return content;
}

/** Removes `lockFile` if it is still the one `takeLockFile` wrote. */
export async function releaseLockFile(lockFile: string, content: string): Promise<void> {
  held.delete(lockFile);
  const found = await readLock(lockFile);
  if (found?.raw === content) await unlink(lockFile).catch(() => {});
}

/** Synchronous `releaseLockFile`, for an exit handler. */
export function releaseLockFileSync(lockFile: string, content: string): void {
  held.delete(lockFile);
  try {
    if (readFileSync(lockFile, 'utf8') === content) unlinkSync(lockFile);
  } catch {
    // Gone already.
  }
}

/** Gives back every lock this process holds, synchronously: for exit paths (Ctrl-C of a build). */
export function releaseAllSync(): void {
  for (const [file, content] of held) releaseLockFileSync(file, content);
}

function selfHolder(owner: string | undefined): LockHolder {
  const ticks = startTicks(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    owner: owner ?? `node ${path.basename(process.argv[1] ?? '')}`.trim(),
    processStart: new Date(Math.round(Date.now() - process.uptime() * 1000)).toISOString(),
    ...(ticks === undefined ? {} : { startTicks: ticks }),
    since: new Date().toISOString(),
  };
}

/** Linux: field 22 of /proc/<pid>/stat, the process's start in clock ticks after boot. */
export function startTicks(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const value = Number(fields[19]);
  return Number.isSafeInteger(value) ? value : undefined;
}

interface FoundLock {
  raw: string;
  holder?: LockHolder;
  /** When the file was last changed (ms). */
  mtimeMs: number;
}

async function readLock(file: string): Promise<FoundLock | undefined> {
  let raw: string;
  let mtimeMs: number;
  try {
    [raw, mtimeMs] = await Promise.all([readFile(file, 'utf8'), stat(file).then((info) => info.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const holder = parseHolder(raw);
  return { raw, mtimeMs, ...(holder ? { holder } : {}) };
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    if (!Number.isSafeInteger(record['pid']) || typeof record['host'] !== 'string' || typeof record['owner'] !== 'string') return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

/** A lock file nobody can read is dead once it is 10 s old (a holder writing it needs far less). */
const UNREADABLE_LOCK_MS = 10_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function holderIsDead(found: FoundLock): boolean {
  const holder = found.holder;
  if (!holder) return Date.now() - found.mtimeMs > UNREADABLE_LOCK_MS;
  if (holder.host !== hostname()) return false;
  if (!isRunning(holder.pid)) return true;
  if (holder.startTicks === undefined) return false;
  const ticks = startTicks(holder.pid);
  return ticks !== undefined && ticks !== holder.startTicks;
}

/** Create `file` with `content`, whole, unless it exists. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const temporary = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(temporary, content, { flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // A file system without hard links: exclusive create (a reader may briefly see it empty).
    try {
      await writeFile(file, content, { flag: 'wx' });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    await unlink(temporary).catch(() => {});
  }
}

/**
 * Removes the dead lock `found` from `file`, if no other process is doing so: true when this call
 * removed it. The marker is itself a lock, so a taker killed mid-takeover is taken over in turn.
 */
async function removeDead(file: string, found: FoundLock): Promise<boolean> {
  const marker = `${file}.takeover-${sha256(found.raw).slice(0, 16)}`;
  const markerContent = `${JSON.stringify(selfHolder('wirekit lock takeover'), null, 2)}\n`;
  if (!(await createExclusive(marker, markerContent))) {
    const other = await readLock(marker);
    if (other && holderIsDead(other)) await removeDead(marker, other);
    return false;
  }
  try {
    // Still the dead holder's? (Another taker may have removed it and taken the lock since.)
    const now = await readLock(file);
    if (now?.raw !== found.raw) return false;
    await unlink(file);
    return true;
  } finally {
    await unlink(marker).catch(() => {});
  }
}

/**
 * Under the lock: what a writer killed mid-build left beside `out/`. A full build renames `out/`
 * to `out.old-<pid>` and its stage to `out/`: killed between the two, `out/` is missing and the
 * old one is put back. Stages and retired folders of other processes are removed.
 */
async function recoverLeftovers(outDir: string): Promise<string | undefined> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return undefined;
  }
  const escaped = escapeRegExp(base);
  const pattern = new RegExp(`^${escaped}\\.(tmp|old)-\\d+$`);
  // A lock file being written when its process was killed (`createExclusive`).
  const halfWritten = new RegExp(`^${escaped}\\.lock\\.(\\d+)\\.[0-9a-f-]{36}$`);
  for (const name of names) {
    const pid = Number(halfWritten.exec(name)?.[1]);
    if (pid && !isRunning(pid)) await rm(path.join(parent, name), { force: true });
  }
  const leftovers = names.filter((name) => pattern.test(name));
  if (leftovers.length === 0) return undefined;
  const notes: string[] = [];
  const outExists = await stat(outDir).then(
    () => true,
    () => false,
  );
  if (!outExists) {
    const retired = leftovers.filter((name) => name.includes('.old-')).sort();
    const restore = retired[retired.length - 1];
    if (restore) {
      await rename(path.join(parent, restore), outDir);
      notes.push(`restored ${base}/ from ${restore}, left by a build that was stopped while swapping it`);
      leftovers.splice(leftovers.indexOf(restore), 1);
    }
  }
  for (const name of leftovers) await rm(path.join(parent, name), { recursive: true, force: true });
  if (leftovers.length > 0) notes.push(`removed ${leftovers.join(', ')}, left by a stopped build`);
  return notes.join('; ');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
