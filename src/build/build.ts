import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArticle } from '../article/parse.js';
import type { Article } from '../article/types.js';
import { countBySeverity, hasErrors, sortDiagnostics, type Diagnostic } from '../util/diagnostics.js';
import { renderCollections } from './collections.js';
import { loadProject, type ProjectOptions } from './project.js';
import { render, type RenderedOutput, type RenderOptions } from './render.js';
import { manifestOf, writeOutAtomically } from './write.js';

export interface BuildOptions extends ProjectOptions {
  /** Write `out/` (default). `false` renders and checks only. */
  write?: boolean;
  /** Called with short progress lines (`parsed 3 articles`). */
  onProgress?: (message: string) => void;
}

export interface BuildStats {
  articles: number;
  files: number;
  errors: number;
  warnings: number;
  durationMs: number;
}

export interface BuildResult {
  ok: boolean;
  outDir: string;
  outputs: RenderedOutput[];
  diagnostics: Diagnostic[];
  stats: BuildStats;
}

/** content/ + templates/ → out/: parse, render, check, then write atomically. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const project = await loadProject(options);
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  let outputs: RenderedOutput[] = [];
  let articles: Article[] = [];
  if (project.render) {
    const sources = await readSources(project.paths.content, diagnostics);
    const parsed = sources.map((source) => ({ source, result: parseArticle(source.bytes, { path: source.shown, site: project.render!.site }) }));
    for (const { result } of parsed) diagnostics.push(...result.diagnostics);
    articles = parsed.flatMap(({ result }) => (result.article ? [result.article] : []));
    diagnostics.push(...findDuplicates(parsed.flatMap(({ source, result }) => (result.article ? [{ source, article: result.article }] : []))));
    progress(`parsed ${articles.length} of ${sources.length} articles`);
    if (!hasErrors(diagnostics)) {
      const rendered = renderAll(articles, project.render);
      outputs = rendered.outputs;
      diagnostics.push(...rendered.diagnostics);
      progress(`rendered ${outputs.length} files`);
    }
  }
  const ok = !hasErrors(diagnostics);
  const files = ok ? [...outputs, manifestOf(outputs)] : [];
  if (ok && options.write !== false) {
    await writeOutAtomically(project.paths.out, files);
    progress(`wrote ${files.length} files to ${path.relative(process.cwd(), project.paths.out) || '.'}`);
  }
  const counts = countBySeverity(diagnostics);
  return {
    ok,
    outDir: project.paths.out,
    outputs: files,
    diagnostics: sortDiagnostics(diagnostics),
    stats: {
      articles: articles.length,
      files: files.length,
      errors: counts.error,
      warnings: counts.warning,
      durationMs: performance.now() - started,
    },
  };
}

/** Every output of a set of articles: per-article formats, then collections. Pure. */
export function renderAll(articles: readonly Article[], options: RenderOptions): { outputs: RenderedOutput[]; diagnostics: Diagnostic[] } {
  const outputs: RenderedOutput[] = [];
  for (const article of articles) outputs.push(...render(article, options).outputs);
  const collections = renderCollections(articles, options);
  outputs.push(...collections.outputs);
  return { outputs, diagnostics: collections.diagnostics };
}

interface Source {
  file: string;
  /** Path relative to the working directory, as diagnostics show it. */
  shown: string;
  bytes: Uint8Array;
}

async function readSources(contentDir: string, diagnostics: Diagnostic[]): Promise<Source[]> {
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;
  let entries: string[];
  try {
    entries = await readdir(contentDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    diagnostics.push({ file: shown(contentDir), severity: 'error', ruleId: 'read', message: `Cannot read the content folder (${code})`, expected: 'a folder of .md articles', actual: code });
    return [];
  }
  const files = entries.filter((entry) => entry.endsWith('.md')).map((entry) => path.join(contentDir, entry)).sort();
  if (files.length === 0) {
    diagnostics.push({ file: shown(contentDir), severity: 'error', ruleId: 'no-articles', message: 'No articles: expected at least one .md file', expected: 'a .md file', actual: 'none' });
  }
  return Promise.all(files.map(async (file) => ({ file, shown: shown(file), bytes: await readFile(file) })));
}

/** Two files with one slug or one id would overwrite each other's outputs. */
function findDuplicates(items: readonly { source: Source; article: Article }[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const key of ['slug', 'id'] as const) {
    const first = new Map<string, Source>();
    for (const { source, article } of items) {
      const value = article[key];
      const earlier = first.get(value);
      if (!earlier) {
        first.set(value, source);
        continue;
      }
      diagnostics.push({
        file: source.shown,
        ...fieldPlace(source.bytes, key),
        severity: 'error',
        ruleId: `duplicate-${key}`,
        field: key,
        message: `Field \`${key}\`: expected a ${key} no other article uses, found ${JSON.stringify(value)}, already used by ${earlier.shown}`,
        expected: `a unique ${key}`,
        actual: value,
      });
    }
  }
  return diagnostics;
}

function fieldPlace(bytes: Uint8Array, field: string): { line?: number; column?: number } {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${field}:`));
  return index === -1 ? {} : { line: index + 1, column: 1 };
}
