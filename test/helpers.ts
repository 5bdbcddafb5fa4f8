import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../src/article/parse.js';
import type { Article } from '../src/article/types.js';
import { loadProject } from '../src/build/project.js';
import type { RenderOptions } from '../src/formats/article-formats.js';
import type { SiteConfig } from '../src/config/site.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CONTENT = path.join(REPO, 'content');
export const SEED_ARTICLE = path.join(CONTENT, '2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md');
export const SPECS = path.resolve(REPO, '..', 'shared', 'specs');
export const SEED_TEXT = path.resolve(REPO, '..', 'shared', 'seed', 'ansa-article.txt');

/**
 * Whether the official schemas in ../shared/specs can be read. With WIREKIT_REQUIRE_SPECS=1 (CI)
 * their absence fails the run; otherwise spec checks are skipped, and the output says so.
 */
export const specsAvailable = (what = 'spec checks'): boolean => sharedAvailable(SPECS, what);

/** The W3C Feed Validation Service testcases (dev half) with the service's verdicts. */
export const W3C_FEEDS_DEV = path.resolve(REPO, '..', 'shared', 'conformance', 'w3c-feeds-dev');

/** Whether `folder` (under ../shared) exists; the same rule as `specsAvailable`. */
export function sharedAvailable(folder: string, what: string): boolean {
  if (existsSync(folder)) return true;
  if (process.env['WIREKIT_REQUIRE_SPECS'] === '1') {
    throw new Error(`WIREKIT_REQUIRE_SPECS=1 but ${folder} does not exist: it is required`);
  }
  console.warn(`[wirekit tests] SKIPPING ${what}: ${folder} not found (set WIREKIT_REQUIRE_SPECS=1 to make this an error)`);
  return false;
}

export const specPath = (...parts: string[]): string => path.join(SPECS, ...parts);

let project: RenderOptions | undefined;

/** The repository's own templates/site.json and article template, as the build loads them. */
export async function repoRenderOptions(): Promise<RenderOptions> {
  if (project) return project;
  const loaded = await loadProject({ root: REPO });
  if (!loaded.render) throw new Error(`templates failed to load: ${JSON.stringify(loaded.diagnostics)}`);
  project = loaded.render;
  return project;
}

export async function repoSite(): Promise<SiteConfig> {
  return (await repoRenderOptions()).site;
}

/** Parse a markdown source with the repo's site config; throws with the diagnostics on errors. */
export async function parseOk(source: string | Uint8Array, file = 'test.md'): Promise<Article> {
  const result = parseArticle(source, { path: file, site: await repoSite() });
  if (!result.article) throw new Error(`parse failed: ${JSON.stringify(result.diagnostics, null, 2)}`);
  return result.article;
}

export const readContent = (file: string): string => readFileSync(path.join(CONTENT, file), 'utf8');

/** The bundled articles, parsed. */
export async function contentArticles(): Promise<Article[]> {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(CONTENT).filter((file) => file.endsWith('.md')).sort();
  return Promise.all(files.map((file) => parseOk(readContent(file), `content/${file}`)));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the compiled CLI (`npm test` compiles first) as a user would. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const cli = path.join(REPO, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run compile\` (npm test does it first)`);
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A minimal valid article source; `fields` replaces or adds front-matter lines. */
export function articleSource(fields: Record<string, string | undefined> = {}, body = 'First paragraph of the story.\n\nCopyright © ANSA\n'): string {
  const base: Record<string, string | undefined> = {
    slug: 'test-story',
    language: 'en',
    headline: 'A test headline',
    description: 'A test standfirst.',
    datePublished: '2025-02-13T10:32:00+01:00',
    ...fields,
  };
  const lines = Object.entries(base)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}`;
}

const temporaryFolders: string[] = [];

/** A throwaway copy of the project's inputs, so a test builds as a user would without touching out/. Remove with `removeTemporary`. */
export function projectCopy(prefix = 'wirekit-test-', parts: readonly string[] = ['content', 'templates', 'locales']): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  for (const part of parts) {
    if (existsSync(path.join(REPO, part))) cpSync(path.join(REPO, part), path.join(folder, part), { recursive: true });
  }
  return folder;
}

/** An empty temporary folder, removed by `removeTemporary`. */
export function temporaryFolder(prefix = 'wirekit-test-'): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
}

export function removeTemporary(): void {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Every file below `folder` → its sha256, by relative path. */
export function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return files;
}
