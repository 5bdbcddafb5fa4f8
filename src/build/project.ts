import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { siteSchema, type SiteConfig } from '../config/site.js';
import { PAGE_TEMPLATE_VALUES } from '../formats/html.js';
import { DiagnosticList, type Diagnostic } from '../util/diagnostics.js';
import { compileTemplate } from '../util/template.js';
import { checkWithSchema, readYaml } from '../util/yaml-schema.js';
import type { RenderOptions } from './render.js';

/** Where a project keeps its inputs and writes its outputs. Relative paths resolve against `root`. */
export interface ProjectOptions {
  root?: string;
  content?: string;
  templates?: string;
  locales?: string;
  out?: string;
}

export interface ProjectPaths {
  root: string;
  content: string;
  templates: string;
  locales: string;
  out: string;
}

export function resolvePaths(options: ProjectOptions = {}): ProjectPaths {
  const root = path.resolve(options.root ?? '.');
  const at = (value: string | undefined, fallback: string): string => path.resolve(root, value ?? fallback);
  return {
    root,
    content: at(options.content, 'content'),
    templates: at(options.templates, 'templates'),
    locales: at(options.locales, 'locales'),
    out: at(options.out, 'out'),
  };
}

export interface LoadedProject {
  paths: ProjectPaths;
  /** Present when the templates loaded without errors. */
  render?: RenderOptions;
  diagnostics: Diagnostic[];
}

/** Read `templates/site.json` and `templates/article.html`, checked, with positioned diagnostics. */
export async function loadProject(options: ProjectOptions = {}): Promise<LoadedProject> {
  const paths = resolvePaths(options);
  const sitePath = path.join(paths.templates, 'site.json');
  const templatePath = path.join(paths.templates, 'article.html');
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;
  const diagnostics: Diagnostic[] = [];

  const siteText = await readText(sitePath, shown(sitePath), diagnostics);
  const templateText = await readText(templatePath, shown(templatePath), diagnostics);
  let site: SiteConfig | undefined;
  if (siteText !== undefined) site = parseSiteConfig(siteText, shown(sitePath), diagnostics);
  let pageTemplate;
  if (templateText !== undefined) {
    const compiled = compileTemplate(templateText, shown(templatePath), PAGE_TEMPLATE_VALUES);
    diagnostics.push(...compiled.diagnostics);
    pageTemplate = compiled.template;
  }
  if (site && pageTemplate) return { paths, render: { site, pageTemplate }, diagnostics };
  return { paths, diagnostics };
}

export function parseSiteConfig(text: string, file: string, diagnostics: Diagnostic[]): SiteConfig | undefined {
  const list = new DiagnosticList(file);
  const options = { diagnostics: list, rulePrefix: 'config', wholePlace: { line: 1, column: 1 } };
  const yaml = readYaml(text, options);
  const site = yaml ? checkWithSchema(yaml.document.toJS(), siteSchema, yaml, options) : undefined;
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
