import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A seeded synthetic corpus shaped like the bundled ANSA story: the same front-matter fields
 * (subjects, entities, translations), bodies built from its sentences: with `markup`, ~4.5 KB
 * stories of 7 paragraphs with markdown (the bench's default); without, ~5 KB of plain prose in
 * 9 paragraphs. Same seed → same files.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedSentences(contentDir: string): Promise<string[]> {
  const source = await readFile(path.join(contentDir, '2025-02-13-trump-putin-agree-to-start-ukraine-negotiations.md'), 'utf8');
  const body = source.slice(source.indexOf('\n---\n', 4) + 5);
  return body
    .split('\n')
    .filter((line) => !line.startsWith('Copyright'))
    .join(' ')
    .split(/(?<=[.!?”])\s+(?=[A-Z“])/)
    .filter((sentence) => sentence.length > 20);
}

const PEOPLE = [
  ['Donald Trump', 'Q22686'],
  ['Vladimir Putin', 'Q7747'],
  ['Volodymyr Zelensky', 'Q3874799'],
  ['Marco Rubio', 'Q324546'],
] as const;
const TOPICS = [
  ['medtop:20000076', 'peace talks', 'medtop:20000073'],
  ['medtop:20000639', 'diplomacy', 'medtop:20000638'],
  ['medtop:20000056', 'armed conflict', 'medtop:16000000'],
] as const;

export interface CorpusOptions {
  /**
   * Markdown in the body, as wire copy has it: a bold dateline, and in most paragraphs emphasis
   * and a link (to another story of the corpus, which the build writes, or to an outside host).
   * Without it every paragraph is plain prose.
   */
  markup?: boolean;
  /** Stories in the corpus, so links only go to stories that exist (default: index + 1). */
  count?: number;
}

/** Where a corpus story is published: the bundled templates/site.json's `articleUrl` (Rome is UTC+1 in February). */
export const storyUrl = (index: number): string => `https://www.ansa.it/english/news/2025/02/${String(1 + (index % 28)).padStart(2, '0')}/${storySlug(index)}.html`;

const storySlug = (index: number): string => `story-${String(index).padStart(5, '0')}`;

/** Outside pages wire copy links to (never fetched: the build checks only links under the site URL). */
const OUTSIDE = [
  'https://en.wikipedia.org/wiki/Russo-Ukrainian_war',
  'https://www.nato.int/cps/en/natohq/topics_37750.htm',
  'https://www.consilium.europa.eu/en/policies/eu-response-ukraine-invasion/',
  'https://www.whitehouse.gov/briefings-statements/',
  'https://www.un.org/en/peace-and-security',
] as const;

/** Emphasis on one word and a link on another, in a paragraph of plain sentences. */
function withMarkup(paragraph: string, index: number, count: number, random: () => number): string {
  const words = paragraph.split(' ');
  const at = (): number => Math.floor(random() * words.length);
  const emphasized = at();
  words[emphasized] = `*${words[emphasized] ?? ''}*`;
  const linked = at();
  // Two links in three go to an earlier or later story of the same corpus, the rest outside.
  const other = (index + 1 + Math.floor(random() * (count - 1))) % count;
  const target = random() < 2 / 3 && other !== index ? storyUrl(other) : (OUTSIDE[Math.floor(random() * OUTSIDE.length)] ?? OUTSIDE[0]);
  if (linked !== emphasized) words[linked] = `[${words[linked] ?? ''}](${target})`;
  return words.join(' ');
}

export function syntheticArticle(index: number, sentences: readonly string[], random: () => number, options: CorpusOptions = {}): { name: string; text: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const day = 1 + (index % 28);
  const minute = index % 1440;
  const date = `2025-02-${String(day).padStart(2, '0')}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+01:00`;
  const slug = storySlug(index);
  const headline = pick(sentences).replace(/[“”"]/g, '').slice(0, 90).replace(/\s+\S*$/, '');
  const count = Math.max(options.count ?? index + 1, index + 1);
  // ~4.5 KB a story with its front matter: 7 paragraphs of 3–5 sentences.
  const plain = Array.from({ length: options.markup ? 7 : 9 }, () => Array.from({ length: 3 + Math.floor(random() * 3) }, () => pick(sentences)).join(' '));
  const paragraphs = options.markup ? plain.map((paragraph) => (random() < 0.8 ? withMarkup(paragraph, index, count, random) : paragraph)) : plain;
  if (options.markup) paragraphs[0] = `**ROME, February ${day}** - ${paragraphs[0] ?? ''}`;
  const [person, wikidata] = pick(PEOPLE);
  const [code, name, broader] = pick(TOPICS);
  const translated = random() < 0.3;
  const text = `---
slug: ${slug}
language: en
headline: ${JSON.stringify(headline || `Story ${index}`)}
description: ${JSON.stringify(pick(sentences))}
datePublished: ${date}
dateline: ROME
credit: ANSA
keywords: [Ukraine, Russia, NATO]
subjects:
  - { code: ${code}, name: ${name}, broader: ${broader} }
entities:
  - { type: person, name: ${person}, wikidata: ${wikidata}, role: about }
  - { type: place, name: Ukraine, wikidata: Q212 }
${translated ? `translations:\n  it:\n    headline: ${JSON.stringify(`Notizia ${index} sull'Ucraina`)}\n` : ''}---

${paragraphs.join('\n\n')}

Copyright © ANSA
`;
  return { name: `${slug}.md`, text };
}

export async function writeCorpus(folder: string, count: number, contentDir: string, seed = 20250213, options: CorpusOptions = {}): Promise<void> {
  const sentences = await seedSentences(contentDir);
  const random = mulberry32(seed);
  await mkdir(folder, { recursive: true });
  for (let index = 0; index < count; index++) {
    const { name, text } = syntheticArticle(index, sentences, random, { ...options, count });
    await writeFile(path.join(folder, name), text);
  }
}
