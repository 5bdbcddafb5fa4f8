import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ArticleHeadlinesPart } from '../i18n/report.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { sha256 } from '../util/hash.js';
import type { ArticleLinks } from './links.js';
import type { ArticleSummary } from './summary.js';
import { GENERATOR } from '../util/package.js';
import { codeFingerprint } from './fingerprint.js';
import type { ManifestEntry } from './write.js';

/**
 * The builder's memory on disk (`.wirekit-cache/build/`), so that a new process (a restarted
 * server, a watcher) starts where the last build left off instead of rebuilding everything:
 * per source file, the content hash it was parsed from, the parsed summary, the outputs' hashes
 * and what was said about it; and the sha256 of the `out/manifest.json` those describe.
 *
 * It is only ever a shortcut: it is used when every part of its key matches (format, wirekit
 * version and code, V8 version, project inputs: config, templates, locales, schemas) and the
 * manifest in out/ is byte for byte the one it recorded; anything else (missing, torn, corrupt,
 * another version, another config, out/ rebuilt by someone else) is ignored and the build runs
 * in full, then writes a new cache. Safe to delete at any time.
 *
 * Layout: `snapshot.bin` (every entry, written after a full build or when the journal grows) and
 * `journal.bin` (one record per incremental build: entries changed, files removed, the new
 * manifest's hash). Each is a sequence of frames: 4-byte length, 32-byte sha256, V8-serialized
 * value. A frame whose checksum fails ends the read there (a torn write) and the state it
 * would have led to is never trusted, since the recorded manifest no longer matches out/.
 * A snapshot's frames: the header, the records a few hundred at a time, then the manifest's hash.
 */
export interface CacheRecord {
  /** Absolute path of the source. */
  file: string;
  /** The path its diagnostics show (relative to the working directory of the build that wrote it). */
  shown: string;
  /** sha256 of its bytes. */
  hash: string;
  /** size, mtime, ctime and inode when it was read: the same stamp means the same bytes. */
  stamp: string;
  summary?: ArticleSummary;
  headlines?: ArticleHeadlinesPart;
  outputs: ManifestEntry[];
  diagnostics: Diagnostic[];
  links?: ArticleLinks;
}

export interface CacheKey {
  /** Project inputs that every output depends on (config, templates, locales, schemas). */
  inputs: unknown;
  content: string;
  out: string;
}

export interface CacheState {
  records: Map<string, CacheRecord>;
  /** sha256 of the out/manifest.json the records describe. */
  manifest: string;
}

interface Header {
  format: number;
  key: string;
}
interface JournalRecord {
  upserts: CacheRecord[];
  removed: string[];
  manifest: string;
}

const FORMAT = 2;
export const BUILD_CACHE_FOLDER = 'build';
/** File names carry the start of the key: builds of another out/ (or config) keep their own files. */
const SNAPSHOT = 'snapshot';
const JOURNAL = 'journal';
/** Past this many journal records, the next write is a fresh snapshot. */
const JOURNAL_LIMIT = 200;
/**
 * Records per snapshot frame: serialized and written one frame at a time, the snapshot of 10,000
 * articles (~100 MB) is never in memory whole (it was ~10 % of a full build's peak memory).
 */
const RECORDS_PER_FRAME = 256;

export class BuildCache {
  private journalRecords = 0;
  private readonly key: string;
  private readonly snapshotFile: string;
  private readonly journalFile: string;

  constructor(
    readonly folder: string,
    key: CacheKey,
  ) {
    this.key = sha256(Buffer.concat([Buffer.from(`${FORMAT}\0${GENERATOR.version}\0${codeFingerprint()}\0${process.versions.v8}\0${key.content}\0${key.out}\0`), serialize(key.inputs)]));
    this.snapshotFile = path.join(folder, `${SNAPSHOT}-${this.key.slice(0, 16)}.bin`);
    this.journalFile = path.join(folder, `${JOURNAL}-${this.key.slice(0, 16)}.bin`);
  }

  /** The cached state, or undefined when there is none that can be trusted. */
  load(): CacheState | undefined {
    try {
      const snapshot = readFrames(this.snapshotFile);
      const [header, ...parts] = snapshot.values;
      const written = parts.pop();
      // Its last frame is the manifest's hash: a snapshot without it was cut short.
      if (!snapshot.complete || typeof written !== 'string' || !this.headerMatches(header)) return undefined;
      const records = new Map<string, CacheRecord>();
      for (const part of parts as CacheRecord[][]) for (const record of part) records.set(record.file, record);
      let manifest = written;
      let journal: { values: unknown[]; complete: boolean };
      try {
        journal = readFrames(this.journalFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
        journal = { values: [], complete: true };
      }
      // The journal belongs to this snapshot only if it starts with the same header and manifest.
      const [head, base, ...changes] = journal.values;
      if (journal.values.length > 0) {
        if (!this.headerMatches(head) || base !== written) return undefined;
        for (const change of changes as JournalRecord[]) {
          for (const file of change.removed) records.delete(file);
          for (const record of change.upserts) records.set(record.file, record);
          manifest = change.manifest;
        }
        this.journalRecords = changes.length;
      }
      // A torn last record: the state before it no longer matches out/, which the caller checks.
      return { records, manifest };
    } catch {
      return undefined;
    }
  }

  /** Every record, after a full build: a new snapshot, an empty journal. */
  writeSnapshot(records: Iterable<CacheRecord>, manifest: string): void {
    mkdirSync(this.folder, { recursive: true });
    const header: Header = { format: FORMAT, key: this.key };
    const temporary = `${this.snapshotFile}.tmp-${process.pid}`;
    writeFrames(temporary, [header, ...inFrames(records), manifest]);
    // Files of other keys (an older version, another config) would never be read again.
    for (const name of readdirSync(this.folder)) {
      const file = path.join(this.folder, name);
      if (/^(snapshot|journal)-[0-9a-f]{16}\.bin$/.test(name) && file !== this.snapshotFile && file !== this.journalFile) rmSync(file, { force: true });
    }
    rmSync(this.journalFile, { force: true });
    renameSync(temporary, this.snapshotFile);
    writeFrames(this.journalFile, [header, manifest]);
    this.journalRecords = 0;
  }

  /** After an incremental build: what changed. False when a snapshot is due instead. */
  append(upserts: CacheRecord[], removed: string[], manifest: string): boolean {
    if (this.journalRecords >= JOURNAL_LIMIT) return false;
    // One write: a journal record is small, and a torn one is dropped by its checksum.
    const frame = Buffer.concat(encodeFrame({ upserts, removed, manifest } satisfies JournalRecord));
    const fd = openSync(this.journalFile, 'a');
    try {
      writeSync(fd, frame);
    } finally {
      closeSync(fd);
    }
    this.journalRecords++;
    return true;
  }

  /** Forget everything (a failed or foreign state): the next write is a snapshot. */
  clear(): void {
    rmSync(this.folder, { recursive: true, force: true });
    this.journalRecords = 0;
  }

  private headerMatches(value: unknown): boolean {
    const header = value as Partial<Header> | undefined;
    return header?.format === FORMAT && header.key === this.key;
  }
}

/** A frame's head (payload length and checksum) and payload, apart: written one after the other, not copied into one buffer. */
function encodeFrame(value: unknown): [Buffer, Buffer] {
  const payload = serialize(value);
  const head = Buffer.alloc(36);
  head.writeUInt32BE(payload.length, 0);
  Buffer.from(sha256(payload), 'hex').copy(head, 4);
  return [head, payload];
}

/** Records in groups of `RECORDS_PER_FRAME`. */
function inFrames(records: Iterable<CacheRecord>): CacheRecord[][] {
  const frames: CacheRecord[][] = [];
  for (const record of records) {
    const last = frames.at(-1);
    if (last && last.length < RECORDS_PER_FRAME) last.push(record);
    else frames.push([record]);
  }
  return frames;
}

/** Each value serialized only when its frame is written: one frame's bytes in memory at a time. */
function writeFrames(file: string, values: unknown[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const value of values) for (const part of encodeFrame(value)) writeSync(fd, part);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The frames of a file, up to the first one that is torn or fails its checksum. */
function readFrames(file: string): { values: unknown[]; complete: boolean } {
  const bytes = readFileSync(file);
  const values: unknown[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 36 > bytes.length) return { values, complete: false };
    const length = bytes.readUInt32BE(offset);
    const payload = bytes.subarray(offset + 36, offset + 36 + length);
    if (payload.length !== length || sha256(payload) !== bytes.subarray(offset + 4, offset + 36).toString('hex')) return { values, complete: false };
    values.push(deserialize(payload));
    offset += 36 + length;
  }
  return { values, complete: true };
}
