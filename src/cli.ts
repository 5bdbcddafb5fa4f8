#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseArticle } from './article/parse.js';
import { build, type BuildResult } from './build/build.js';
import { watchBuild } from './build/watch.js';
import { DEFAULT_LOCK_WAIT_MS, describeHolder, OutLockedError, releaseAllSync, type LockHolder } from './build/lock.js';
import { loadProject } from './build/project.js';
import { articleFormatNames, render } from './formats/article-formats.js';
import { GENERATOR } from './util/package.js';
import { DEFAULT_PORT, serve } from './server/node.js';
import { formatDiagnostics, hasErrors, type Diagnostic } from './util/diagnostics.js';
import { validateCommand } from './validate/cli.js';

const USAGE = `Usage: wirekit <command> [options]

Commands:
  build                 content/ + templates/ → out/ (atomic; exits 1 on errors)
                        --watch: rebuild incrementally on every change
                        --threads N: threads rendering, the main one included (default: one per core from 200 articles)
                        --lock-wait S: while another build or the server writes out/, wait up to S seconds
                        for it (default 60; 0: fail at once, naming the holder)
  check <file.md>…      parse articles and report problems, write nothing
  render <file.md>      print one output of one article (--format, default jsonld)
  serve                 HTTP API: /render, /validate, /hooks/publish, and out/ at the site's URL paths (--port, --host;
                        --lock-wait S: how long a publish waits for another writer of out/, default 20)
  validate <path>…      check RSS, Atom, JSON Feed, JSON-LD/HTML, NewsML-G2, ninjs and news
                        sitemap files (folders are walked; the format is detected from content);
                        exits 1 on errors (--strict: also on warnings)
  help, version

Options:
  --root DIR            project folder (default: current folder)
  --content DIR         articles folder (default: content)
  --templates DIR       templates folder (default: templates)
  --out DIR             output folder (default: out)
  --locales DIR         locales folder (default: locales)
  --config FILE         config file (default: wirekit.config.{json,mjs,js} in the project folder)
  --port N              serve: TCP port (default ${DEFAULT_PORT}; 0 = any free port)
  --host ADDR           serve: address to listen on (default 127.0.0.1)
  --format NAME         render: one per-article format (jsonld, html, markdown, …);
                        validate: output, text (default) or json
  --base-url URL        build, serve: build the whole site for another origin (a staging host,
                        http://127.0.0.1:8787/): URLs under the site URL move there; content untouched
  --schemas DIR         build, validate: official schemas (layout of shared/specs; default $WIREKIT_SCHEMAS)
  --strict              validate: warnings fail too
  --rules               validate: list the rules (id, severity, summary, spec link)
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
        locales: { type: 'string' },
        config: { type: 'string' },
        port: { type: 'string' },
        threads: { type: 'string' },
        'lock-wait': { type: 'string' },
        host: { type: 'string' },
        format: { type: 'string' },
        schemas: { type: 'string' },
        'base-url': { type: 'string' },
        strict: { type: 'boolean' },
        rules: { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        verbose: { type: 'boolean' },
        watch: { type: 'boolean' },
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
    ...(values.locales !== undefined ? { locales: values.locales } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.schemas !== undefined ? { schemas: values.schemas } : {}),
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
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
      io.out(`${GENERATOR.label}\n`);
      return 0;
    case 'build': {
      const quiet = values.quiet === true || values.json === true;
      const threads = values.threads === undefined ? undefined : Number(values.threads);
      if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) {
        io.err(`wirekit build: --threads expected a whole number from 1 to 64, found ${JSON.stringify(values.threads)}\n`);
        return 2;
      }
      const lockWait = values['lock-wait'] === undefined ? DEFAULT_LOCK_WAIT_MS / 1000 : lockWaitSeconds(values['lock-wait'], 'build', io);
      if (lockWait === undefined) return 2;
      const options = {
        ...project,
        ...(threads === undefined ? {} : { threads }),
        ...(quiet ? {} : { onProgress: (line: string) => io.err(`wirekit: ${line}\n`) }),
        lock: {
          waitMs: lockWait * 1000,
          owner: values.watch ? 'wirekit build --watch' : 'wirekit build',
          // Said even with --quiet: the build is not stuck, it waits for a named process.
          onWait: (holder: LockHolder | undefined, lockFile: string) =>
            io.err(`wirekit build: waiting up to ${lockWait} s for ${describeHolder(holder)} to finish writing (lock file ${path.relative(process.cwd(), lockFile)})\n`),
          onRecover: (message: string) => io.err(`wirekit build: ${message}\n`),
        },
      };
      const summarize = (result: BuildResult): void => {
        report(result.diagnostics);
        const { stats } = result;
        const where = path.relative(process.cwd(), result.outDir) || '.';
        io.err(
          result.ok
            ? `wirekit build: ${stats.articles} articles → ${stats.files} files in ${where}/ (${stats.rendered} rendered, ${stats.written} written; ${stats.errors} errors, ${stats.warnings} warnings) in ${Math.round(stats.durationMs)} ms\n`
            : `wirekit build failed: ${stats.errors} errors, ${stats.warnings} warnings; ${where}/ left as it was\n`,
        );
      };
      // Ctrl-C or a stop mid-build: give out/ back at once (the next writer would take over a dead
      // holder's lock anyway, and clears what the build left).
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          releaseAllSync();
          process.exit(signal === 'SIGINT' ? 130 : 143);
        });
      }
      try {
        if (values.watch) {
          await watchBuild(options, summarize, undefined, (error) => {
            if (!(error instanceof OutLockedError)) throw error;
            io.err(`wirekit build: ${error.message}; out/ left as it was, waiting for the next change\n`);
          });
          io.err('wirekit: watching for changes (Ctrl-C to stop)\n');
          return await new Promise<number>(() => {});
        }
        const result = await build(options);
        summarize(result);
        return result.ok ? 0 : 1;
      } catch (error) {
        if (!(error instanceof OutLockedError)) throw error;
        const where = path.relative(process.cwd(), error.lockFile.slice(0, -'.lock'.length)) || '.';
        io.err(`wirekit build failed: ${error.message}; ${where}/ left as it was. Try again when it is done, or wait longer with --lock-wait\n`);
        return 1;
      }
    }
    case 'validate':
      return validateCommand({
        paths: rest,
        ...(values.schemas !== undefined ? { schemas: values.schemas } : {}),
        ...(values.format !== undefined ? { format: values.format } : values.json ? { format: 'json' } : {}),
        strict: values.strict === true,
        verbose: values.verbose === true,
        quiet: values.quiet === true,
        rules: values.rules === true,
        out: io.out,
        err: io.err,
      });
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
          // A format may write one file per language: the first is the article's own language.
          const outputs = render(result.article, loaded.render).formats[format] ?? [];
          io.out(outputs[0]?.content ?? '');
        }
      }
      report(diagnostics);
      return hasErrors(diagnostics) ? 1 : 0;
    }
    case 'serve': {
      const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.err(`wirekit serve: --port expected a port number 0–65535, found ${JSON.stringify(values.port)}\n`);
        return 2;
      }
      const lockWait = values['lock-wait'] === undefined ? undefined : lockWaitSeconds(values['lock-wait'], 'serve', io);
      if (values['lock-wait'] !== undefined && lockWait === undefined) return 2;
      let running;
      try {
        running = await serve({
          ...project,
          port,
          host: values.host ?? '127.0.0.1',
          log: (line) => io.err(`${line}\n`),
          ...(lockWait === undefined ? {} : { lockWaitMs: lockWait * 1000 }),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        io.err(`wirekit serve: cannot listen on ${values.host ?? '127.0.0.1'}:${port} (${code}${code === 'EADDRINUSE' ? ': the port is in use, pick another with --port' : ''})\n`);
        return 1;
      }
      const health = await running.handler(new Request(`${running.url}/healthz`));
      const state = (await health.json()) as { diagnostics?: Diagnostic[]; webhook: string; webhookSchemes: string[]; build: { baseUrl?: string; sitePath: string } | null };
      if (health.status !== 200) {
        io.err(`wirekit serve: the project does not load; /render and /hooks/publish answer 503 until it does\n`);
        report(state.diagnostics ?? []);
      }
      if (state.webhook === 'misconfigured') {
        const answer = await running.handler(new Request(`${running.url}/hooks/publish`, { method: 'POST', body: '' }));
        io.err(`wirekit serve: ${((await answer.json()) as { message: string }).message}\n`);
      }
      const webhook = state.webhook === 'enabled' ? `enabled: ${state.webhookSchemes.join(', ')}` : state.webhook === 'disabled' ? 'disabled: set WIREKIT_WEBHOOK_SECRET' : 'disabled: fix WIREKIT_WEBHOOK_SECRET';
      io.err(`wirekit serve: listening on ${running.url} (webhook ${webhook})\n`);
      // Where to open the site: out/ is served at its site URL's path.
      if (state.build) io.err(`wirekit serve: out/ (built for ${state.build.baseUrl ?? 'an unknown site URL'}) at ${running.url}${state.build.sitePath}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          io.err('wirekit serve: stopping\n');
          void running.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return 0;
    }
    default:
      io.err(`wirekit: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

/** `--lock-wait S`: seconds ≥ 0, else a usage error (undefined). */
function lockWaitSeconds(given: string, command: string, io: Io): number | undefined {
  const seconds = Number(given);
  if (given.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds;
  io.err(`wirekit ${command}: --lock-wait expected a number of seconds ≥ 0, found ${JSON.stringify(given)}\n`);
  return undefined;
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
