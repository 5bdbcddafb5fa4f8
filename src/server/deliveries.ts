import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The webhook deliveries seen within the signature window, so that each is applied at most once:
 * a delivery seen again (a replay, a sender's retry) gets the first answer and changes nothing.
 *
 * Kept in a JSON-lines file (`.wirekit-cache/webhook-deliveries.jsonl`), so a restart forgets
 * nothing: a delivery is written down (and synced) before it is applied, its answer after. One
 * written down but never answered was being applied when the server stopped; it is not applied
 * again (content/ may or may not have it), and says so. An entry is dropped once its signature
 * timestamp is out of the window, when the request would be refused as stale anyway, so the file
 * stays bounded by the window; it is rewritten without the dropped entries at start and whenever
 * they outnumber the rest.
 */
export interface DeliveryAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  id: string;
  /** When it was first received (ms). */
  at: number;
  /** Until when a request with this id could still pass the timestamp check (ms). */
  until: number;
  answer?: DeliveryAnswer;
}

type Line = Entry | { id: string; forget: true };

export type Claim =
  | { seen: false }
  | {
      seen: true;
      firstSeen: number;
      /** The first answer: at once when known, else when the first request is answered (undefined: it was dropped). */
      answer: Promise<DeliveryAnswer | undefined>;
      pending: boolean;
    };

export const DELIVERIES_FILE = 'webhook-deliveries.jsonl';

export class DeliveryLog {
  private readonly entries = new Map<string, Entry>();
  private readonly waiting = new Map<string, { promise: Promise<DeliveryAnswer | undefined>; resolve: (answer: DeliveryAnswer | undefined) => void }>();
  private fd: number;
  private lines = 0;

  private constructor(
    readonly file: string,
    private readonly onClose: () => void,
    private readonly warn: (message: string) => void,
  ) {
    this.fd = -1;
  }

  /** Reads what earlier runs wrote (a torn last line is skipped) and starts a compacted file. */
  static open(file: string, now: number, onClose: () => void = () => {}, warn: (message: string) => void = () => {}): DeliveryLog {
    const log = new DeliveryLog(file, onClose, warn);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      if (!line) continue;
      if ('forget' in line) log.entries.delete(line.id);
      else log.entries.set(line.id, line);
    }
    for (const entry of log.entries.values()) {
      // Written down, never answered: the server stopped while applying it.
      entry.answer ??= {
        status: 409,
        body: {
          status: 409,
          error: 'delivery-interrupted',
          message: 'This delivery was being applied when the server stopped; it is not applied again. Check the article, then send a new delivery if needed',
        },
      };
    }
    log.prune(now);
    log.compact();
    return log;
  }

  /**
   * The first time `id` is seen it is written down and `{ seen: false }` is returned: the caller
   * applies it, then calls `answer` (or `forget` when nothing was applied and a retry may apply it).
   */
  claim(id: string, now: number, until: number): Claim {
    this.prune(now);
    const entry = this.entries.get(id);
    if (entry) {
      const pending = entry.answer === undefined;
      return { seen: true, firstSeen: entry.at, pending, answer: pending ? this.waitFor(id) : Promise.resolve(entry.answer) };
    }
    const fresh: Entry = { id, at: now, until: Math.max(until, now) };
    // Written down before it is applied: one that cannot be is refused (the caller answers 500).
    this.append(fresh);
    this.entries.set(id, fresh);
    return { seen: false };
  }

  answer(id: string, answer: DeliveryAnswer): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.answer = answer;
    this.settle(id, answer);
    this.appendOrWarn(entry);
  }

  /** Nothing was applied (a transient failure): a retry with this id is applied afresh. */
  forget(id: string): void {
    if (!this.entries.delete(id)) return;
    this.settle(id, undefined);
    this.appendOrWarn({ id, forget: true });
  }

  get size(): number {
    return this.entries.size;
  }

  close(): void {
    if (this.fd !== -1) closeSync(this.fd);
    this.fd = -1;
    this.onClose();
  }

  private waitFor(id: string): Promise<DeliveryAnswer | undefined> {
    let waiter = this.waiting.get(id);
    if (!waiter) {
      let resolve: (answer: DeliveryAnswer | undefined) => void = () => {};
      const promise = new Promise<DeliveryAnswer | undefined>((done) => (resolve = done));
      waiter = { promise, resolve };
      this.waiting.set(id, waiter);
    }
    return waiter.promise;
  }

  private settle(id: string, answer: DeliveryAnswer | undefined): void {
    this.waiting.get(id)?.resolve(answer);
    this.waiting.delete(id);
  }

  /** Entries are in arrival order, and windows are all the same length: drop from the front. */
  private prune(now: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.until >= now) break;
      if (entry.answer === undefined) continue; // still being applied
      this.entries.delete(id);
    }
  }

  /** After the change was applied: a failed write must not turn its answer into an error. */
  private appendOrWarn(line: Line): void {
    try {
      this.append(line);
    } catch (error) {
      this.warn(`cannot write to ${this.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): delivery ${line.id} is remembered until the server stops`);
    }
  }

  private append(line: Line): void {
    if (this.fd === -1) this.compact();
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    fsyncSync(this.fd);
    this.lines++;
    if (this.lines > 2 * this.entries.size + 64) this.compact();
  }

  /** Rewrites the file with the live entries only (written aside, synced, renamed over). */
  private compact(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp-${process.pid}`;
    const fd = openSync(temporary, 'w', 0o600);
    const text = [...this.entries.values()].map((entry) => `${JSON.stringify(entry)}\n`).join('');
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    if (this.fd !== -1) closeSync(this.fd);
    renameSync(temporary, this.file);
    this.fd = openSync(this.file, 'a', 0o600);
    this.lines = this.entries.size;
  }
}

function parseLine(raw: string): Line | undefined {
  if (raw.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record['id'] !== 'string') return undefined;
    if (record['forget'] === true) return { id: record['id'], forget: true };
    if (typeof record['at'] !== 'number' || typeof record['until'] !== 'number') return undefined;
    const answer = record['answer'] as DeliveryAnswer | undefined;
    const valid = answer === undefined || (typeof answer === 'object' && answer !== null && typeof answer.status === 'number');
    return valid ? { id: record['id'], at: record['at'], until: record['until'], ...(answer ? { answer } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
