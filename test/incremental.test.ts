import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, Builder } from '../src/build/build.js';
import { articleSource, projectCopy, removeTemporary, snapshot, temporaryFolder } from './helpers.js';

afterAll(removeTemporary);

/** A full build of the same inputs in a fresh folder: what an incremental build must equal. */
async function fullBuildOf(project: string): Promise<Record<string, string>> {
  const out = temporaryFolder('wirekit-full-');
  const result = await build({ root: project, out: path.join(out, 'out') });
  expect(result.ok).toBe(true);
  return snapshot(path.join(out, 'out'));
}

const changedBetween = (before: Record<string, string>, after: Record<string, string>): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((file) => before[file] !== after[file]).sort();

describe('incremental builds', { timeout: 120_000 }, () => {
  it('re-renders only the changed article and gives the bytes of a full build', async () => {
    const project = projectCopy('wirekit-incremental-');
    const builder = await Builder.create({ root: project });
    const first = await builder.build();
    expect(first.ok).toBe(true);
    expect(first.stats.rendered).toBe(3);
    const before = snapshot(path.join(project, 'out'));

    const file = path.join(project, 'content', '2025-02-12-telefonata-trump-putin.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Un\'ora e mezza di colloquio', 'Novanta minuti di colloquio'));
    const second = await builder.build();
    expect(second.ok).toBe(true);
    expect(second.stats.rendered).toBe(1);
    const after = snapshot(path.join(project, 'out'));
    const changed = changedBetween(before, after);
    // Only the Italian story's own files and the bundles that contain it (plus the manifest).
    expect(changed.length).toBeGreaterThan(1);
    expect(changed.length).toBe(second.stats.written);
    for (const path of changed) expect(path).not.toMatch(/trump-putin-agree|kremlin-rules-out/);
    expect(changed).toContain('manifest.json');
    expect(after).toEqual(await fullBuildOf(project));

    const third = await builder.build();
    expect(third.stats.rendered).toBe(0);
    expect(third.stats.written).toBe(0);
  });

  it("finds an article's diagnostics by article, as a pass over all of them does", async () => {
    const project = projectCopy('wirekit-incremental-');
    // Warnings the article itself earns (a link under the site URL to no page) and one it does not.
    const file = path.join(project, 'content', '2025-02-14-linked.md');
    writeFileSync(file, articleSource({ slug: 'linked' }, 'See [the archive](https://www.ansa.it/english/news/none.html).\n\nCopyright © ANSA\n'));
    const builder = await Builder.create({ root: project });
    expect((await builder.build()).ok).toBe(true);
    writeFileSync(file, articleSource({ slug: 'linked', headline: 'Linked, again' }, 'See [the archive](https://www.ansa.it/english/news/none.html) and [more](https://www.ansa.it/english/news/other.html).\n\nCopyright © ANSA\n'));
    const result = await builder.build();
    expect(result.ok).toBe(true);
    for (const source of readdirSync(path.join(project, 'content')).map((name) => path.join(project, 'content', name))) {
      const shown = path.relative(process.cwd(), source);
      expect(result.diagnosticsOf(source)).toEqual(result.diagnostics.filter((item) => item.file === shown));
    }
    expect(result.diagnosticsOf(file).filter((item) => item.ruleId === 'link-body-missing')).toHaveLength(2);
  });

  it('fails, keeping out/, when an article changes while the build runs (bodies are read back for the feeds)', async () => {
    const project = projectCopy('wirekit-incremental-');
    expect((await build({ root: project })).ok).toBe(true);
    const before = snapshot(path.join(project, 'out'));
    const file = path.join(project, 'content', '2025-02-12-telefonata-trump-putin.md');
    const original = readFileSync(file, 'utf8');
    // Between parsing the articles and rendering the feeds, which read the newest bodies again.
    const onProgress = (message: string): void => {
      if (message.startsWith('parsed')) writeFileSync(file, original.replace('Un\'ora e mezza di colloquio', 'Novanta minuti di colloquio'));
    };
    const builder = await Builder.create({ root: project, onProgress });
    const result = await builder.build();
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([
      expect.objectContaining({ file: expect.stringContaining('2025-02-12-telefonata-trump-putin.md'), ruleId: 'read', message: 'The article changed while the build was running: build again' }),
    ]);
    expect(snapshot(path.join(project, 'out'))).toEqual(before);
    // The next build reads the article afresh and gives what a full build gives.
    const again = await builder.build();
    expect(again.ok).toBe(true);
    expect(snapshot(path.join(project, 'out'))).toEqual(await fullBuildOf(project));
  });

  it('publishes and unpublishes: files appear and disappear, as a full build would have them', async () => {
    const project = projectCopy('wirekit-incremental-');
    const builder = await Builder.create({ root: project });
    expect((await builder.build()).ok).toBe(true);
    writeFileSync(path.join(project, 'content', 'new-story.md'), articleSource({ slug: 'new-story', datePublished: '2025-02-14T08:00:00+01:00' }));
    unlinkSync(path.join(project, 'content', '2025-02-13-kremlin-rules-out-kursk-territory-swap.md'));
    const result = await builder.build();
    expect(result.ok).toBe(true);
    expect(result.stats.rendered).toBe(1);
    const after = snapshot(path.join(project, 'out'));
    expect(Object.keys(after).some((file) => file.includes('new-story'))).toBe(true);
    expect(Object.keys(after).some((file) => file.includes('kremlin-rules-out'))).toBe(false);
    expect(after).toEqual(await fullBuildOf(project));
  });

  it('leaves out/ untouched when an incremental build fails', async () => {
    const project = projectCopy('wirekit-incremental-');
    const builder = await Builder.create({ root: project });
    expect((await builder.build()).ok).toBe(true);
    const before = snapshot(path.join(project, 'out'));
    writeFileSync(path.join(project, 'content', 'broken.md'), articleSource({ slug: 'broken', language: 'klingon-ish' }));
    const failed = await builder.build();
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics.find((item) => item.severity === 'error')).toMatchObject({ file: expect.stringContaining('broken.md'), field: 'language', line: 3 });
    expect(snapshot(path.join(project, 'out'))).toEqual(before);
    expect(readdirSync(project).filter((name) => name.startsWith('out.'))).toEqual([]);
  });

  it('writes an article changed during a failed build once the failure is fixed elsewhere', async () => {
    const project = projectCopy('wirekit-incremental-');
    const builder = await Builder.create({ root: project });
    expect((await builder.build()).ok).toBe(true);
    const story = path.join(project, 'content', '2025-02-12-telefonata-trump-putin.md');
    writeFileSync(story, readFileSync(story, 'utf8').replace('Telefonata Trump-Putin', 'Colloquio Trump-Putin'));
    const broken = path.join(project, 'content', 'broken.md');
    writeFileSync(broken, articleSource({ slug: 'broken', datePublished: 'soon' }));
    expect((await builder.build()).ok).toBe(false);
    unlinkSync(broken);
    const fixed = await builder.build();
    expect(fixed.ok).toBe(true);
    const after = snapshot(path.join(project, 'out'));
    expect(after).toEqual(await fullBuildOf(project));
    expect(readFileSync(path.join(project, 'out', 'news', '2025', '02', '12', 'telefonata-trump-putin-negoziati-ucraina.html'), 'utf8')).toContain('Colloquio Trump-Putin');
  });
});
