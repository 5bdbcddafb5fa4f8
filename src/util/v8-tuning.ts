import { setFlagsFromString } from 'node:v8';

/**
 * V8's budget for inlining into one optimized function, lowered for a build process. A build
 * runs ~450 functions hot enough for TurboFan in each of its two isolates (the main thread and the
 * worker), and on two busy cores their background compiles took ~2.7 s of a 10,000-article
 * build's ~14 s of CPU. With half the default cumulative budget (920 bytes of bytecode) the
 * compiles are smaller and the build used ~4 % less CPU and time; the floor (remark parsing,
 * single thread) was unchanged by it. Inlining limits are read by each compile job, so setting
 * them after start-up is safe (GC flags are not: they are fixed when the heap is set up).
 */
export const BUILD_V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=460'] as const;

/**
 * Applies `BUILD_V8_FLAGS` to this process: `wirekit build` and the bench's build tasks call it.
 * V8 flags are per process, so a library never sets them for its host: a CMS that builds large
 * sites in a process of its own may call this itself.
 */
export function tuneV8ForBuilds(): void {
  for (const flag of BUILD_V8_FLAGS) setFlagsFromString(flag);
}
