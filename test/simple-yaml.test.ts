import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mulberry32, seedSentences, syntheticArticle } from '../src/bench/corpus.js';
import { simpleYaml, stringifySimpleYaml } from '../src/util/simple-yaml.js';
import { FRONT_MATTER_YAML_OPTIONS, normalizedFrontMatter } from '../src/formats/markdown.js';
import { parseArticle } from '../src/article/parse.js';
import { repoRenderOptions } from './helpers.js';
import { CONTENT } from './helpers.js';

/** What `yaml` gives, with the options the front matter is read with; undefined on any error. */
function reference(text: string): unknown {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  return document.errors.length > 0 ? undefined : document.toJS({ maxAliasCount: 100 });
}

/** Compares with `yaml`; returns whether the shortcut applied. */
function agrees(text: string): boolean {
  const fast = simpleYaml(text);
  if (fast === undefined) return false;
  expect(fast, JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)).toEqual(reference(text));
  return true;
}

const frontMatterOf = (source: string): string => source.slice(4, source.indexOf('\n---\n', 4) + 1);

describe('simple YAML reader for front matter', () => {
  it('gives yaml’s value whenever it applies (fuzzed with YAML-significant text)', () => {
    const random = mulberry32(1302);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const words = ['ROME', 'en', 'story-00001', 'medtop:20000076', 'Q212', 'peace talks', 'https://www.ansa.it/x.html', '2025-02-13T10:32:00+01:00', '2025-02-13', 'Trump-Putin, "now"', "sull'Ucraina", 'ترامب', 'Ünïcödé', 'a b', 'x'];
    const tricky = [
      '', ' ', '  ', '1', '0', '007', '-1', '+1', '1.5', '.5', '1e3', '0x1F', '0o17', '.inf', '-.inf', '.nan', '~', 'null', 'Null', 'NULL', 'true', 'False', 'yes', 'no', 'on', 'off', 'y',
      '123456789012345678', ':', 'a:b', 'a: b', 'a:', '-', '- a', '-a', '?', '? a', '[', ']', '{', '}', ',', 'a, b', '#', 'a #b', '&a', '*a', '!t', '|', '>', '%', '@', '`', "'", '"', '\\', '\\"', '\\u00e9', '\\x41',
      '\t', '\r', '\u00a0', '\u2028', '\ufeff', '---', '...', 'é',
    ];
    const scalar = (): string => {
      const kind = random();
      if (kind < 0.45) return pick(words);
      if (kind < 0.6) return JSON.stringify(pick(words) + (random() < 0.3 ? pick(tricky) : ''));
      if (kind < 0.7) return `'${(pick(words) + pick(tricky)).replaceAll("'", random() < 0.8 ? "''" : "'")}'`;
      if (kind < 0.8) return pick(tricky);
      return pick(words) + pick(tricky) + (random() < 0.5 ? pick(words) : '');
    };
    const flowSeq = (): string => `[${Array.from({ length: Math.floor(random() * 4) }, scalar).join(pick([', ', ',', ' , ']))}${random() < 0.05 ? ',' : ''}]`;
    const flowMap = (): string => `{ ${Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${pick(KEYS)}: ${scalar()}`).join(', ')} }`;
    const KEYS = ['slug', 'language', 'headline', 'code', 'name', 'type', 'it', 'pt-BR', 'version', '1', 'true', 'a b', 'x_y', 'headline'];
    const value = (): string => {
      const kind = random();
      return kind < 0.6 ? scalar() : kind < 0.8 ? flowSeq() : flowMap();
    };
    const block = (indent: number, depth: number): string => {
      let out = '';
      const count = 1 + Math.floor(random() * 5);
      for (let index = 0; index < count; index++) {
        const pad = ' '.repeat(indent + (random() < 0.03 ? 1 : 0));
        const key = pick(KEYS);
        const kind = random();
        if (depth < 2 && kind < 0.15) out += `${pad}${key}:\n${block(indent + pick([2, 4]), depth + 1)}`;
        else if (depth < 2 && kind < 0.3) {
          const dashIndent = indent + pick([0, 2, 2, 4]);
          out += `${pad}${key}:\n`;
          for (let item = 0; item < 1 + Math.floor(random() * 3); item++) out += `${' '.repeat(dashIndent)}- ${random() < 0.6 ? flowMap() : value()}\n`;
        } else if (kind < 0.33) out += `${pad}${key}:\n`;
        else out += `${pad}${key}:${random() < 0.05 ? '' : ' '}${value()}${random() < 0.05 ? ' ' : ''}\n`;
        if (random() < 0.05) out += random() < 0.5 ? '\n' : '   \n';
        if (random() < 0.02) out += `${pad}  ${pick(words)}\n`;
      }
      return out;
    };
    let applied = 0;
    for (let sample = 0; sample < 20000; sample++) if (agrees(block(0, 0))) applied++;
    // The fuzz must exercise the shortcut, not only its refusals.
    expect(applied).toBeGreaterThan(2000);
  });

  it('applies to every synthetic bench article, with yaml’s value', async () => {
    const sentences = await seedSentences(CONTENT);
    const random = mulberry32(11);
    for (let index = 0; index < 300; index++) expect(agrees(frontMatterOf(syntheticArticle(index, sentences, random).text))).toBe(true);
    for (const name of readdirSync(CONTENT).filter((file) => file.endsWith('.md'))) agrees(frontMatterOf(readFileSync(path.join(CONTENT, name), 'utf8')));
  });

  it('leaves to yaml what it does not read', () => {
    for (const text of ['', 'a: 1\na: 2\n', 'a: >-\n  folded\n', 'a: b # note\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: 1.5\n', 'a: null\n', 'a: true\n', 'a: [1, [2]]\n', '__proto__: x\n', 'a: { __proto__: x }\n', 'a: "x\n  y"\n', 'a: b\n  c\n', '- a\n', 'a:\n  - b: c\n']) {
      expect(simpleYaml(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(simpleYaml('slug: a\nversion: 2\nkeywords: [x, "y, z"]\nsubjects:\n  - { code: medtop:1, name: peace talks }\ntranslations:\n  it:\n    headline: \'l\'\'Ucraina\'\n')).toEqual({
      slug: 'a',
      version: 2,
      keywords: ['x', 'y, z'],
      subjects: [{ code: 'medtop:1', name: 'peace talks' }],
      translations: { it: { headline: "l'Ucraina" } },
    });
  });
});

const WRITE_OPTIONS = FRONT_MATTER_YAML_OPTIONS;

describe('simple YAML writer for front matter', () => {
  it('writes what yaml writes whenever it applies (fuzzed with YAML-significant strings)', () => {
    const random = mulberry32(2811);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const strings = [
      'ROME', 'en', 'story-00001', 'medtop:20000076', 'Q212', 'peace talks', 'https://www.ansa.it/x.html', '2025-02-13T10:32:00+01:00', 'Copyright © ANSA', 'Trump-Putin, "now" on Ukraine',
      "sull'Ucraina", 'ترامب وبوتين', '“No one – Zelensky”', 'a [b] {c}', 'x, y', 'a: b', 'a:b', 'a #b', 'a#b', 'a:', '', ' a', 'a ', '-a', '- a', '?a', ':a', '.a', '...', '---', '#a', '&a', '*a', '!a', '|a', '>a',
      "'a", '"a', '%a', '@a', '`a', 'Washington’s intentions: the Ukrainians', "it's: fine", 'a: "b"', "a: 'b'", 'a #', '? a', '- ', 'a\t#b', ':', '#', "'", '[a]: b', '1', '01', '1.5', '1e3', '0x1F', '.inf', 'null', 'Null', '~', 'true', 'True', 'yes', 'no', 'on', 'y', 'a\nb', 'a\tb', 'a\u00a0b', 'a\u2028b', 'é', '😀', '\ud800',
    ].map((item) => item.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
    const scalar = (): unknown => {
      const kind = random();
      return kind < 0.8 ? pick(strings) : kind < 0.88 ? pick([0, 1, 2, 42, 2025, -1, 1.5]) : kind < 0.95 ? random() < 0.5 : pick([null, undefined]);
    };
    const keys = ['slug', 'language', 'headline', 'code', 'name', 'it', 'pt-BR', 'version', 'true', '1', 'a b', 'x_y', 'a:'];
    const mapping = (depth: number): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (let index = 0; index < 1 + Math.floor(random() * 5); index++) {
        const kind = random();
        out[pick(keys)] =
          depth < 2 && kind < 0.15 ? mapping(depth + 1)
          : depth < 2 && kind < 0.3 ? Array.from({ length: Math.floor(random() * 4) }, () => (random() < 0.5 ? scalar() : mapping(2)))
          : scalar();
      }
      return out;
    };
    let applied = 0;
    for (let sample = 0; sample < 20000; sample++) {
      const value = mapping(0);
      const fast = stringifySimpleYaml(value);
      if (fast === undefined) continue;
      applied++;
      expect(fast, JSON.stringify(value)).toBe(stringify(value, WRITE_OPTIONS));
    }
    expect(applied).toBeGreaterThan(1000);
  });

  it('writes the front matter of every synthetic bench article and bundled story as yaml does', async () => {
    const options = await repoRenderOptions();
    const sentences = await seedSentences(CONTENT);
    const random = mulberry32(12);
    const sources = [
      ...Array.from({ length: 200 }, (_, index) => syntheticArticle(index, sentences, random).text),
      ...readdirSync(CONTENT).filter((file) => file.endsWith('.md')).map((name) => readFileSync(path.join(CONTENT, name), 'utf8')),
    ];
    let applied = 0;
    for (const source of sources) {
      const article = parseArticle(source, { site: options.site }).article;
      if (!article) throw new Error('a bundled or synthetic article failed to parse');
      const frontMatter = normalizedFrontMatter(article, options.site);
      const fast = stringifySimpleYaml(frontMatter);
      if (fast !== undefined) applied++;
      if (fast !== undefined) expect(fast).toBe(stringify(frontMatter, WRITE_OPTIONS));
    }
    expect(applied).toBeGreaterThan(150);
  });
});
