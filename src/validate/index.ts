import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { countBySeverity, hasErrors, sortDiagnostics, type Diagnostic, type Severity } from '../util/diagnostics.js';
import { checkAtomTree } from './atom.js';
import { checkFeedSize } from './feed-common.js';
import { detectFormat } from './detect.js';
import { jsonLdBlocks } from './html-page.js';
import { checkJsonLdText } from './jsonld.js';
import { resolveLimits, type Limits } from './limits.js';
import { checkNewsmlDocuments } from './newsml.js';
import { checkNinjs } from './ninjs.js';
import { LineIndex } from '../util/position.js';
import { checkRssTree } from './rss.js';
import { DiagnosticList } from '../util/diagnostics.js';
import { RULES } from '../util/rules.js';
import { loadVocabulary, vocabularyPath, type Vocabulary } from './schemaorg.js';
import { checkSitemapTree } from './sitemap.js';
import type { DocumentFormat } from './types.js';
import { schemasFolder } from './xsd.js';
import { parseXml, type XmlDocument } from './xml.js';

/**
 * `validate(input, options)`: files, folders or in-memory documents → diagnostics. The format of
 * each document is detected from its content; each goes to its checker; NewsML-G2 documents are
 * schema-validated in one batch. When an official schema is missing the built-in rules still run
 * and one `official-check-skipped` diagnostic per skipped check says so (never a silent pass).
 */

export interface ValidateOptions {
  /** Folder of official schemas (layout of ../shared/specs). Default: the WIREKIT_SCHEMAS environment variable, else the package's own `schemas/`. */
  schemasDir?: string;
  /** A schema.org vocabulary file (`schemaorg-current-https.jsonld`); default: `<schemasDir>/schemaorg/…`. */
  vocabulary?: string;
  /** Check every input as this format instead of detecting it. */
  format?: DocumentFormat;
  limits?: Partial<Limits>;
  /** Severity of the "official check skipped" notes (default `warning`; the build uses `info`). */
  skippedSeverity?: Severity;
  /** In-memory documents of no known format: `error` (default) or `skip` (the build: markdown, manifests). */
  unknownFormat?: 'error' | 'skip';
}

/** A path (file or folder) or a document in memory (text, or bytes decoded as a file's would be). */
export type ValidateInput = string | { path: string; content: string | Uint8Array; format?: DocumentFormat };

export interface FileReport {
  file: string;
  format?: DocumentFormat;
  diagnostics: Diagnostic[];
}

export interface ValidateResult {
  /** No errors. */
  ok: boolean;
  files: FileReport[];
  /** All diagnostics, sorted (file, line, column, rule), including run-level notes. */
  diagnostics: Diagnostic[];
  counts: Record<Severity, number>;
}

/** Extensions looked at when walking a folder (files named explicitly are always checked). */
const FOLDER_EXTENSIONS = new Set(['.xml', '.rss', '.atom', '.json', '.jsonld', '.html', '.htm', '.feed']);

export const FORMAT_NAMES: Record<DocumentFormat, string> = {
  rss: 'RSS 2.0',
  atom: 'Atom 1.0',
  jsonfeed: 'JSON Feed 1.1',
  jsonld: 'JSON-LD (schema.org)',
  html: 'HTML page (JSON-LD blocks)',
  'newsml-item': 'NewsML-G2 newsItem',
  'newsml-message': 'NewsML-G2 newsMessage',
  ninjs: 'ninjs 3.1',
  'news-sitemap': 'Google News sitemap',
};

interface Loaded {
  file: string;
  text?: string;
  /** Set when the document is not checked further (read error, size, encoding). */
  diagnostics: Diagnostic[];
  /** From a folder walk: an unknown format is skipped quietly, not an error. */
  fromFolder: boolean;
  format?: DocumentFormat;
}

export async function validate(input: ValidateInput | readonly ValidateInput[], options: ValidateOptions = {}): Promise<ValidateResult> {
  const limits = resolveLimits(options.limits);
  // The schemas shipped with the package unless a folder is named: every official check runs out of the box.
  const schemasDir = schemasFolder(options.schemasDir);
  const inputs = (Array.isArray(input) ? input : [input]) as readonly ValidateInput[];
  const loaded: Loaded[] = [];
  for (const item of inputs) {
    if (typeof item === 'string') loaded.push(...(await loadPath(item, limits)));
    else loaded.push(loadMemory(item, limits, options.unknownFormat === 'skip'));
  }
  return validateLoaded(loaded, { ...options, limits, ...(schemasDir !== undefined ? { schemasDir } : {}) });
}

/** Validate one document held in memory (the build's outputs, a CMS request). */
export async function validateDocument(content: string | Uint8Array, options: ValidateOptions & { file: string }): Promise<FileReport> {
  const result = await validate({ path: options.file, content, ...(options.format ? { format: options.format } : {}) }, options);
  return { file: options.file, ...(result.files[0]?.format ? { format: result.files[0].format } : {}), diagnostics: result.diagnostics };
}

async function validateLoaded(loaded: readonly Loaded[], options: ValidateOptions & { limits: Limits }): Promise<ValidateResult> {
  const files: FileReport[] = [];
  const newsml: { index: number; text: string; file: string }[] = [];
  const skipped = new Map<string, { files: string[]; reason: string }>();
  const skip = (check: string, file: string, reason: string): void => {
    const entry = skipped.get(check) ?? { files: [], reason };
    entry.files.push(file);
    skipped.set(check, entry);
  };
  let vocabulary: Vocabulary | undefined;
  let vocabularyProblem: string | undefined;
  const needVocabulary = (): Vocabulary | undefined => {
    if (vocabulary || vocabularyProblem) return vocabulary;
    const file = options.vocabulary ?? (options.schemasDir ? vocabularyPath(options.schemasDir) : undefined);
    if (!file) {
      vocabularyProblem = 'no schemas folder given (--schemas DIR or WIREKIT_SCHEMAS) and no vocabulary file';
      return undefined;
    }
    const result = loadVocabulary(file);
    if (result instanceof Error) vocabularyProblem = `cannot read the vocabulary: ${result.message}`;
    else vocabulary = result;
    return vocabulary;
  };

  for (const item of loaded) {
    const fileReport: FileReport = { file: item.file, diagnostics: [...item.diagnostics] };
    files.push(fileReport);
    if (item.text === undefined) continue;
    const text = item.text;
    const detected = item.format ? { format: item.format } : detectFormat(text, item.file);
    if (!detected.format) {
      if (!item.fromFolder) {
        fileReport.diagnostics.push(diagnostic(item.file, 'format-unknown', `Expected one of ${Object.values(FORMAT_NAMES).join(', ')}, found a document of unknown format: ${detected.reason ?? 'not recognized'}`));
      }
      continue;
    }
    const format = detected.format;
    fileReport.format = format;
    const report = new DiagnosticList(item.file, options.limits.maxDiagnostics);
    switch (format) {
      case 'rss':
      case 'atom':
      case 'news-sitemap': {
        if (format !== 'news-sitemap') checkFeedSize(text, report, options.limits.feedBytes);
        const document: XmlDocument = parseXml(text, report, options.limits);
        if (format === 'rss') checkRssTree(document, report);
        else if (format === 'atom') checkAtomTree(document, report);
        else checkSitemapTree(document, report);
        break;
      }
      case 'jsonfeed':
        checkFeedSize(text, report, options.limits.feedBytes);
        // Loaded on first use: its JSON Schema needs Ajv, which build workers never do.
        (await import('./jsonfeed.js')).checkJsonFeedText(text, report, options.limits);
        break;
      case 'jsonld': {
        const vocab = needVocabulary();
        if (!vocab) skip('schema.org vocabulary checks (types, properties, domains, ranges)', item.file, vocabularyProblem ?? '');
        checkJsonLdText(text, report, { ...(vocab ? { vocabulary: vocab } : {}), limits: options.limits });
        break;
      }
      case 'html': {
        const blocks = jsonLdBlocks(text);
        if (blocks.length === 0) report.add('html-jsonld-missing', 'Expected a <script type="application/ld+json"> block with the page’s structured data, found none', { line: 1, column: 1 });
        const vocab = blocks.length > 0 ? needVocabulary() : undefined;
        if (blocks.length > 0 && !vocab) skip('schema.org vocabulary checks (types, properties, domains, ranges)', item.file, vocabularyProblem ?? '');
        for (const block of blocks) {
          // Script-safe JSON (wirekit's own) has no "<" at all: found at memchr speed.
          const hazard = block.text.includes('<') ? /<!--|<script/i.exec(block.text) : null;
          if (hazard) {
            const at = new LineIndex(block.text, block.place).place(hazard.index);
            report.add('html-jsonld-unescaped', `Expected "<" escaped as \\u003c inside the JSON-LD block, found a literal ${JSON.stringify(hazard[0])} that changes how the HTML parser reads the script`, at, { expected: '\\u003c', actual: hazard[0] });
          }
          checkJsonLdText(block.text, report, { ...(vocab ? { vocabulary: vocab } : {}), limits: options.limits, base: block.place });
        }
        break;
      }
      case 'ninjs': {
        const found = await checkNinjs(text, { file: item.file, ...(options.schemasDir !== undefined ? { schemasDir: options.schemasDir } : {}) });
        report.push(found.filter((entry) => !collectSkip(entry, skip)));
        break;
      }
      case 'newsml-item':
      case 'newsml-message':
        newsml.push({ index: files.length - 1, text, file: item.file });
        break;
    }
    fileReport.diagnostics.push(...report.done());
  }

  if (newsml.length > 0) {
    const results = await checkNewsmlDocuments(newsml.map(({ file, text }) => ({ file, text })), {
      ...(options.schemasDir !== undefined ? { schemasDir: options.schemasDir } : {}),
    });
    newsml.forEach(({ index }, position) => {
      const found = (results[position] ?? []).filter((entry) => !collectSkip(entry, skip));
      files[index]?.diagnostics.push(...found.slice(0, options.limits.maxDiagnostics));
    });
  }

  const notes: Diagnostic[] = [];
  for (const [check, { files: concerned, reason }] of skipped) {
    notes.push(skippedCheckNote(concerned[0] ?? '', check, concerned.length, reason, options.skippedSeverity ?? 'warning'));
  }
  const diagnostics = sortDiagnostics([...files.flatMap((file) => file.diagnostics), ...notes]);
  return { ok: !hasErrors(diagnostics), files, diagnostics, counts: countBySeverity(diagnostics) };
}

function skippedCheckNote(file: string, check: string, files: number, reason: string, severity: Severity): Diagnostic {
  // Written out rather than spread from `diagnostic()`: a build makes one per check per article.
  const ruleId = 'official-check-skipped';
  return { file, severity, ruleId, message: skippedCheckMessage(check, files, reason), url: RULES[ruleId].url, expected: 'the official schema or vocabulary', actual: reason };
}

const skippedCheckMessage = (check: string, files: number, reason: string): string =>
  `Official check skipped: ${check}, for ${files} file${files === 1 ? '' : 's'}: ${reason}. Only the built-in rules ran.`;

/** The parts of a `skippedCheckMessage`: check, file count, reason. */
const SKIPPED_CHECK_MESSAGE = /^Official check skipped: (.*), for (\d+) files?: (.*)\. Only the built-in rules ran\.$/s;

/**
 * Notes of several `validate` calls (the build checks article by article): one per check, reason
 * and severity, at the first file that met it, the file counts added up. Other diagnostics are
 * kept as they are.
 */
export function mergeSkippedChecks(notes: readonly Diagnostic[]): Diagnostic[] {
  const merged = new Map<string, { first: Diagnostic; check: string; reason: string; files: number }>();
  const kept: Diagnostic[] = [];
  // 10,000 articles bring ~30,000 notes in a handful of distinct wordings: read each wording once.
  const parsed = new Map<string, RegExpExecArray | null>();
  for (const note of notes) {
    let match = note.ruleId === 'official-check-skipped' ? parsed.get(note.message) : null;
    if (match === undefined) {
      match = SKIPPED_CHECK_MESSAGE.exec(note.message);
      parsed.set(note.message, match);
    }
    if (!match) {
      kept.push(note);
      continue;
    }
    const [, check = '', count = '0', reason = ''] = match;
    const key = `${note.severity}\u0000${check}\u0000${reason}`;
    const entry = merged.get(key);
    if (entry) entry.files += Number(count);
    else merged.set(key, { first: note, check, reason, files: Number(count) });
  }
  for (const { first, check, reason, files } of merged.values()) kept.push({ ...first, message: skippedCheckMessage(check, files, reason) });
  return kept;
}

/** The NewsML-G2 / ninjs checkers say per file that their schema was skipped; gather those into one note. */
function collectSkip(entry: Diagnostic, skip: (check: string, file: string, reason: string) => void): boolean {
  if (!/-(?:skipped|unavailable)$/.test(entry.ruleId)) return false;
  const check = entry.ruleId.startsWith('newsml') ? 'NewsML-G2 2.35 XSD validation' : entry.ruleId.startsWith('ninjs') ? 'ninjs 3.1 JSON Schema validation' : entry.ruleId;
  const reason = entry.message.replace(/^.*?skipped:\s*/, '').replace(/\s*\(.*\)\s*$/, '');
  skip(check, entry.file, reason);
  return true;
}

function diagnostic(file: string, ruleId: keyof typeof RULES, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  const doc = RULES[ruleId];
  return { file, severity: doc.severity, ruleId, message, url: doc.url, ...extra };
}

// ---- input: paths, memory, bytes → text -------------------------------------------------

function loadMemory(item: Exclude<ValidateInput, string>, limits: Limits, skipUnknown: boolean): Loaded {
  const base: Loaded = { file: item.path, diagnostics: [], fromFolder: skipUnknown, ...(item.format ? { format: item.format } : {}) };
  const size = typeof item.content === 'string' ? item.content.length : item.content.byteLength;
  if (size > limits.maxBytes) return { ...base, diagnostics: [tooLarge(item.path, size, limits)] };
  if (typeof item.content === 'string') return { ...base, text: item.content };
  return decode(base, item.content);
}

async function loadPath(target: string, limits: Limits): Promise<Loaded[]> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    return [{ file: target, diagnostics: [readError(target, error)], fromFolder: false }];
  }
  if (!info.isDirectory()) return [await loadFile(target, info.size, limits, false)];
  let entries: string[];
  try {
    entries = await readdir(target, { recursive: true });
  } catch (error) {
    return [{ file: target, diagnostics: [readError(target, error)], fromFolder: false }];
  }
  const files = entries
    .filter((entry) => FOLDER_EXTENSIONS.has(path.extname(entry).toLowerCase()) && !entry.split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.')))
    .map((entry) => path.join(target, entry))
    .sort();
  const out: Loaded[] = [];
  // Read a few at a time: fast on SSDs, bounded on memory and file handles.
  for (let start = 0; start < files.length; start += 32) {
    const chunk = files.slice(start, start + 32);
    out.push(
      ...(await Promise.all(
        chunk.map(async (file) => {
          try {
            const size = (await stat(file)).size;
            return await loadFile(file, size, limits, true);
          } catch (error) {
            return { file, diagnostics: [readError(file, error)], fromFolder: true };
          }
        }),
      )),
    );
  }
  return out.filter((item) => item.diagnostics.length > 0 || item.text !== undefined);
}

async function loadFile(file: string, size: number, limits: Limits, fromFolder: boolean): Promise<Loaded> {
  const base: Loaded = { file, diagnostics: [], fromFolder };
  if (size > limits.maxBytes) return { ...base, diagnostics: [tooLarge(file, size, limits)] };
  try {
    return decode(base, await readFile(file));
  } catch (error) {
    return { ...base, diagnostics: [readError(file, error)] };
  }
}

const tooLarge = (file: string, size: number, limits: Limits): Diagnostic =>
  diagnostic(file, 'input-too-large', `Expected at most ${limits.maxBytes} bytes, found ${size}: the file was not parsed`, { expected: `≤ ${limits.maxBytes} bytes`, actual: `${size} bytes` });

const readError = (file: string, error: unknown): Diagnostic => {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return diagnostic(file, 'input-read', `Expected a readable file or folder, found ${code}`, { expected: 'a readable file', actual: code });
};

/** Bytes → text: BOM-detected UTF-16, else UTF-8 (strict), else a declared single-byte encoding. */
function decode(base: Loaded, bytes: Uint8Array): Loaded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ...base, text: new TextDecoder('utf-16le').decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ...base, text: new TextDecoder('utf-16be').decode(bytes) };
  try {
    return { ...base, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
    if (declared && ['iso-8859-1', 'latin1', 'windows-1252', 'us-ascii', 'iso-8859-15'].includes(declared)) {
      return { ...base, text: new TextDecoder(declared === 'us-ascii' ? 'windows-1252' : declared).decode(bytes) };
    }
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = new LineIndex(text).place(Math.max(0, text.indexOf('\uFFFD')));
    return {
      ...base,
      diagnostics: [
        {
          ...diagnostic(base.file, 'input-encoding', `Expected UTF-8${declared ? ` (the XML declaration says ${declared})` : ''}, found bytes that are not valid UTF-8`, { expected: declared ?? 'UTF-8', actual: 'invalid byte sequence' }),
          line: at.line,
          column: at.column,
        },
      ],
    };
  }
}
