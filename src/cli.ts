#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseArticle } from './article/parse.js';
import { build } from './build/build.js';
import { loadProject } from './build/project.js';
import { articleFormatNames, render } from './build/render.js';
import { GENERATOR_VERSION } from './build/write.js';
import { formatDiagnostics, hasErrors, type Diagnostic } from './util/diagnostics.js';

const USAGE = `Usage: wirekit <command> [options]

Commands:
  build                 content/ + templates/ → out/ (atomic; exits 1 on errors)
  check <file.md>…      parse articles and report problems, write nothing
  render <file.md>      print one output of one article (--format, default jsonld)
  help, version

Options:
  --root DIR            project folder (default: current folder)
  --content DIR         articles folder (default: content)
  --templates DIR       templates folder (default: templates)
  --out DIR             output folder (default: out)
  --format NAME         render: one per-article format (jsonld, html, markdown, …)
  --json                print diagnostics as JSON instead of text
  --quiet               no progress lines
  --verbose             also print info messages (e.g. copyright lines moved to metadata)
`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        root: { type: 'string' },
        content: { type: 'string' },
        templates: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`wirekit: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command = 'help', ...rest] = positionals;
  const project = {
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(values.content !== undefined ? { content: values.content } : {}),
    ...(values.templates !== undefined ? { templates: values.templates } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
  const report = (diagnostics: readonly Diagnostic[]): void => {
    if (values.json) io.out(`${JSON.stringify(diagnostics, null, 2)}\n`);
    else {
      const text = formatDiagnostics(diagnostics, { verbose: values.verbose ?? false });
      if (text) io.err(`${text}\n`);
    }
  };
  if (values.help || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  switch (command) {
    case 'version':
      io.out(`wirekit ${GENERATOR_VERSION}\n`);
      return 0;
    case 'build': {
      const quiet = values.quiet === true || values.json === true;
      const result = await build({ ...project, ...(quiet ? {} : { onProgress: (line: string) => io.err(`wirekit: ${line}\n`) }) });
      report(result.diagnostics);
      const { stats } = result;
      const where = path.relative(process.cwd(), result.outDir) || '.';
      io.err(
        result.ok
          ? `wirekit build: ${stats.articles} articles → ${stats.files} files in ${where}/ (${stats.errors} errors, ${stats.warnings} warnings) in ${Math.round(stats.durationMs)} ms\n`
          : `wirekit build failed: ${stats.errors} errors, ${stats.warnings} warnings; ${where}/ left as it was\n`,
      );
      return result.ok ? 0 : 1;
    }
    case 'check':
    case 'render': {
      if (rest.length === 0) {
        io.err(`wirekit ${command}: expected at least one article file\n\n${USAGE}`);
        return 2;
      }
      const loaded = await loadProject(project);
      const diagnostics: Diagnostic[] = [...loaded.diagnostics];
      if (!loaded.render) {
        report(diagnostics);
        return 1;
      }
      const format = values.format ?? 'jsonld';
      if (command === 'render' && !articleFormatNames().includes(format)) {
        io.err(`wirekit render: --format expected one of ${articleFormatNames().join(', ')}, found ${JSON.stringify(format)}\n`);
        return 2;
      }
      for (const file of command === 'render' ? rest.slice(0, 1) : rest) {
        let bytes: Uint8Array;
        try {
          bytes = await readFile(file);
        } catch (error) {
          diagnostics.push({ file, severity: 'error', ruleId: 'read', message: `Cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'EIO'})`, expected: 'a readable file' });
          continue;
        }
        const result = parseArticle(bytes, { path: file, site: loaded.render.site });
        diagnostics.push(...result.diagnostics);
        if (command === 'render' && result.article) {
          for (const output of render(result.article, loaded.render).formats[format] ?? []) io.out(output.content);
        }
      }
      report(diagnostics);
      return hasErrors(diagnostics) ? 1 : 0;
    }
    default:
      io.err(`wirekit: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

const io: Io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not bad input: say so in one line; the stack only on request.
    io.err(`wirekit: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env['WIREKIT_DEBUG']) io.err(`${error instanceof Error ? error.stack : ''}\n`);
    process.exitCode = 70;
  },
);
