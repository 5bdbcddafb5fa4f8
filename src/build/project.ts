import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { applySiteOverrides, loadConfigFile, type ConfigFolders } from '../config/file.js';
import { readFeedsConfig } from '../config/feeds.js';
import { siteSchema, type SiteConfig } from '../config/site.js';
import { PAGE_TEMPLATE_VALUES } from '../formats/html.js';
import { HOME_TEMPLATE_VALUES } from '../formats/home.js';
import { rebasedUrl } from '../config/urls.js';
import type { FeedsConfig } from '../config/feeds.js';
import { DiagnosticList, hasErrors, type Diagnostic } from '../util/diagnostics.js';
import { compileTemplate, type CompiledTemplate } from '../util/template.js';
import { checkWithSchema, readYaml } from '../util/yaml-schema.js';
import type { RenderedOutput, RenderOptions } from '../formats/article-formats.js';
import { renderOptionsWith, type RenderInputs } from './render-inputs.js';
import { checkLocales, loadLocales } from './locales.js';

/** Where a project keeps its inputs and writes its outputs. Relative paths resolve against `root`. */
export interface ProjectOptions {
  root?: string;
  content?: string;
  templates?: string;
  locales?: string;
  out?: string;
  /** Official schemas folder for validation (no default). */
  schemas?: string;
  /** `wirekit.config.{json,mjs,js}`: a file to read instead of searching `root`, or `false` to read none. */
  config?: string | false;
  /**
   * Build the site for another origin (a staging host, `http://127.0.0.1:8787/`), as Hugo's
   * `baseURL`: every URL under the configured site URL moves under this one; content is untouched.
   */
  baseUrl?: string;
}

export interface ProjectPaths {
  root: string;
  content: string;
  templates: string;
  locales: string;
  out: string;
  schemas?: string;
  /** The config file read, if any. */
  config?: string;
}

/** Explicit options win over the config file's folders (already absolute), which win over the defaults. */
export function resolvePaths(options: ProjectOptions = {}, fromConfig: ConfigFolders = {}): ProjectPaths {
  const root = path.resolve(options.root ?? '.');
  const at = (value: string | undefined, configured: string | undefined, fallback: string): string =>
    value !== undefined ? path.resolve(root, value) : (configured ?? path.resolve(root, fallback));
  const paths: ProjectPaths = {
    root,
    content: at(options.content, fromConfig.content, 'content'),
    templates: at(options.templates, fromConfig.templates, 'templates'),
    locales: at(options.locales, fromConfig.locales, 'locales'),
    out: at(options.out, fromConfig.out, 'out'),
  };
  const schemas = options.schemas !== undefined ? path.resolve(root, options.schemas) : fromConfig.schemas;
  if (schemas !== undefined) paths.schemas = schemas;
  return paths;
}

export interface LoadedProject {
  paths: ProjectPaths;
  /** Present when the templates loaded without errors. */
  render?: RenderOptions;
  /** The same as plain data, for worker threads (present with `render`). */
  inputs?: RenderInputs;
  diagnostics: Diagnostic[];
}

/** Read `templates/site.json` and `templates/article.html`, checked, with positioned diagnostics. */
export async function loadProject(options: ProjectOptions = {}): Promise<LoadedProject> {
  const root = path.resolve(options.root ?? '.');
  const config = options.config === false ? undefined : await loadConfigFile(root, options.config === undefined ? {} : { explicit: options.config });
  const paths = resolvePaths(options, config?.folders);
  if (config?.file !== undefined) paths.config = config.file;
  const sitePath = path.join(paths.templates, 'site.json');
  const templatePath = path.join(paths.templates, 'article.html');
  const homePath = path.join(paths.templates, 'home.html');
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;
  const diagnostics: Diagnostic[] = [...(config?.diagnostics ?? [])];

  const siteText = await readText(sitePath, shown(sitePath), diagnostics);
  const templateText = await readText(templatePath, shown(templatePath), diagnostics);
  const homeText = await readText(homePath, shown(homePath), diagnostics);
  let site: SiteConfig | undefined;
  if (siteText !== undefined) site = parseSiteConfig(siteText, shown(sitePath), diagnostics);
  let pageTemplate: { compiled: CompiledTemplate; source: string } | undefined;
  if (templateText !== undefined) {
    const compiled = compileTemplate(templateText, shown(templatePath), PAGE_TEMPLATE_VALUES);
    diagnostics.push(...compiled.diagnostics);
    if (compiled.template) pageTemplate = { compiled: compiled.template, source: templateText };
  }
  let homeTemplate: CompiledTemplate | undefined;
  if (homeText !== undefined) {
    const compiled = compileTemplate(homeText, shown(homePath), HOME_TEMPLATE_VALUES);
    diagnostics.push(...compiled.diagnostics);
    homeTemplate = compiled.template;
  }
  if (site && config?.values) site = applySiteOverrides(site, config.values);
  // One spelling of the site URL (host lowercased…): every URL under it is compared as a string.
  if (site && URL.canParse(site.url) && new URL(site.url).href !== site.url) site = { ...site, url: new URL(site.url).href };
  if (site && options.baseUrl !== undefined) site = rebasedSite(site, options.baseUrl, diagnostics);
  if (config && !config.values) return { paths, diagnostics };
  if (!site || !pageTemplate || !homeTemplate) return { paths, diagnostics };
  // One i18next instance per build: labels for every configured language, checked before rendering.
  const locales = await loadLocales(paths.locales, shown);
  const localeDiagnostics = [...locales.diagnostics, ...checkLocales(locales.resources, site.languages, shown(paths.locales))];
  diagnostics.push(...localeDiagnostics);
  if (hasErrors(localeDiagnostics)) return { paths, diagnostics };
  // Optional feed channel metadata; without the file every feed default comes from site.json.
  const feedsPath = path.join(paths.templates, 'feeds.json');
  const feedDiagnostics: Diagnostic[] = [];
  const feeds = await readFeedsConfig(feedsPath, shown(feedsPath), feedDiagnostics);
  diagnostics.push(...feedDiagnostics);
  if (hasErrors(feedDiagnostics)) return { paths, diagnostics };
  const staticFiles = await readStaticFiles(path.join(paths.templates, 'static'), shown, diagnostics);
  if (!staticFiles) return { paths, diagnostics };
  const channels = feeds && site.authoredUrl !== undefined ? rebasedChannels(feeds, site.authoredUrl, site.url) : feeds;
  const inputs: RenderInputs = { site, template: { source: pageTemplate.source, file: shown(templatePath) }, resources: locales.resources, ...(channels ? { feeds: channels } : {}) };
  return { paths, render: { ...renderOptionsWith(inputs, pageTemplate.compiled), homeTemplate, staticFiles }, inputs, diagnostics };
}

/** `site` built for `baseUrl`: the site URL and every configured URL under it move there. */
function rebasedSite(site: SiteConfig, baseUrl: string, diagnostics: Diagnostic[]): SiteConfig {
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl) || !URL.canParse(baseUrl)) {
    diagnostics.push({ file: '--base-url', severity: 'error', ruleId: 'base-url', message: `Expected an absolute http(s) URL such as http://127.0.0.1:8787/, found ${JSON.stringify(baseUrl)}`, expected: 'an absolute http(s) URL', actual: baseUrl });
    return site;
  }
  const url = new URL(baseUrl);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const to = url.href;
  const from = site.url;
  return {
    ...site,
    url: to,
    authoredUrl: from,
    articleUrl: rebasedUrl(site.articleUrl, from, to),
    links: { ...site.links, notBuilt: site.links.notBuilt.map((prefix) => rebasedUrl(prefix, from, to)) },
  };
}

function rebasedChannels(feeds: FeedsConfig, from: string, to: string): FeedsConfig {
  const channels = Object.fromEntries(Object.entries(feeds.channels).map(([language, channel]) => [language, channel.homePage === undefined ? channel : { ...channel, homePage: rebasedUrl(channel.homePage, from, to) }]));
  return { ...feeds, channels };
}

/** Media types of the files `templates/static/` usually holds; others are served as bytes. */
const STATIC_MEDIA_TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  xml: 'application/xml',
  json: 'application/json',
  woff2: 'font/woff2',
};

/**
 * `templates/static/`, read once per project: every file becomes an output at its path under the
 * site URL. Text only (outputs are strings): a binary file is an error naming it. No folder: none.
 */
async function readStaticFiles(folder: string, shown: (file: string) => string, diagnostics: Diagnostic[]): Promise<RenderedOutput[] | undefined> {
  let entries: string[];
  try {
    entries = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    diagnostics.push({ file: shown(folder), severity: 'error', ruleId: 'read', message: 'Cannot read the static folder', expected: 'a readable folder', actual: (error as NodeJS.ErrnoException).code ?? 'EIO' });
    return undefined;
  }
  const files: RenderedOutput[] = [];
  let ok = true;
  for (const relative of entries.sort()) {
    const file = path.join(folder, relative);
    const bytes = await readFile(file);
    const content = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (Buffer.from(content, 'utf8').compare(bytes) !== 0) {
      diagnostics.push({ file: shown(file), severity: 'error', ruleId: 'static-binary', message: 'templates/static/ holds text files only (CSS, SVG, scripts): this file is not UTF-8 text', expected: 'a UTF-8 text file', actual: 'binary data' });
      ok = false;
      continue;
    }
    const extension = relative.slice(relative.lastIndexOf('.') + 1).toLowerCase();
    files.push({ path: relative.split(path.sep).join('/'), mediaType: STATIC_MEDIA_TYPES[extension] ?? 'application/octet-stream', content });
  }
  return ok ? files : undefined;
}

export function parseSiteConfig(text: string, file: string, diagnostics: Diagnostic[]): SiteConfig | undefined {
  const list = new DiagnosticList(file);
  const options = { diagnostics: list, rulePrefix: 'config', wholePlace: { line: 1, column: 1 } };
  const yaml = readYaml(text, options);
  const site = yaml ? checkWithSchema(yaml.value, siteSchema, yaml, options) : undefined;
  diagnostics.push(...list.items);
  return site;
}

async function readText(file: string, shown: string, diagnostics: Diagnostic[]): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    diagnostics.push({
      file: shown,
      severity: 'error',
      ruleId: 'read',
      message: code === 'ENOENT' ? 'File not found' : `Cannot read the file (${code})`,
      expected: 'a readable file',
      actual: code,
    });
    return undefined;
  }
}
