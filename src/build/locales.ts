import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REFERENCE_LANGUAGE, type LocaleResources, type ResourceTree } from '../i18n/instance.js';
import { DiagnosticList, type Diagnostic } from '../util/diagnostics.js';
import { atPointer, jsonSyntaxError, parseJson } from '../validate/json.js';

/**
 * `locales/<lng>/<namespace>.json` → resources, and the checks that make a missing label a build
 * error rather than English text in a page labelled with another language.
 */
export async function loadLocales(dir: string, shown: (file: string) => string): Promise<{ resources: LocaleResources; diagnostics: Diagnostic[] }> {
  const resources: LocaleResources = {};
  const diagnostics: Diagnostic[] = [];
  let languages: string[];
  try {
    languages = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    diagnostics.push({ file: shown(dir), severity: 'error', ruleId: 'locale-read', message: `Cannot read the locales folder (${code})`, expected: 'a folder with one sub-folder per language', actual: code });
    return { resources, diagnostics };
  }
  for (const language of languages) {
    const folder = path.join(dir, language);
    const files = (await readdir(folder)).filter((file) => file.endsWith('.json')).sort();
    const byNamespace: Record<string, ResourceTree> = {};
    for (const file of files) {
      const full = path.join(folder, file);
      const tree = parseResource(await readFile(full, 'utf8'), shown(full), diagnostics);
      if (tree) byNamespace[file.slice(0, -'.json'.length)] = tree;
    }
    resources[language] = byNamespace;
  }
  return { resources, diagnostics };
}

function parseResource(text: string, file: string, diagnostics: Diagnostic[]): ResourceTree | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse says where only in its own words: the positioned parser finds the place.
    const syntax = jsonSyntaxError(text);
    diagnostics.push({
      file,
      ...(syntax ? syntax.place : {}),
      severity: 'error',
      ruleId: 'locale-json',
      message: `Not valid JSON: ${syntax?.message ?? 'the text does not parse'}`,
      expected: syntax?.expected ?? 'a JSON object of strings',
      actual: syntax?.found ?? 'invalid JSON',
    });
    return undefined;
  }
  const problems: ResourceProblem[] = [];
  const tree = asTree(value, [], problems);
  if (problems.length === 0) return tree;
  const positioned = parseJson(text, new DiagnosticList(file)).root;
  for (const { path, found } of problems) {
    const key = path.join('.');
    const node = positioned && atPointer(positioned, path.map((part) => `/${part.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
    diagnostics.push({
      file,
      ...(node ? node.place : {}),
      severity: 'error',
      ruleId: 'locale-value',
      ...(key ? { field: key } : {}),
      message: `Key \`${key || '(root)'}\`: expected a string or an object of strings, at most ${MAX_RESOURCE_DEPTH} levels deep, found ${found}`,
      expected: 'a string or an object of strings',
      actual: found,
    });
  }
  return undefined;
}

/** Label trees are a few levels deep; a deeper one is refused before i18next walks it. */
const MAX_RESOURCE_DEPTH = 32;

interface ResourceProblem {
  path: string[];
  found: string;
}

function asTree(value: unknown, path: string[], problems: ResourceProblem[]): ResourceTree {
  const tree: ResourceTree = {};
  if (path.length > MAX_RESOURCE_DEPTH) {
    problems.push({ path, found: `nesting ${path.length} levels deep` });
    return tree;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ path, found: value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value} (${JSON.stringify(value)})` });
    return tree;
  }
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string') tree[key] = child;
    else tree[key] = asTree(child, [...path, key], problems);
  }
  return tree;
}

/** Dotted keys of every string leaf. */
function leafKeys(tree: ResourceTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`)));
}

function lookup(tree: ResourceTree | undefined, dotted: string): string | undefined {
  let node: string | ResourceTree | undefined = tree;
  for (const part of dotted.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Open-ended tables: a missing entry is omitted from outputs, not an error. */
const OPTIONAL_TABLES = ['sections.'];

/**
 * Every target language needs resources, and every key of the reference locale (`en`) in itself
 * or its base language (`pt-BR` may inherit from `pt`). A missing key is an error: i18next would
 * otherwise fall back to the English label and print it in a page labelled with another language.
 */
export function checkLocales(resources: LocaleResources, languages: readonly string[], folder: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const reference = resources[REFERENCE_LANGUAGE];
  if (!reference) {
    diagnostics.push({ file: `${folder}/${REFERENCE_LANGUAGE}`, severity: 'error', ruleId: 'locale-missing', message: `No resources for the reference language ${REFERENCE_LANGUAGE}`, expected: `${folder}/${REFERENCE_LANGUAGE}/common.json`, actual: 'no such folder' });
    return diagnostics;
  }
  for (const language of languages) {
    const base = language.split('-')[0] ?? language;
    const own = resources[language];
    const inherited = resources[base];
    if (!own && !inherited) {
      diagnostics.push({ file: `${folder}/${language}`, severity: 'error', ruleId: 'locale-missing', message: `Language ${language} is in \`languages\` but has no resources`, expected: `${folder}/${language}/ with the keys of ${folder}/${REFERENCE_LANGUAGE}/`, actual: 'no such folder' });
      continue;
    }
    for (const [namespace, tree] of Object.entries(reference)) {
      for (const key of leafKeys(tree)) {
        if (OPTIONAL_TABLES.some((table) => key.startsWith(table))) continue;
        if (lookup(own?.[namespace], key) !== undefined || lookup(inherited?.[namespace], key) !== undefined) continue;
        diagnostics.push({
          file: `${folder}/${own ? language : base}/${namespace}.json`,
          severity: 'error',
          ruleId: 'locale-missing-key',
          field: key,
          message: `Key \`${key}\` is missing for ${language}: the English label would be shown in a ${language} page`,
          expected: `a ${language} translation of ${JSON.stringify(lookup(tree, key))}`,
          actual: 'none',
        });
      }
    }
  }
  return diagnostics;
}
