import { entryText, manifestOfTexts, type ManifestEntry } from './write.js';
import type { RenderedOutput } from '../formats/output.js';

/**
 * What the next out/ holds, kept up to date output by output as articles are rendered, removed or
 * forgotten, and as collections are rendered: which producer writes each path, the paths in
 * manifest order, and whether any path, slug or id is claimed twice. A publish then touches the
 * few paths of its story and the collections, not the 56,000 of a 10,000-article site (building
 * the map of every output, looking for conflicts and sorting the manifest cost ~0.25 s a publish).
 * When something is claimed twice the build works the conflicts out in full (`clean` is false).
 */
export interface IndexedProducer {
  /** An article's source file, or `COLLECTIONS`. */
  owner: string;
  outputs: readonly ManifestEntry[];
  slug?: string;
  id?: string;
}

/** The owner of the outputs made from many articles. */
export const COLLECTIONS = '\u0000collections';

interface Slot {
  entry: ManifestEntry;
  owners: string[];
}

/** A run of consecutive paths in manifest order, with its part of the manifest's text once asked for. */
interface Chunk {
  paths: string[];
  text: string | undefined;
}

/** Paths per chunk before it is split in two: a publish puts ~1,000 entries in text again, not 56,000. */
const CHUNK = 1024;

export class OutputIndex {
  private readonly slots = new Map<string, Slot>();
  /** Every path, in manifest order (by path), in chunks. */
  private chunks: Chunk[] = [];
  private readonly keys = { slug: new Map<string, number>(), id: new Map<string, number>() };
  /** Paths, slugs and ids claimed by more than one producer. */
  private clashes = 0;
  /** Paths that stopped being produced since `takeOrphans` (out/ may still hold them). */
  private orphans = new Set<string>();
  /** Paths that appeared or disappeared since `takeToggled` (links to them need checking again). */
  private toggled = new Set<string>();

  /** No path, slug or id claimed twice. */
  get clean(): boolean {
    return this.clashes === 0;
  }

  get size(): number {
    return this.slots.size;
  }

  has(path: string): boolean {
    return this.slots.has(path);
  }

  get(path: string): ManifestEntry | undefined {
    return this.slots.get(path)?.entry;
  }

  /** Every entry, in manifest order (by path). */
  entries(): ManifestEntry[] {
    const entries: ManifestEntry[] = [];
    for (const chunk of this.chunks) for (const path of chunk.paths) entries.push(this.slots.get(path)!.entry);
    return entries;
  }

  /** `manifestOf(entries())`, from the chunks' texts: only chunks with a changed entry are put in text again. */
  manifest(baseUrl: string): RenderedOutput {
    const texts = this.chunks.map((chunk) => (chunk.text ??= chunk.paths.map((path) => entryText(this.slots.get(path)!.entry)).join(',\n')));
    return manifestOfTexts(texts, baseUrl);
  }

  add(producer: IndexedProducer): void {
    for (const entry of producer.outputs) {
      const slot = this.slots.get(entry.path);
      if (!slot) {
        this.slots.set(entry.path, { entry, owners: [producer.owner] });
        this.place(entry.path);
        this.orphans.delete(entry.path);
        this.toggle(entry.path);
        continue;
      }
      // The latest rendering of a path is what would be written.
      if (slot.entry !== entry) this.chunkOf(entry.path).text = undefined;
      slot.entry = entry;
      if (!slot.owners.includes(producer.owner)) {
        slot.owners.push(producer.owner);
        if (slot.owners.length === 2) this.clashes++;
      }
    }
    for (const key of ['slug', 'id'] as const) {
      const value = producer[key];
      if (value === undefined) continue;
      const count = (this.keys[key].get(value) ?? 0) + 1;
      this.keys[key].set(value, count);
      if (count === 2) this.clashes++;
    }
  }

  remove(producer: IndexedProducer): void {
    for (const entry of producer.outputs) {
      const slot = this.slots.get(entry.path);
      const at = slot?.owners.indexOf(producer.owner) ?? -1;
      if (!slot || at === -1) continue;
      slot.owners.splice(at, 1);
      if (slot.owners.length === 1) this.clashes--;
      if (slot.owners.length > 0) continue;
      this.slots.delete(entry.path);
      this.unplace(entry.path);
      this.orphans.add(entry.path);
      this.toggle(entry.path);
    }
    for (const key of ['slug', 'id'] as const) {
      const value = producer[key];
      if (value === undefined) continue;
      const count = (this.keys[key].get(value) ?? 0) - 1;
      if (count <= 0) this.keys[key].delete(value);
      else this.keys[key].set(value, count);
      if (count === 1) this.clashes--;
    }
  }

  /** A producer rendered again: only the paths it gained or lost count as appearing or disappearing. */
  replace(before: IndexedProducer | undefined, after: IndexedProducer | undefined): void {
    if (after) this.add(after);
    if (!before) return;
    const kept = new Set(after?.owner === before.owner ? after.outputs.map((entry) => entry.path) : []);
    this.remove({ ...before, outputs: before.outputs.filter((entry) => !kept.has(entry.path)) });
  }

  clear(): void {
    this.slots.clear();
    this.chunks = [];
    this.keys.slug.clear();
    this.keys.id.clear();
    this.clashes = 0;
    this.orphans = new Set();
    this.toggled = new Set();
  }

  /** The paths no longer produced since the last call (out/ has them until they are removed). */
  takeOrphans(): string[] {
    const orphans = [...this.orphans].filter((path) => !this.slots.has(path));
    this.orphans = new Set();
    return orphans;
  }

  /** The paths that appeared or disappeared since the last call. */
  takeToggled(): string[] {
    const toggled = [...this.toggled];
    this.toggled = new Set();
    return toggled;
  }

  private toggle(path: string): void {
    this.toggled.add(path);
  }

  /** The chunk that holds `path`, or would: the last whose first path is not after it. */
  private chunkOf(path: string): Chunk {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.chunks[middle]!.paths[0]! <= path) low = middle;
      else high = middle - 1;
    }
    let chunk = this.chunks[low];
    if (!chunk) {
      chunk = { paths: [], text: undefined };
      this.chunks.push(chunk);
    }
    return chunk;
  }

  private place(path: string): void {
    const chunk = this.chunkOf(path);
    chunk.paths.splice(sortedIndex(chunk.paths, path), 0, path);
    chunk.text = undefined;
    if (chunk.paths.length <= 2 * CHUNK) return;
    const at = this.chunks.indexOf(chunk);
    this.chunks.splice(at + 1, 0, { paths: chunk.paths.splice(CHUNK), text: undefined });
  }

  private unplace(path: string): void {
    const chunk = this.chunkOf(path);
    const index = sortedIndex(chunk.paths, path);
    if (chunk.paths[index] !== path) return;
    chunk.paths.splice(index, 1);
    chunk.text = undefined;
    if (chunk.paths.length === 0 && this.chunks.length > 1) this.chunks.splice(this.chunks.indexOf(chunk), 1);
  }
}

/** Where `path` is, or would be inserted, in a sorted list (code-unit order, as the manifest sorts). */
function sortedIndex(sorted: readonly string[], path: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < path) low = middle + 1;
    else high = middle;
  }
  return low;
}
