import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applySiteOverrides, loadConfigFile, type ConfigFolders } from '../config/file.js';
import { readFeedsConfig } from '../config/feeds.js';
import { siteSchema, type SiteConfig } from '../config/site.js';
import { PAGE_TEMPLATE_VALUES } from '../formats/html.js';
import { DiagnosticList, hasErrors, type Diagnostic } from '../util/diagnostics.js';
import { compileTemplate, type CompiledTemplate } from '../util/template.js';
import { checkWithSchema, readYaml } from '../util/yaml-schema.js';
import type { RenderOptions } from './render.js';
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
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;
  const diagnostics: Diagnostic[] = [...(config?.diagnostics ?? [])];

  const siteText = await readText(sitePath, shown(sitePath), diagnostics);
  const templateText = await readText(templatePath, shown(templatePath), diagnostics);
  let site: SiteConfig | undefined;
  if (siteText !== undefined) site = parseSiteConfig(siteText, shown(sitePath), diagnostics);
  let pageTemplate: { compiled: CompiledTemplate; source: string } | undefined;
  if (templateText !== undefined) {
    const compiled = compileTemplate(templateText, shown(templatePath), PAGE_TEMPLATE_VALUES);
    diagnostics.push(...compiled.diagnostics);
    if (compiled.template) pageTemplate = { compiled: compiled.template, source: templateText };
  }
  if (site && config?.values) site = applySiteOverrides(site, config.values);
  if (config && !config.values) return { paths, diagnostics };
  if (!site || !pageTemplate) return { paths, diagnostics };
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
  const inputs: RenderInputs = { site, template: { source: pageTemplate.source, file: shown(templatePath) }, resources: locales.resources, ...(feeds ? { feeds } : {}) };
  return { paths, render: renderOptionsWith(inputs, pageTemplate.compiled), inputs, diagnostics };
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
