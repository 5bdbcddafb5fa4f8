import type { ManifestEntry } from './write.js';

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

export class OutputIndex {
  private readonly slots = new Map<string, Slot>();
  /** Every path, sorted as the manifest lists them, as of the last `entries` (undefined: sort them all). */
  private sorted: string[] | undefined = [];
  /** Paths added and removed since. */
  private added: string[] = [];
  private removed: string[] = [];
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

  /** Every entry, in manifest order (by path): a publish's few paths are put in place, a build's many sorted. */
  entries(): ManifestEntry[] {
    let sorted = this.sorted;
    if (!sorted || this.added.length + this.removed.length > 1024) {
      sorted = [...this.slots.keys()].sort();
    } else {
      for (const path of this.removed) {
        const index = sortedIndex(sorted, path);
        if (sorted[index] === path && !this.slots.has(path)) sorted.splice(index, 1);
      }
      for (const path of this.added) {
        const index = sortedIndex(sorted, path);
        if (sorted[index] !== path && this.slots.has(path)) sorted.splice(index, 0, path);
      }
    }
    this.sorted = sorted;
    this.added = [];
    this.removed = [];
    return sorted.map((path) => this.slots.get(path)!.entry);
  }

  add(producer: IndexedProducer): void {
    for (const entry of producer.outputs) {
      const slot = this.slots.get(entry.path);
      if (!slot) {
        this.slots.set(entry.path, { entry, owners: [producer.owner] });
        this.added.push(entry.path);
        this.orphans.delete(entry.path);
        this.toggle(entry.path);
        continue;
      }
      // The latest rendering of a path is what would be written.
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
      this.removed.push(entry.path);
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
    this.sorted = [];
    this.added = [];
    this.removed = [];
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
