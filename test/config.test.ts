import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/file.js';
import { build } from '../src/build/build.js';
import { loadProject, resolvePaths } from '../src/build/project.js';
import { REPO, runCli } from './helpers.js';
import { tempProject } from './server-helpers.js';

let root: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ root, cleanup } = await tempProject({ build: false }));
});
afterAll(async () => {
  await cleanup?.();
});

async function withConfig(name: string, text: string): Promise<string> {
  for (const other of ['wirekit.config.json', 'wirekit.config.mjs', 'wirekit.config.js']) await rm(path.join(root, other), { force: true });
  const file = path.join(root, name);
  await writeFile(file, text);
  return file;
}

describe('wirekit.config', () => {
  it('is optional: without one the defaults hold', async () => {
    const loaded = await loadProject({ root: REPO });
    expect(loaded.paths).toEqual(resolvePaths({ root: REPO }));
    expect(loaded.paths.config).toBeUndefined();
    expect(loaded.render?.site.name).toBe(JSON.parse(await readFile(path.join(REPO, 'templates', 'site.json'), 'utf8')).name);
  });

  it('overrides site, publisher, languages, time zone, feed limits and folders from JSON', async () => {
    await withConfig(
      'wirekit.config.json',
      JSON.stringify({
        site: { name: 'ANSA English (staging)', url: 'https://staging.ansa.it/english/' },
        publisher: { name: 'ANSA Staging' },
        languages: ['en', 'it'],
        timeZone: 'UTC',
        feeds: { limit: 7 },
        out: 'public',
        schemas: '../specs',
      }),
    );
    const loaded = await loadProject({ root });
    expect(loaded.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    const site = loaded.render!.site;
    expect(site).toMatchObject({ name: 'ANSA English (staging)', url: 'https://staging.ansa.it/english/', languages: ['en', 'it'], timeZone: 'UTC' });
    expect(site.publisher.name).toBe('ANSA Staging');
    expect(site.publisher.url).toBe('https://www.ansa.it/'); // untouched fields stay
    expect(site.feeds.limit).toBe(7);
    expect(site.feeds.ttl).toBe(15);
    expect(loaded.paths).toMatchObject({ out: path.join(root, 'public'), content: path.join(root, 'content'), schemas: path.resolve(root, '..', 'specs'), config: path.join(root, 'wirekit.config.json') });
    // Explicit options (CLI flags) win over the file.
    expect((await loadProject({ root, out: 'elsewhere' })).paths.out).toBe(path.join(root, 'elsewhere'));
    // `config: false` reads none.
    expect((await loadProject({ root, config: false })).paths.out).toBe(path.join(root, 'out'));
  });

  it('limits the feeds as configured', async () => {
    await withConfig('wirekit.config.json', '{ "feeds": { "limit": 1 }, "out": "limited" }');
    const result = await build({ root });
    expect(result.ok).toBe(true);
    const rss = await readFile(path.join(root, 'limited', 'feeds', 'en', 'rss.xml'), 'utf8');
    expect(rss.match(/<item>/g)).toHaveLength(1);
  }, 30_000);

  it('takes the feed byte budget from the config, and refuses one under 1024 bytes at its place', async () => {
    await withConfig('wirekit.config.json', '{ "feeds": { "maxBytes": 4096, "maxBodyBytes": 2048 } }');
    const loaded = await loadProject({ root });
    expect(loaded.render!.site.feeds).toMatchObject({ maxBytes: 4096, maxBodyBytes: 2048, limit: 50 });
    await withConfig('wirekit.config.json', '{\n  "feeds": { "maxBytes": 10 }\n}\n');
    const refused = await loadProject({ root });
    expect(refused.render).toBeUndefined();
    expect(refused.diagnostics.find((item) => item.field === 'feeds.maxBytes')).toMatchObject({ line: 2, column: 26, severity: 'error', expected: 'at least 1024 bytes' });
  });

  it('holds site and channel names to the plain-text policy: they become feed titles', async () => {
    await withConfig('wirekit.config.json', '{\n  "site": { "name": "ANSA <b>English</b>" }\n}\n');
    const loaded = await loadProject({ root });
    expect(loaded.render).toBeUndefined();
    expect(loaded.diagnostics.find((item) => item.field === 'site.name')).toMatchObject({ line: 2, severity: 'error', expected: expect.stringContaining('plain text') });
  });

  it('writes only the outputs `formats` names: feeds and NewsML-G2 for a site whose CMS serves the pages', async () => {
    await withConfig('wirekit.config.json', '{ "formats": ["rss", "newsml"], "out": "feeds-only" }');
    const run = await runCli(['build', '--root', root]);
    expect(run.stderr).toContain('(3 rendered, 10 written; 0 errors, 0 warnings)');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(root, 'feeds-only', 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const written = manifest.files.map((file) => file.path);
    expect(written.length).toBeGreaterThan(0);
    // Every file is an RSS feed, a NewsML-G2 item or the NewsML-G2 message: no page, JSON-LD, Atom, sitemap.
    expect(written.filter((file) => !/^feeds\/[^/]+\/rss\.xml$|^newsml\//.test(file))).toEqual([]);
    expect(written).toContain('feeds/en/rss.xml');
    expect(written).toContain('newsml/message.xml');
    expect(existsSync(path.join(root, 'feeds-only', 'index.html'))).toBe(false);
    // The items still link to the stories' pages, which the site's CMS serves.
    const rss = await readFile(path.join(root, 'feeds-only', 'feeds', 'en', 'rss.xml'), 'utf8');
    expect(rss).toMatch(/<link>https:\/\/www\.ansa\.it\/english\/news\/[^<]+\.html<\/link>/);
  }, 60_000);

  it('drops the home page’s links to feeds it does not write', async () => {
    await withConfig('wirekit.config.json', '{ "formats": ["html", "atom"], "out": "pages-atom" }');
    const result = await build({ root });
    expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    const home = await readFile(path.join(root, 'pages-atom', 'index.html'), 'utf8');
    expect(home).toContain('type="application/atom+xml"');
    expect(home).not.toContain('rss.xml');
    expect(home).not.toContain('feed.json');
    expect(existsSync(path.join(root, 'pages-atom', 'feeds', 'en', 'atom.xml'))).toBe(true);
  }, 60_000);

  it('refuses an unknown output format at its place, naming the ones there are', async () => {
    await withConfig('wirekit.config.json', '{\n  "formats": ["rss", "pdf"]\n}\n');
    const loaded = await loadProject({ root });
    expect(loaded.render).toBeUndefined();
    expect(loaded.diagnostics.find((item) => item.field === 'formats.1')).toMatchObject({
      line: 2,
      column: 22,
      severity: 'error',
      expected: expect.stringContaining('html, jsonld, markdown, newsml, ninjs, rss, atom, jsonfeed, sitemap, headlines'),
      actual: '"pdf"',
    });
  });

  it('reads an ES module config', async () => {
    await withConfig('wirekit.config.mjs', "export default { timeZone: 'Europe/London', feeds: { ttl: 30 } };\n");
    const loaded = await loadProject({ root });
    expect(loaded.render!.site.timeZone).toBe('Europe/London');
    expect(loaded.render!.site.feeds.ttl).toBe(30);
    expect(loaded.paths.config).toBe(path.join(root, 'wirekit.config.mjs'));
  });

  it('reports wrong values with the key, line:column, what was expected and what was found', async () => {
    await withConfig('wirekit.config.json', '{\n  "timeZone": "Mars/Olympus",\n  "feeds": { "limit": "ten" },\n  "languages": [],\n  "tiemZone": "UTC"\n}\n');
    const loaded = await loadProject({ root });
    expect(loaded.render).toBeUndefined();
    const byField = Object.fromEntries(loaded.diagnostics.map((item) => [item.field, item]));
    expect(byField['timeZone']).toMatchObject({ file: expect.stringMatching(/wirekit\.config\.json$/), line: 2, column: 15, severity: 'error', ruleId: 'config-invalid', expected: 'an IANA time zone such as Europe/Rome', actual: '"Mars/Olympus"' });
    expect(byField['feeds.limit']).toMatchObject({ line: 3, column: 23, severity: 'error', actual: '"ten"' });
    expect(byField['languages']).toMatchObject({ line: 4, severity: 'error', expected: 'at least one language' });
    expect(byField['tiemZone']).toMatchObject({ line: 5, severity: 'warning', ruleId: 'config-unknown-field' });
    expect(byField['tiemZone']!.message).toContain('did you mean `timeZone`');
  });

  it('reports a JSON syntax error at its place', async () => {
    await withConfig('wirekit.config.json', '{\n  "out": "public",\n  "feeds": { "limit": 5, }\n}\n');
    const result = await loadConfigFile(root, { shown: (file) => path.basename(file) });
    expect(result.values).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ file: 'wirekit.config.json', ruleId: 'config-json', line: 3, column: 26, expected: 'another property after `,` (JSON allows no trailing comma)', severity: 'error' })]);
  });

  it('names the field of a bad value in a module config, and a module that fails to load', async () => {
    await withConfig('wirekit.config.mjs', 'export default { out: 42 };\n');
    const bad = await loadConfigFile(root);
    expect(bad.diagnostics).toEqual([expect.objectContaining({ field: 'out', severity: 'error', expected: 'a folder path', actual: 'number 42' })]);
    await withConfig('wirekit.config.js', 'export default {;\n');
    const broken = await loadConfigFile(root);
    expect(broken.diagnostics).toEqual([expect.objectContaining({ ruleId: 'config-load', severity: 'error' })]);
  });

  it('is found in the project folder only, and --config names another file', async () => {
    for (const other of ['wirekit.config.json', 'wirekit.config.mjs', 'wirekit.config.js']) await rm(path.join(root, other), { force: true });
    expect((await loadConfigFile(path.join(root, 'content'))).file).toBeUndefined();
    const file = path.join(root, 'templates', 'staging.json');
    await writeFile(file, '{ "out": "../staging-out" }');
    expect((await loadProject({ root, config: 'templates/staging.json' })).paths.out).toBe(path.join(root, 'staging-out'));
    const missing = await loadProject({ root, config: 'nope.json' });
    expect(missing.render).toBeUndefined();
    expect(missing.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'config-read', message: 'Config file not found' })]));
  });

  it('drives `wirekit build`, and CLI flags override it', async () => {
    await withConfig('wirekit.config.json', '{ "out": "from-config" }');
    const built = await runCli(['build', '--quiet', '--root', root]);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(path.join(root, 'from-config', 'manifest.json'))).toBe(true);
    const flagged = await runCli(['build', '--quiet', '--root', root, '--out', 'from-flag']);
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(existsSync(path.join(root, 'from-flag', 'manifest.json'))).toBe(true);
    await withConfig('wirekit.config.json', '{ "feeds": { "limit": 0 } }');
    const failed = await runCli(['build', '--root', root]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/wirekit\.config\.json[\s\S]*1:\d+|feeds\.limit/);
  }, 60_000);

  it('ships a valid example', async () => {
    const example = path.join(REPO, 'templates', 'wirekit.config.example.json');
    const result = await loadConfigFile(REPO, { explicit: example });
    expect(result.diagnostics).toEqual([]);
    expect(result.values).toBeDefined();
  });
});
