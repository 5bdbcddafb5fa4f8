import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Where a one-thread build spends its CPU: V8's sampling profiler, run in-process around the
 * build, each sample given to the stage of the nearest frame a rule below names (the innermost
 * wins, so the validator's JSON parser under `checkOutputs` counts as checking).
 */
interface Frame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

const named =
  (...names: string[]) =>
  (frame: Frame): boolean =>
    names.includes(frame.functionName);
const inFile =
  (file: string) =>
  (frame: Frame): boolean =>
    frame.url.endsWith(file);

const OTHER = 'other (startup, loading, main thread glue)';

/** Stage rules; a frame matching one starts that stage for everything it calls. */
const STAGES: readonly [test: (frame: Frame) => boolean, stage: string][] = [
  [named('(garbage collector)'), 'GC'],
  [named('(program)'), 'V8 (compiling, runtime)'],
  [named('(idle)'), 'idle'],
  [named('readFileSync', 'readFile', 'readSources'), 'read'],
  [named('parseArticle'), 'parse (front matter, remark)'],
  [(frame) => frame.functionName === 'render' && frame.url.endsWith('/formats/article-formats.js'), 'render (other)'],
  [named('articleBody'), 'render body HTML (shared)'],
  [named('versionJsonLd'), 'render jsonld'],
  [named('htmlPage'), 'render html'],
  [named('normalizedMarkdown'), 'render markdown'],
  [named('newsItemTree', 'newsItemDocument'), 'render newsml'],
  [named('ninjsJson'), 'render ninjs'],
  [named('renderCollections'), 'collections (other)'],
  [named('renderFeeds'), 'collections: feeds + sitemap'],
  [named('renderHomePages'), 'collections: home pages'],
  [named('headlinesDocument'), 'collections: headlines.json'],
  [named('newsMessageXml'), 'collections: NewsML-G2 message'],
  // The validator's own module too: an async function resumed after an await has no caller frames.
  [(frame) => frame.functionName === 'checkOutputs' || frame.url.endsWith('/validate/index.js'), 'check'],
  [inFile('/build/links.js'), 'link check'],
  [inFile('/build/write.js'), 'write'],
  [named('sha256'), 'hash'],
  [named('articleHeadlinesPart'), 'headlines (per article)'],
  [inFile('/build/cache.js'), 'build cache'],
];

/** Inside `check`, the first validator module called names the check (`check rss`, `check xsd`…). */
const VALIDATOR = /\/dist\/validate\/([\w-]+)\.js$/;

function stageOf(frame: Frame, parent: string): string {
  // Also at the root: the validator's async functions resume from the microtask queue.
  if (parent === 'check' || parent === OTHER) {
    const module = VALIDATOR.exec(frame.url)?.[1];
    if (module !== undefined && module !== 'index') return `check ${module}`;
  }
  for (const [test, stage] of STAGES) if (test(frame)) return stage;
  return parent;
}

/** The stage of every node of the profile's call tree. */
export function nodeStages(profile: Profile): Map<number, string> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const stage = new Map<number, string>();
  const children = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  const pending = profile.nodes.filter((node) => !children.has(node.id)).map((node) => ({ node, parent: OTHER }));
  while (pending.length > 0) {
    const { node, parent } = pending.pop()!;
    const own = stageOf(node.callFrame, parent);
    stage.set(node.id, own);
    for (const child of node.children ?? []) {
      const next = byId.get(child);
      if (next) pending.push({ node: next, parent: own });
    }
  }
  return stage;
}

/** Milliseconds of samples per stage, largest first; idle time is left out. */
export function stagesOf(profile: Profile): { stage: string; ms: number }[] {
  const stage = nodeStages(profile);
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index++) {
    const name = stage.get(samples[index] ?? -1) ?? OTHER;
    if (name !== 'idle') totals.set(name, (totals.get(name) ?? 0) + (deltas[index] ?? 0) / 1000);
  }
  return [...totals].map(([name, ms]) => ({ stage: name, ms })).sort((a, b) => b.ms - a.ms);
}

/** Runs `work` under the sampling profiler; returns its stages. */
export async function profileStages(work: () => Promise<void>): Promise<{ stage: string; ms: number }[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    // WIREKIT_BENCH_PROFILE=file.cpuprofile keeps the profile (Chrome DevTools, /work/bench/tools/prof.mjs).
    const keep = process.env['WIREKIT_BENCH_PROFILE'];
    if (keep) writeFileSync(keep, JSON.stringify(profile));
    return stagesOf(profile as Profile);
  } finally {
    session.disconnect();
  }
}
