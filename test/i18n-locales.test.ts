import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLocales, loadLocales } from '../src/build/locales.js';
import { loadProject } from '../src/build/project.js';
import { createLocalizer, fallbackChain, type LocaleResources } from '../src/i18n/instance.js';
import { REPO, repoRenderOptions } from './helpers.js';

const shown = (file: string): string => path.relative(REPO, file);
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the repository's templates and locales in a fresh folder, to break one thing in. */
function projectCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wirekit-i18n-'));
  temporary.push(root);
  cpSync(path.join(REPO, 'templates'), path.join(root, 'templates'), { recursive: true });
  cpSync(path.join(REPO, 'locales'), path.join(root, 'locales'), { recursive: true });
  return root;
}

describe('locales/', () => {
  it('has every key of en for every configured language', async () => {
    const { site } = await repoRenderOptions();
    const { resources, diagnostics } = await loadLocales(path.join(REPO, 'locales'), shown);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(resources).sort()).toEqual(['ar', 'en', 'es', 'it', 'pt-BR']);
    expect(checkLocales(resources, site.languages, 'locales')).toEqual([]);
  });

  it('gives labels in each language, values inserted unescaped (serializers escape)', async () => {
    const { localizer } = await repoRenderOptions();
    expect(localizer.t('it', 'updated', { date: '13 febbraio 2025' })).toBe('Aggiornato il 13 febbraio 2025');
    expect(localizer.t('ar', 'byline', { names: 'A & B <x>', credit: 'ANSA' })).toBe('بقلم A & B <x> (ANSA)');
    expect(localizer.t('pt-BR', 'copyright', { holder: 'ANSA' })).toBe('Copyright © ANSA. Todos os direitos reservados');
    expect(localizer.ellipsis('ar')).toBe('…');
  });

  it('translates section names and omits one a language has no name for', async () => {
    const { localizer } = await repoRenderOptions();
    expect(localizer.section('World', 'en', 'ar')).toBe('العالم');
    expect(localizer.section('Mondo', 'it', 'pt-BR')).toBe('Mundo');
    expect(localizer.section('World', 'en', 'en')).toBe('World');
    expect(localizer.section('Cronaca', 'it', 'it')).toBe('Cronaca');
    expect(localizer.section('Cronaca', 'it', 'en')).toBeUndefined();
  });
});

describe('a missing resource key', () => {
  it('fails the build with the file and the key, rather than print the English label', async () => {
    const root = projectCopy();
    const file = path.join(root, 'locales', 'ar', 'common.json');
    const labels = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete labels['updated'];
    writeFileSync(file, JSON.stringify(labels));
    const loaded = await loadProject({ root, config: false });
    expect(loaded.render).toBeUndefined();
    const missing = loaded.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'locale-missing-key');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'error', field: 'updated' });
    expect(missing[0]?.file).toMatch(/locales\/ar\/common\.json$/);
  });

  it('fails the build when a configured language has no folder', async () => {
    const root = projectCopy();
    rmSync(path.join(root, 'locales', 'es'), { recursive: true });
    const loaded = await loadProject({ root, config: false });
    expect(loaded.render).toBeUndefined();
    expect(loaded.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'locale-missing', severity: 'error' }));
  });

  it('reports a resource file that is not JSON', async () => {
    const root = projectCopy();
    writeFileSync(path.join(root, 'locales', 'it', 'common.json'), '{\n  "byline": }');
    const loaded = await loadProject({ root, config: false });
    expect(loaded.render).toBeUndefined();
    // At the mistake's line:column, with what was expected and found there.
    expect(loaded.diagnostics).toContainEqual(expect.objectContaining({ ruleId: 'locale-json', severity: 'error', line: 2, column: 13, expected: 'a JSON value', actual: '"}"' }));
  });

  it('reports a label that is not text at its key, saying what it found', async () => {
    const root = projectCopy();
    writeFileSync(path.join(root, 'locales', 'it', 'common.json'), '{\n  "byline": "Di {{names}}",\n  "updated": [1, 2]\n}');
    const loaded = await loadProject({ root, config: false });
    const problem = loaded.diagnostics.find((diagnostic) => diagnostic.ruleId === 'locale-value');
    expect(problem).toMatchObject({ severity: 'error', field: 'updated', line: 3, column: 14, actual: 'an array' });
    expect(problem?.message).toMatch(/^Key `updated`: expected a string or an object of strings.*, found an array$/);
  });

  it('resolves at run time along the documented chain: language, base language, en', () => {
    expect(fallbackChain('pt-BR')).toEqual(['pt-BR', 'pt', 'en']);
    expect(fallbackChain('ar')).toEqual(['ar', 'en']);
    const resources: LocaleResources = {
      en: { common: { byline: 'By {{names}} ({{credit}})', updated: 'Updated {{date}}' } },
      pt: { common: { byline: 'Por {{names}} ({{credit}})' } },
      'pt-BR': { common: {} },
    };
    const localizer = createLocalizer(resources);
    expect(localizer.t('pt-BR', 'byline', { names: 'A', credit: 'ANSA' })).toBe('Por A (ANSA)');
    expect(localizer.t('pt-BR', 'updated', { date: 'x' })).toBe('Updated x');
    expect(localizer.has('pt-BR', 'byline')).toBe(true);
    expect(localizer.has('pt-BR', 'updated')).toBe(false);
    // The build check accepts keys inherited from the base language, and names the ones still missing.
    const diagnostics = checkLocales(resources, ['pt-BR'], 'locales');
    expect(diagnostics.map((diagnostic) => diagnostic.field)).toEqual(['updated']);
  });

  it('keeps instances independent: no global i18next state between builds', () => {
    const first = createLocalizer({ en: { common: { updated: 'Updated {{date}}' } } });
    const second = createLocalizer({ en: { common: { updated: 'Changed {{date}}' } } });
    expect(first.t('en', 'updated', { date: 'today' })).toBe('Updated today');
    expect(second.t('en', 'updated', { date: 'today' })).toBe('Changed today');
  });
});
