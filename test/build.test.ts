import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { articleSource, projectCopy, removeTemporary, REPO, runCli, snapshot } from './helpers.js';

afterAll(removeTemporary);

describe('wirekit build (the real CLI)', { timeout: 120_000 }, () => {
  it('builds content/ into out/ with a manifest of every file', async () => {
    const project = projectCopy();
    const result = await runCli(['build'], { cwd: project });
    expect(result.stderr).toMatch(/wirekit build: 3 articles → \d+ files in out\/ \(3 rendered, \d+ written; 0 errors, \d+ warnings\)/);
    expect(result.code).toBe(0);
    const out = path.join(project, 'out');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      generator: string;
      files: { path: string; mediaType: string; bytes: number; sha256: string }[];
    };
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(manifest.generator).toBe(`wirekit ${version}`);
    const onDisk = snapshot(out);
    expect(Object.keys(onDisk).sort()).toEqual([...manifest.files.map((file) => file.path), 'manifest.json'].sort());
    for (const file of manifest.files) {
      const bytes = readFileSync(path.join(out, file.path));
      expect(file.bytes).toBe(bytes.length);
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining([
      // Each page at its URL's path under the site URL (the story's front matter names its url).
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.jsonld',
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.html',
      'news/world/2025/02/13/trump-putin-agree-to-start-ukraine-negotiations.it.html',
      'markdown/trump-putin-agree-to-start-ukraine-negotiations.md',
      'index.html',
      'it/index.html',
      'assets/site.css',
    ]));
    expect((manifest as unknown as { baseUrl: string }).baseUrl).toBe('https://www.ansa.it/english/');
  });

  it('builds into an --out folder whose parent folders do not exist yet (its lock lives beside it)', async () => {
    const project = projectCopy();
    const result = await runCli(['build', '--quiet', '--out', 'deploy/site/out'], { cwd: project });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(project, 'deploy', 'site', 'out', 'manifest.json'))).toBe(true);
    expect(existsSync(path.join(project, 'deploy', 'site', 'out.lock'))).toBe(false);
  });

  it('is deterministic: two builds are byte-identical', async () => {
    const first = projectCopy();
    const second = projectCopy();
    expect((await runCli(['build', '--quiet'], { cwd: first })).code).toBe(0);
    // A different machine time zone must not change a byte.
    expect((await runCli(['build', '--quiet'], { cwd: second, env: { TZ: 'America/Los_Angeles' } })).code).toBe(0);
    expect(snapshot(path.join(second, 'out'))).toEqual(snapshot(path.join(first, 'out')));
  });

  it('gives the same bytes and diagnostics with --threads 2 as with --threads 1 (test/pool.test.ts: on the workers themselves)', async () => {
    const single = projectCopy();
    const workers = projectCopy();
    // `--schemas` names a folder without the official schemas: the message's check notes the XSD it
    // skipped, a diagnostic of the collections (by default every official check runs).
    const one = await runCli(['build', '--json', '--threads', '1', '--schemas', path.join(REPO, 'templates')], { cwd: single });
    expect(one.code).toBe(0);
    const result = await runCli(['build', '--json', '--threads', '2', '--schemas', path.join(REPO, 'templates')], { cwd: workers });
    expect(result.code).toBe(0);
    expect(snapshot(path.join(workers, 'out'))).toEqual(snapshot(path.join(single, 'out')));
    // The same diagnostics too, the collections' included (checked on a worker kept for it).
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(one.stdout));
    expect(JSON.parse(result.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'out/newsml/message.xml', ruleId: 'official-check-skipped' })]));
    expect((await runCli(['build', '--threads', 'many'], { cwd: workers })).code).toBe(2);
  });

  it('runs a wirekit.config.mjs once with --threads 2, and its settings reach every output', async () => {
    const config = "import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('./config-runs.txt', import.meta.url), 'ran\\n');\nexport default { timeZone: 'Asia/Tokyo' };\n";
    const [single, workers] = [projectCopy(), projectCopy()];
    for (const project of [single, workers]) writeFileSync(path.join(project, 'wirekit.config.mjs'), config);
    expect((await runCli(['build', '--quiet', '--threads', '1'], { cwd: single })).code).toBe(0);
    expect((await runCli(['build', '--quiet', '--threads', '2'], { cwd: workers })).code).toBe(0);
    expect(readFileSync(path.join(workers, 'config-runs.txt'), 'utf8')).toBe('ran\n');
    const out = snapshot(path.join(workers, 'out'));
    expect(out).toEqual(snapshot(path.join(single, 'out')));
    // Items give times in the configured zone (+09:00), not the site's, whichever thread rendered them.
    const item = Object.keys(out).find((file) => file.startsWith('newsml/') && file !== 'newsml/message.xml') ?? '';
    expect(readFileSync(path.join(workers, 'out', item), 'utf8')).toMatch(/\+09:00</);
  });

  it('fails on a broken article with a clear message and leaves the earlier out/ untouched', async () => {
    const project = projectCopy();
    expect((await runCli(['build', '--quiet'], { cwd: project })).code).toBe(0);
    const before = snapshot(path.join(project, 'out'));
    const cacheBefore = snapshot(path.join(project, '.wirekit-cache'));
    writeFileSync(path.join(project, 'content', 'broken.md'), articleSource({ slug: 'broken', datePublished: 'yesterday' }));
    const result = await runCli(['build'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/broken.md');
    expect(result.stderr).toMatch(/6:16\s+error\s+Field `datePublished`: expected an ISO 8601 date-time such as 2025-02-13T09:41:00\+01:00, found "yesterday"/);
    expect(result.stderr).toContain('wirekit build failed: 1 errors');
    expect(result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
    expect(snapshot(path.join(project, 'out'))).toEqual(before);
    // No staging folder left behind; the build cache is the first build's, untouched by the failed one.
    expect(readdirSync(project).sort()).toEqual(['.wirekit-cache', 'content', 'locales', 'out', 'templates'].filter((name) => existsSync(path.join(project, name))).sort());
    expect(snapshot(path.join(project, '.wirekit-cache'))).toEqual(cacheBefore);
  });

  it('reports an unreadable article instead of crashing', async () => {
    const project = projectCopy();
    mkdirSync(path.join(project, 'content', 'not-a-file.md'));
    const result = await runCli(['build'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/not-a-file\.md\n\s*error\s+Cannot read the article \(EISDIR\)/);
    expect(result.stderr).not.toContain('internal error');
  });

  it('rejects two articles with one slug, naming both files', async () => {
    const project = projectCopy();
    const copy = readFileSync(path.join(project, 'content', '2025-02-12-telefonata-trump-putin.md'), 'utf8').replace(/^id: .*$/m, '');
    writeFileSync(path.join(project, 'content', 'zz-duplicate.md'), copy);
    const result = await runCli(['build'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/zz-duplicate.md');
    expect(result.stderr).toMatch(/2:1\s+error\s+Field `slug`: expected a slug no other article uses, found "telefonata-trump-putin-negoziati-ucraina", already used by content\/2025-02-12-telefonata-trump-putin\.md/);
    expect(existsSync(path.join(project, 'out'))).toBe(false);
  });

  it('reports a broken site configuration at its line:column', async () => {
    const project = projectCopy();
    const sitePath = path.join(project, 'templates', 'site.json');
    writeFileSync(sitePath, readFileSync(sitePath, 'utf8').replace('"timeZone": "Europe/Rome"', '"timeZone": "Europe/Atlantis"'));
    const result = await runCli(['build'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/templates\/site\.json\n\s*6:15\s+error\s+Field `timeZone`: expected an IANA time zone such as Europe\/Rome, found "Europe\/Atlantis"/);
  });

  it('exits 2 on a usage error and prints help', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('Usage: wirekit <command>');
  });

  it('checks and renders single articles', async () => {
    const project = projectCopy();
    const file = path.join('content', '2025-02-12-telefonata-trump-putin.md');
    const checked = await runCli(['check', file], { cwd: project });
    expect(checked.code).toBe(0);
    const rendered = await runCli(['render', file, '--format', 'jsonld'], { cwd: project });
    expect(rendered.code).toBe(0);
    const graph = JSON.parse(rendered.stdout) as { '@graph': { headline?: string }[] };
    expect(graph['@graph'][3]?.headline).toBe('Telefonata Trump-Putin, "subito i negoziati" sull\'Ucraina');
    writeFileSync(path.join(project, 'bad.md'), '---\nslug: x\n---\n\nBody\n');
    const bad = await runCli(['check', 'bad.md'], { cwd: project });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('1:1 error Missing required field `language`');
  });
});
