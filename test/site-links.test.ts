import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Builder } from '../src/build/build.js';
import { hreflangFindings } from '../src/build/links.js';
import { companionUrl, isPageUrl, outputPathOf, translationUrlOf } from '../src/config/urls.js';
import { serve, type RunningServer } from '../src/server/node.js';
import { crawl } from './crawl.js';
import { articleSource, projectCopy, removeTemporary, runCli, snapshot } from './helpers.js';

const SITE = 'https://www.ansa.it/english/';
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers.splice(0)) await server.close();
  removeTemporary();
});

interface Manifest {
  baseUrl: string;
  files: { path: string }[];
}
const manifestOf = (project: string): Manifest => JSON.parse(readFileSync(path.join(project, 'out', 'manifest.json'), 'utf8')) as Manifest;

async function serveProject(project: string): Promise<RunningServer> {
  const server = await serve({ root: project, port: 0, config: false, log: () => {} });
  servers.push(server);
  return server;
}

/** Everything the crawler found missing, as `url ← linking files` lines (empty when all resolve). */
const missesOf = (misses: Map<string, Set<string>>): string[] => [...misses].map(([url, from]) => `${url} ← ${[...from].join(', ')}`);

describe('URLs and paths', () => {
  it('maps a URL under the site to its file in out/, and nothing else', () => {
    expect(outputPathOf(`${SITE}news/2025/02/13/x.html`, SITE)).toBe('news/2025/02/13/x.html');
    expect(outputPathOf(`${SITE}news/x.html#article`, SITE)).toBe('news/x.html');
    expect(outputPathOf(`${SITE}?q=1`, SITE)).toBe('index.html');
    expect(outputPathOf('https://www.ansa.it/english', SITE)).toBe('index.html');
    expect(outputPathOf(`${SITE}it/`, SITE)).toBe('it/index.html');
    expect(outputPathOf(`${SITE}caf%C3%A8.html`, SITE)).toBe('cafè.html');
    expect(outputPathOf('https://www.ansa.it/english-news/x.html', SITE)).toBeUndefined();
    expect(outputPathOf('https://www.ansa.it/sito/x.html', SITE)).toBeUndefined();
    expect(outputPathOf('http://www.ansa.it/english/x.html', SITE)).toBeUndefined();
    expect(outputPathOf(`${SITE}a/%2e%2e/%2e%2e/x.html`, SITE)).toBeUndefined();
  });

  it("derives a translation's URL from its original's, file or folder, and a page's JSON-LD beside it", () => {
    expect(translationUrlOf(`${SITE}news/world/2025/x.html`, 'pt-BR')).toBe(`${SITE}news/world/2025/x.pt-br.html`);
    expect(translationUrlOf(`${SITE}news/x/`, 'ar')).toBe(`${SITE}news/x/ar/`);
    expect(companionUrl(`${SITE}news/x.it.html`, 'jsonld')).toBe(`${SITE}news/x.it.jsonld`);
    expect(companionUrl(`${SITE}news/x/`, 'jsonld')).toBe(`${SITE}news/x/index.jsonld`);
    expect(isPageUrl(`${SITE}news/x`)).toBe(false);
    expect(isPageUrl(`${SITE}news/x/`)).toBe(true);
  });
});

describe('the published site', () => {
  it('builds the bundled example without warnings, and every link of every output resolves over HTTP under the site path', async () => {
    const project = projectCopy();
    const result = await runCli(['build', '--json'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    const diagnostics = JSON.parse(result.stdout) as { severity: string; ruleId: string }[];
    expect(diagnostics.filter((item) => item.severity !== 'info')).toEqual([]);
    const manifest = manifestOf(project);
    expect(manifest.baseUrl).toBe(SITE);
    const server = await serveProject(project);
    // The site URL mapped to the local server: https://www.ansa.it/english/x → http://127.0.0.1:port/english/x.
    const local = (url: string): string => `${server.url}${new URL(url).pathname}${new URL(url).search}`;
    const { fetched, misses } = await crawl(SITE, [SITE, ...manifest.files.map((file) => `${SITE}${file.path}`)], local);
    expect(missesOf(misses)).toEqual([]);
    // Every file was reached, and the crawl followed links beyond them (folders as their index.html).
    expect(fetched.size).toBeGreaterThan(manifest.files.length);
    for (const file of manifest.files) expect(fetched.get(`${SITE}${file.path}`), file.path).toBe(200);
    for (const home of [SITE, `${SITE}it/`, `${SITE}ar/`, `${SITE}pt-br/`]) expect(fetched.get(home), home).toBe(200);
  }, 120_000);

  it('builds for another origin with --base-url: nothing of the production URL is left, and that site crawls clean from its root', async () => {
    const project = projectCopy();
    const server = await serveProject(project);
    const base = `${server.url}/`;
    const result = await runCli(['build', '--quiet', '--base-url', base], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    const manifest = manifestOf(project);
    expect(manifest.baseUrl).toBe(base);
    for (const file of manifest.files) {
      const text = readFileSync(path.join(project, 'out', file.path), 'utf8');
      // The publisher's own site (https://www.ansa.it/) is not the site URL and stays.
      expect(text.includes(SITE), file.path).toBe(false);
    }
    const { fetched, misses } = await crawl(base, [base], (url) => url);
    expect(missesOf(misses)).toEqual([]);
    // From the home page alone, links reach every page (markdown, NewsML-G2, ninjs are not linked from pages).
    for (const file of manifest.files.filter((entry) => entry.path.endsWith('.html'))) expect(fetched.get(`${base}${file.path.replace(/(^|\/)index\.html$/, '$1')}`), file.path).toBe(200);
    // The content folder is untouched.
    expect(readFileSync(path.join(project, 'content', '2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md'), 'utf8')).toContain(`url: ${SITE}news/world/`);
  }, 120_000);
});

describe('the link check of the build', () => {
  it('fails on a template link to a missing asset, naming the output, its line:column and the URL; out/ is untouched', async () => {
    const project = projectCopy();
    expect((await runCli(['build', '--quiet'], { cwd: project })).code).toBe(0);
    const before = snapshot(path.join(project, 'out'));
    const template = path.join(project, 'templates', 'article.html');
    writeFileSync(template, readFileSync(template, 'utf8').replace('<link rel="stylesheet"', '<link rel="icon" href="{{siteUrl}}favicon.ico">\n<link rel="stylesheet"'));
    const result = await runCli(['build', '--json'], { cwd: project });
    expect(result.code).toBe(1);
    const errors = (JSON.parse(result.stdout) as { severity: string; ruleId: string; file: string; line: number; column: number; message: string }[]).filter((item) => item.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatchObject({ ruleId: 'link-missing', message: expect.stringContaining(`${SITE}favicon.ico`) });
    const page = 'out/news/2025/02/13/kremlin-rules-out-kursk-territory-swap.html';
    const error = errors.find((item) => item.file === page);
    expect(error).toBeDefined();
    // The place is the URL's own in the page that would have been written: the icon link takes the
    // stylesheet link's line in the page, and the URL starts after `<link rel="icon" href="`.
    const previous = readFileSync(path.join(project, page), 'utf8').split('\n');
    expect(error).toMatchObject({ line: previous.findIndex((line) => line.startsWith('<link rel="stylesheet"')) + 1, column: '<link rel="icon" href="'.length + 1 });
    expect(result.stderr).toContain('out/ left as it was');
    expect(snapshot(path.join(project, 'out'))).toEqual(before);
  }, 60_000);

  it("warns at the article's file:line:column for a body link under the site URL to no page; links.body makes it an error, links.notBuilt silences it", async () => {
    const project = projectCopy();
    const story = path.join(project, 'content', '2025-02-13-kremlin-rules-out-kursk-territory-swap.md');
    const text = readFileSync(story, 'utf8');
    writeFileSync(story, `${text}\nSee [the archive](${SITE}archive/2024.html), [a sister story](../12/telefonata-trump-putin-negoziati-ucraina.html) and [a missing one](../12/missing.html).\n`);
    const line = text.split('\n').length + 1;
    const result = await runCli(['build', '--json'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    const found = (JSON.parse(result.stdout) as { ruleId: string; severity: string; file: string; line: number; column: number }[]).filter((item) => item.ruleId === 'link-body-missing');
    expect(found).toEqual([
      expect.objectContaining({ severity: 'warning', file: path.join('content', '2025-02-13-kremlin-rules-out-kursk-territory-swap.md'), line, column: 5, message: expect.stringContaining(`${SITE}archive/2024.html`) }),
      expect.objectContaining({ severity: 'warning', line, message: expect.stringContaining(`${SITE}news/2025/02/12/missing.html`) }),
    ]);
    const site = path.join(project, 'templates', 'site.json');
    const config = JSON.parse(readFileSync(site, 'utf8')) as Record<string, unknown>;
    writeFileSync(site, JSON.stringify({ ...config, links: { body: 'error' } }));
    expect((await runCli(['build', '--quiet'], { cwd: project })).code).toBe(1);
    writeFileSync(site, JSON.stringify({ ...config, links: { body: 'error', notBuilt: [`${SITE}archive/`, `${SITE}news/2025/02/12/missing.html`] } }));
    const quiet = await runCli(['build', '--json'], { cwd: project });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).not.toContain('link-body-missing');
  }, 60_000);

  it('writes no page for an article whose url is on another host, says so, and links there from the feeds', async () => {
    const project = projectCopy();
    const elsewhere = 'https://www.ansamed.info/en/news/2025/02/13/elsewhere-story.html';
    writeFileSync(path.join(project, 'content', 'elsewhere.md'), articleSource({ slug: 'elsewhere-story', url: elsewhere, translations: '{ it: { headline: Altrove } }' }));
    const result = await runCli(['build', '--json', '--verbose'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toContainEqual(expect.objectContaining({ ruleId: 'url-elsewhere', severity: 'info', field: 'url', file: path.join('content', 'elsewhere.md') }));
    const files = manifestOf(project).files.map((file) => file.path);
    expect(files.filter((file) => file.includes('elsewhere') && !file.startsWith('markdown/') && !file.startsWith('newsml/') && !file.startsWith('ninjs/'))).toEqual([]);
    expect(readFileSync(path.join(project, 'out', 'feeds', 'en', 'rss.xml'), 'utf8')).toContain(`<link>${elsewhere}</link>`);
    expect(readFileSync(path.join(project, 'out', 'feeds', 'it', 'rss.xml'), 'utf8')).toContain('<link>https://www.ansamed.info/en/news/2025/02/13/elsewhere-story.it.html</link>');
    expect(readFileSync(path.join(project, 'out', 'sitemap-news.xml'), 'utf8')).not.toContain('ansamed');
  }, 60_000);

  it('refuses two outputs at one URL: an article taking another story\'s page, or a home page', async () => {
    const project = projectCopy();
    const conflictsOf = async (): Promise<{ ruleId: string; file: string; message: string }[]> => {
      const result = await runCli(['build', '--json'], { cwd: project });
      expect(result.code).toBe(1);
      return (JSON.parse(result.stdout) as { ruleId: string; file: string; message: string }[]).filter((item) => item.ruleId === 'output-path-conflict');
    };
    const twin = path.join(project, 'content', 'twin.md');
    writeFileSync(twin, articleSource({ slug: 'twin', url: `${SITE}news/2025/02/13/kremlin-rules-out-kursk-territory-swap.it.html` }));
    expect(await conflictsOf()).toContainEqual(expect.objectContaining({ file: path.join('content', 'twin.md'), message: expect.stringContaining('out/news/2025/02/13/kremlin-rules-out-kursk-territory-swap.it.html') }));
    rmSync(twin);
    writeFileSync(path.join(project, 'content', 'home.md'), articleSource({ slug: 'home-story', url: `${SITE}it/` }));
    expect(await conflictsOf()).toContainEqual(expect.objectContaining({ file: path.join('content', 'home.md'), message: expect.stringContaining('out/it/index.html') }));
  }, 60_000);

  it('writes folder URLs as index.html, their translations in a language folder, and crawls clean', async () => {
    const project = projectCopy();
    const site = path.join(project, 'templates', 'site.json');
    const config = JSON.parse(readFileSync(site, 'utf8')) as Record<string, unknown>;
    writeFileSync(site, JSON.stringify({ ...config, articleUrl: `${SITE}stories/{slug}/`, paths: { feeds: 'rss/{language}/', newsml: 'g2/{slug}.xml' } }));
    expect((await runCli(['build', '--quiet'], { cwd: project })).code).toBe(0);
    const files = manifestOf(project).files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['stories/kremlin-rules-out-kursk-territory-swap/index.html', 'stories/kremlin-rules-out-kursk-territory-swap/index.jsonld', 'stories/kremlin-rules-out-kursk-territory-swap/it/index.html', 'rss/pt-br/atom.xml', 'g2/kremlin-rules-out-kursk-territory-swap.xml']));
    const server = await serveProject(project);
    const { misses } = await crawl(SITE, [SITE], (url) => `${server.url}${new URL(url).pathname}`);
    expect(missesOf(misses)).toEqual([]);
  }, 60_000);

  it('checks the same in an incremental build, byte-identical to a full one, and a broken change leaves out/ as it was', async () => {
    const project = projectCopy();
    const builder = await Builder.create({ root: project, config: false });
    expect((await builder.build()).ok).toBe(true);
    const story = path.join(project, 'content', '2025-02-12-telefonata-trump-putin.md');
    const text = readFileSync(story, 'utf8');
    writeFileSync(story, text.replace('(c) ANSA', 'Vedi [il Cremlino](../13/kremlin-rules-out-kursk-territory-swap.html).\n\n(c) ANSA'));
    const incremental = await builder.build();
    expect(incremental.ok).toBe(true);
    expect(incremental.diagnostics.filter((item) => item.ruleId.startsWith('link') || item.ruleId.startsWith('hreflang'))).toEqual([]);
    const full = projectCopy();
    writeFileSync(path.join(full, 'content', '2025-02-12-telefonata-trump-putin.md'), readFileSync(story));
    expect((await runCli(['build', '--quiet'], { cwd: full })).code).toBe(0);
    expect(snapshot(path.join(project, 'out'))).toEqual(snapshot(path.join(full, 'out')));
    // Unpublishing the story it links to: the body link is reported at its place in the article.
    const kremlin = path.join(project, 'content', '2025-02-13-kremlin-rules-out-kursk-territory-swap.md');
    const kremlinText = readFileSync(kremlin, 'utf8');
    rmSync(kremlin);
    const unpublished = await builder.build();
    expect(unpublished.ok).toBe(true);
    expect(unpublished.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'link-body-missing', severity: 'warning', file: path.relative(process.cwd(), story), line: text.split('\n').length - 1, column: 6 }));
    writeFileSync(kremlin, kremlinText);
    expect((await builder.build()).ok).toBe(true);
  }, 120_000);

  it('fails an incremental build whose change breaks a link when links.body is error, leaving out/ as it was', async () => {
    const project = projectCopy();
    const site = path.join(project, 'templates', 'site.json');
    writeFileSync(site, JSON.stringify({ ...(JSON.parse(readFileSync(site, 'utf8')) as Record<string, unknown>), links: { body: 'error' } }));
    const builder = await Builder.create({ root: project, config: false });
    expect((await builder.build()).ok).toBe(true);
    const before = snapshot(path.join(project, 'out'));
    writeFileSync(path.join(project, 'content', 'new.md'), articleSource({ slug: 'new-story' }, `Read [the background](${SITE}background.html).\n\nCopyright © ANSA\n`));
    const failed = await builder.build();
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'link-body-missing', severity: 'error', line: 9, column: 6 }));
    expect(snapshot(path.join(project, 'out'))).toEqual(before);
  }, 120_000);
});

describe('hreflang and canonical of a version group', () => {
  const page = (file: string, lang: string, links: string): { path: string; mediaType: string; content: string } => ({
    path: file,
    mediaType: 'text/html; charset=utf-8',
    content: `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<link rel="canonical" href="${SITE}${file}">\n${links}</head>\n<body></body>\n</html>\n`,
  });
  const alternate = (lang: string, file: string): string => `<link rel="alternate" hreflang="${lang}" href="${SITE}${file}">\n`;
  const full = alternate('en', 'a.html') + alternate('it', 'a.it.html') + alternate('x-default', 'a.html');

  it('passes reciprocal sets, and names each fault at its place', () => {
    expect(hreflangFindings([page('a.html', 'en', full), page('a.it.html', 'it', full)], SITE)).toEqual([]);
    const lopsided = hreflangFindings([page('a.html', 'en', full), page('a.it.html', 'it', alternate('it', 'a.it.html') + alternate('x-default', 'a.html'))], SITE);
    expect(lopsided.map((item) => [item.file, item.ruleId, item.line])).toEqual([
      ['out/a.html', 'hreflang-reciprocal', 6],
      ['out/a.it.html', 'hreflang-missing', 5],
      ['out/a.it.html', 'hreflang-reciprocal', 6],
    ]);
    const noDefault = hreflangFindings([page('a.html', 'en', alternate('en', 'a.html'))], SITE);
    expect(noDefault.map((item) => item.ruleId)).toEqual(['hreflang-x-default']);
    const notSelf = hreflangFindings([page('a.html', 'en', alternate('it', 'a.it.html') + alternate('x-default', 'a.it.html'))], SITE);
    expect(notSelf.map((item) => item.ruleId)).toEqual(['hreflang-self']);
    const wrongCanonical = hreflangFindings([{ ...page('a.html', 'en', ''), content: page('a.html', 'en', '').content.replace(`${SITE}a.html`, SITE) }], SITE);
    expect(wrongCanonical).toEqual([expect.objectContaining({ ruleId: 'link-canonical', file: 'out/a.html', line: 4, column: 1 })]);
  });
});
