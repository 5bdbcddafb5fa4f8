import { watch, type FSWatcher } from 'node:fs';
import { Builder, type BuildOptions, type BuildResult } from './build.js';

/**
 * `wirekit build --watch`: one build, then a rebuild after each burst of changes. Article changes
 * go through the incremental builder; a change to templates or locales starts a fresh one
 * (everything depends on them). Builds never overlap: changes during a build queue one more.
 */
export interface Watcher {
  close(): void;
}

/**
 * Each build takes `out/`'s lock (so a watcher and the server take turns); a rebuild that cannot
 * have it in time, or fails otherwise, goes to `onError` and the watcher carries on.
 */
export async function watchBuild(
  options: BuildOptions,
  onResult: (result: BuildResult) => void,
  debounceMs = 150,
  onError: (error: unknown) => void = (error) => {
    throw error;
  },
): Promise<Watcher> {
  let builder = await Builder.create(options);
  onResult(await builder.build());
  const { content, templates, locales } = builder.project.paths;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let fresh = false;

  const rebuild = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        if (fresh) {
          fresh = false;
          builder = await Builder.create(options);
        }
        try {
          onResult(await builder.build());
        } catch (error) {
          onError(error);
        }
      } while (again);
    })();
    await running;
    running = undefined;
  };
  const schedule = (structural: boolean) => (): void => {
    fresh ||= structural;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), debounceMs);
  };
  const watchers: FSWatcher[] = [watch(content, { recursive: true }, schedule(false))];
  for (const folder of [templates, locales]) {
    try {
      watchers.push(watch(folder, { recursive: true }, schedule(true)));
    } catch {
      // A project without locales/ has nothing to watch there.
    }
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
