import { describe, expect, it } from 'vitest';
import { COLLECTIONS, OutputIndex } from '../src/build/output-index.js';
import { manifestOf, type ManifestEntry } from '../src/build/write.js';

const SITE = 'https://www.ansa.it/english/';
const entry = (path: string, version = 0): ManifestEntry => ({ path, mediaType: 'text/html', bytes: path.length + version, sha256: `${version}`.padStart(64, '0') });
const outputsOf = (story: number, version = 0): ManifestEntry[] => [`news/2025/02/${story}.html`, `news/2025/02/${story}.jsonld`, `newsml/${story}.xml`].map((path) => entry(path, version));

/** A little pseudo-random sequence, so the test is the same every run. */
function* numbers(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield state;
  }
}

describe('the index of outputs', () => {
  it('gives the manifest a full sort gives, through thousands of stories added, re-rendered and removed', () => {
    const index = new OutputIndex();
    const live = new Map<number, ManifestEntry[]>();
    const random = numbers(19);
    for (let step = 0; step < 6000; step++) {
      const story = random.next().value % 2500;
      const before = live.get(story);
      if (before && random.next().value % 3 === 0) {
        index.remove({ owner: `s${story}`, outputs: before, slug: `s${story}`, id: `i${story}` });
        live.delete(story);
      } else {
        const after = outputsOf(story, step);
        index.replace(before && { owner: `s${story}`, outputs: before, slug: `s${story}`, id: `i${story}` }, { owner: `s${story}`, outputs: after, slug: `s${story}`, id: `i${story}` });
        live.set(story, after);
      }
      if (step % 1000 === 999) {
        const all = [...live.values()].flat();
        expect(index.manifest(SITE).content).toBe(manifestOf(all, SITE).content);
        expect(index.entries().map((item) => item.path)).toEqual(all.map((item) => item.path).sort());
        expect(index.clean).toBe(true);
      }
    }
    expect(index.size).toBe([...live.values()].flat().length);
  });

  it('says when a path, a slug or an id is claimed twice, and when that is over; orphans are what out/ still holds', () => {
    const index = new OutputIndex();
    index.add({ owner: 'a.md', outputs: [entry('x.html')], slug: 'x', id: 'x' });
    index.takeOrphans();
    index.add({ owner: 'b.md', outputs: [entry('y.html')], slug: 'x', id: 'y' });
    expect(index.clean).toBe(false);
    index.remove({ owner: 'b.md', outputs: [entry('y.html')], slug: 'x', id: 'y' });
    expect(index.clean).toBe(true);
    index.add({ owner: COLLECTIONS, outputs: [entry('x.html')] });
    expect(index.clean).toBe(false);
    index.remove({ owner: COLLECTIONS, outputs: [entry('x.html')] });
    expect(index.clean).toBe(true);
    expect(index.takeOrphans()).toEqual(['y.html']);
    expect(index.takeToggled().sort()).toEqual(['x.html', 'y.html']);
  });
});
