import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lilconfig, type Loader } from 'lilconfig';
import * as v from 'valibot';
import { DiagnosticList, type Diagnostic } from '../util/diagnostics.js';
import { findJsonSyntaxError, placeOfOffset } from '../util/json-syntax.js';
import { checkWithSchema, describe, isPlainObject, readYaml } from '../util/yaml-schema.js';
import { feedBytes, formatList, siteSchema, type SiteConfig } from './site.js';

/**
 * `wirekit.config.{json,mjs,js}`: project-wide settings that override `templates/site.json` and the
 * default folders. Found in the project root (no search above it: a config two folders up belongs
 * to another project). CLI flags and explicit options override the file.
 */
export const CONFIG_FILE_NAMES = ['wirekit.config.json', 'wirekit.config.mjs', 'wirekit.config.js'] as const;

const folder = v.pipe(v.string('a folder path'), v.nonEmpty('a non-empty folder path'));
const { publisher, languages, timeZone } = siteSchema.entries;

export const configSchema = v.object({
  /** Overrides of `templates/site.json` top-level fields (name, url, articleUrl, providerId, …). */
  site: v.optional(v.partial(v.omit(siteSchema, ['publisher', 'languages', 'timeZone', 'feeds', 'formats']))),
  /** Overrides of `templates/site.json` → `publisher` (name, url, logo, …), field by field. */
  publisher: v.optional(v.partial(publisher)),
  languages: v.optional(languages),
  timeZone: v.optional(timeZone),
  /** The outputs to write, from `OUTPUT_FORMATS` (html, jsonld, markdown, newsml, ninjs, rss, atom, jsonfeed, sitemap, headlines); default all. */
  formats: v.optional(formatList),
  feeds: v.optional(
    v.object({
      limit: v.optional(v.pipe(v.number('a number of items'), v.integer('a whole number of items'), v.minValue(1, 'at least 1 item'))),
      ttl: v.optional(v.pipe(v.number('a number of minutes'), v.integer('a whole number of minutes'), v.minValue(1, 'at least 1 minute'))),
      maxBytes: v.optional(feedBytes),
      maxBodyBytes: v.optional(feedBytes),
    }),
  ),
  /** Folders, relative to the config file. */
  content: v.optional(folder),
  templates: v.optional(folder),
  locales: v.optional(folder),
  out: v.optional(folder),
  /** Official schemas for `wirekit validate` (layout of shared/specs). */
  schemas: v.optional(folder),
});

export type ConfigFileValues = v.InferOutput<typeof configSchema>;

export interface ConfigFolders {
  content?: string;
  templates?: string;
  locales?: string;
  out?: string;
  schemas?: string;
}

export interface LoadedConfigFile {
  /** Absolute path of the file read; absent when there is none. */
  file?: string;
  /** Present when the file was found and is valid (or there is none: then `{}`). */
  values?: ConfigFileValues;
  /** Folders from the file, resolved to absolute paths against the file's folder. */
  folders: ConfigFolders;
  diagnostics: Diagnostic[];
}

/** JSON is read as text so problems can point at `line:column`; JS modules are imported. */
class ConfigText {
  constructor(readonly text: string) {}
}
const textLoader: Loader = (_file, content) => new ConfigText(content);
/** Import a module config; the mtime in the URL makes an edited file load anew in a long-running server. */
const moduleLoader: Loader = async (file) => {
  const { mtimeMs } = await stat(file);
  const module = (await import(`${pathToFileURL(file).href}?mtime=${mtimeMs}`)) as { default?: unknown };
  return module.default;
};

/**
 * Find and check the config file. `explicit` names a file (a `--config` flag): then it must exist.
 * `shown` turns an absolute path into the one diagnostics print.
 */
export async function loadConfigFile(
  root: string,
  options: { explicit?: string; shown?: (file: string) => string } = {},
): Promise<LoadedConfigFile> {
  const shown = options.shown ?? ((file: string) => path.relative(process.cwd(), file) || file);
  const searcher = lilconfig('wirekit', {
    searchPlaces: [...CONFIG_FILE_NAMES],
    stopDir: root,
    cache: false,
    loaders: { '.json': textLoader, '.mjs': moduleLoader, '.js': moduleLoader },
  });
  let found: { filepath: string; config: unknown } | null;
  const target = options.explicit === undefined ? undefined : path.resolve(root, options.explicit);
  try {
    if (target !== undefined && !/\.(json|mjs|js)$/.test(target)) {
      return failure(shown(target), 'config-file-type', `Cannot read ${JSON.stringify(path.basename(target))} as a config file: expected a .json, .mjs or .js file`, 'a .json, .mjs or .js file', path.extname(target) || 'no extension');
    }
    found = target !== undefined ? await searcher.load(target) : await searcher.search(root);
  } catch (error) {
    const file = target ?? root;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return failure(shown(file), 'config-read', 'Config file not found', 'a readable config file', 'ENOENT');
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return failure(shown(file), 'config-load', `Cannot load the config file: ${message}`, 'a module whose default export is the config object', code ?? 'an error');
  }
  if (!found) return { folders: {}, values: {}, diagnostics: [] };
  const file = found.filepath;
  const list = new DiagnosticList(shown(file));
  const checkOptions = { diagnostics: list, rulePrefix: 'config', wholePlace: { line: 1, column: 1 } };
  let values: ConfigFileValues | undefined;
  if (found.config instanceof ConfigText) {
    const text = found.config.text.replace(/^\uFEFF/, '');
    const syntax = findJsonSyntaxError(text);
    // JSON is YAML: the YAML parser gives each field's place once JSON.parse's rules are met.
    const yaml = syntax ? undefined : readYaml(text, checkOptions);
    const value: unknown = yaml?.value;
    if (syntax) {
      list.error('config-json', `Invalid JSON: expected ${syntax.expected}, found ${syntax.found}`, placeOfOffset(text, syntax.offset), { expected: syntax.expected, actual: syntax.found });
    } else if (yaml && !isPlainObject(value)) {
      list.error('config-invalid', `The config must be an object of settings: found ${describe(value)}`, { line: 1, column: 1 }, { expected: 'an object', actual: describe(value) });
    } else if (yaml) {
      values = checkWithSchema(value, configSchema, yaml, checkOptions);
    }
  } else {
    const value: unknown = found.config;
    // A module has no positions: problems name the field only.
    const moduleOptions = { diagnostics: list, rulePrefix: 'config' };
    if (!isPlainObject(value)) {
      list.error('config-invalid', `The config module must export an object as default: found ${describe(value)}`, undefined, { expected: 'export default { … }', actual: describe(value) });
    } else {
      values = checkWithSchema(value, configSchema, undefined, moduleOptions);
    }
  }
  if (!values) return { file, folders: {}, diagnostics: list.items };
  const base = path.dirname(file);
  const folders: ConfigFolders = {};
  for (const key of ['content', 'templates', 'locales', 'out', 'schemas'] as const) {
    const value = values[key];
    if (value !== undefined) folders[key] = path.resolve(base, value);
  }
  return { file, values, folders, diagnostics: list.items };
}

function failure(file: string, ruleId: string, message: string, expected: string, actual: string): LoadedConfigFile {
  return { folders: {}, diagnostics: [{ file, severity: 'error', ruleId, message, expected, actual }] };
}

/** `templates/site.json` with the config file's overrides applied (the result is checked by the caller). */
export function applySiteOverrides(site: SiteConfig, values: ConfigFileValues): SiteConfig {
  const merged: SiteConfig = { ...site, ...definedOnly(values.site ?? {}) };
  if (values.publisher) merged.publisher = { ...site.publisher, ...definedOnly(values.publisher) };
  if (values.languages) merged.languages = [...values.languages];
  if (values.timeZone) merged.timeZone = values.timeZone;
  if (values.formats) merged.formats = [...new Set(values.formats)];
  if (values.feeds) merged.feeds = { ...site.feeds, ...definedOnly(values.feeds) };
  return merged;
}

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

function definedOnly<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as Defined<T>;
}

