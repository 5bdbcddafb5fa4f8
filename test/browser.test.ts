import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/article/parse.js';
import { languageVersions } from '../src/i18n/versions.js';
import { serve, type RunningServer } from '../src/server/node.js';
import { projectCopy, removeTemporary, repoSite, runCli } from './helpers.js';

/**
 * The bundled site in a real browser: Debian's Chromium (never a downloaded one), driven by
 * playwright-core. Every request for the site URL is answered by `wirekit serve` on loopback,
 * every other request is aborted, so nothing leaves the machine.
 * WIREKIT_CHROMIUM names another binary; without one the test is skipped with a notice, unless
 * WIREKIT_REQUIRE_BROWSER=1 (.ci/run, which installs the package). WIREKIT_SCREENSHOTS=DIR saves
 * a screenshot of an English and an Arabic page there.
 */
const CHROMIUM = process.env['WIREKIT_CHROMIUM'] ?? '/usr/bin/chromium';
const SITE = 'https://www.ansa.it/english/';

function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env['WIREKIT_REQUIRE_BROWSER'] === '1') throw new Error(`WIREKIT_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: apt-get install chromium`);
  console.warn(`[wirekit tests] SKIPPING the browser test: ${CHROMIUM} not found (apt-get install chromium; WIREKIT_REQUIRE_BROWSER=1 makes this an error)`);
  return false;
}

interface PageFacts {
  status: number;
  lang: string;
  dir: string;
  h1: string;
  canonical: string[];
  alternates: { hreflang: string; href: string }[];
  jsonLd: string[];
  /** Site requests that failed or did not answer 200 while the page loaded. */
  failed: string[];
  /** Requests for other hosts, all aborted. */
  blocked: string[];
}

describe.runIf(browserAvailable())('the bundled site in headless Chromium', () => {
  let project: string;
  let server: RunningServer;
  let context: BrowserContext;
  let userData: string;
  const blocked: string[] = [];

  beforeAll(async () => {
    project = projectCopy();
    const built = await runCli(['build', '--quiet'], { cwd: project });
    expect(built.code, built.stderr).toBe(0);
    server = await serve({ root: project, port: 0, config: false, log: () => {} });
    userData = mkdtempSync(path.join(tmpdir(), 'wirekit-chromium-'));
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1000, height: 900 },
    });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (!url.startsWith(SITE)) {
        blocked.push(url);
        await route.abort('blockedbyclient');
        return;
      }
      const local = new URL(url);
      const response = await fetch(`${server.url}${local.pathname}${local.search}`, { redirect: 'manual' });
      const headers = Object.fromEntries(response.headers.entries());
      await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
    removeTemporary();
  });

  async function visit(url: string, screenshot?: string): Promise<PageFacts> {
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url().startsWith(SITE)) failed.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`);
    });
    page.on('response', (response) => {
      if (response.url().startsWith(SITE) && response.status() !== 200) failed.push(`${response.url()} (${response.status()})`);
    });
    const before = blocked.length;
    const response = await page.goto(url, { waitUntil: 'load' });
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      h1: document.querySelector('h1')?.textContent ?? '',
      canonical: [...document.querySelectorAll('link[rel="canonical"]')].map((link) => (link as HTMLLinkElement).href),
      alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((link) => ({ hreflang: link.getAttribute('hreflang') ?? '', href: (link as HTMLLinkElement).href })),
      jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => script.textContent ?? ''),
      // The stylesheet applied: the page is laid out by it, not the browser's defaults.
    }));
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
    return { status: response?.status() ?? 0, ...facts, failed, blocked: blocked.slice(before) };
  }

  it('shows every page with its JSON-LD, headline, lang/dir, own canonical, and hreflang targets that load and link back', async () => {
    const site = await repoSite();
    // What each page should show, from the sources (not from the outputs).
    const expected = new Map<string, { headline: string; language: string }>();
    for (const file of readdirSync(path.join(project, 'content')).filter((name) => name.endsWith('.md'))) {
      const { article } = parseArticle(readFileSync(path.join(project, 'content', file)), { path: file, site });
      if (!article) throw new Error(file);
      for (const version of languageVersions(article, site)) expected.set(version.url, { headline: version.headline, language: version.language });
    }
    const manifest = JSON.parse(readFileSync(path.join(project, 'out', 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const pages = manifest.files.filter((file) => file.path.endsWith('.html')).map((file) => `${SITE}${file.path.replace(/(^|\/)index\.html$/, '$1')}`);
    expect(pages.length).toBe(expected.size + site.languages.length);
    const shots = process.env['WIREKIT_SCREENSHOTS'];
    if (shots) mkdirSync(shots, { recursive: true });
    const seen = new Map<string, PageFacts>();
    for (const url of pages) {
      const english = url.endsWith('/kremlin-rules-out-kursk-territory-swap.html');
      const arabic = url.endsWith('/trump-putin-agree-to-start-ukraine-negotiations.ar.html');
      const shot = shots && (english || arabic) ? path.join(shots, english ? 'ltr-en.png' : 'rtl-ar.png') : undefined;
      const facts = await visit(url, shot);
      seen.set(url, facts);
      expect(facts.status, url).toBe(200);
      expect(facts.failed, url).toEqual([]);
      for (const text of facts.jsonLd) expect(() => JSON.parse(text) as unknown, url).not.toThrow();
      expect(facts.jsonLd.length, url).toBe(1);
      expect(facts.canonical, url).toEqual([url]);
      const story = expected.get(url);
      if (story) {
        expect(facts.h1, url).toBe(story.headline);
        expect(facts.lang, url).toBe(story.language);
        expect(facts.dir, url).toBe(story.language === 'ar' ? 'rtl' : 'ltr');
      } else {
        // A home page: its language from its place, its name in the JSON-LD.
        const language = site.languages.find((tag) => url === (tag === site.languages[0] ? SITE : `${SITE}${tag.toLowerCase()}/`));
        expect(language, url).toBeDefined();
        expect(facts.lang, url).toBe(language);
        expect(facts.dir, url).toBe(language === 'ar' ? 'rtl' : 'ltr');
        const graph = JSON.parse(facts.jsonLd[0] ?? '{}') as { '@graph': { '@type': string; name?: string }[] };
        expect(facts.h1, url).toBe(graph['@graph'].find((node) => node['@type'] === 'CollectionPage')?.name);
      }
      expect(facts.alternates.filter((link) => link.hreflang === 'x-default'), url).toHaveLength(1);
      expect(facts.alternates, url).toContainEqual({ hreflang: facts.lang, href: url });
    }
    // Every hreflang target loads (it is one of the pages) and lists this page back under its language.
    for (const [url, facts] of seen) {
      for (const link of facts.alternates) {
        const target = seen.get(link.href) ?? (await visit(link.href));
        expect(target.status, `${url} → ${link.href}`).toBe(200);
        expect(target.alternates, `${link.href} links back to ${url}`).toContainEqual({ hreflang: facts.lang, href: url });
      }
    }
    // Nothing tried to leave the machine, or what did was stopped.
    expect(blocked.filter((url) => !url.startsWith('data:'))).toEqual([]);
  }, 180_000);
});
