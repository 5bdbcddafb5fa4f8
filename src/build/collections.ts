import type { Article } from '../article/types.js';
import type { Diagnostic } from '../util/diagnostics.js';
import type { RenderedOutput, RenderOptions } from './render.js';

/**
 * Outputs made from many articles (feeds, sitemaps, batches): each is a pure function of the
 * whole article list. Add one by appending to `COLLECTIONS`. Diagnostics (e.g. an article left
 * out of a language's feed) are reported by the build like any other.
 */
export interface CollectionResult {
  outputs: RenderedOutput[];
  diagnostics?: Diagnostic[];
}

export type CollectionRenderer = (articles: readonly Article[], options: RenderOptions) => CollectionResult;

export const COLLECTIONS: CollectionRenderer[] = [];

export function renderCollections(articles: readonly Article[], options: RenderOptions): Required<CollectionResult> {
  const outputs: RenderedOutput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const renderer of COLLECTIONS) {
    const result = renderer(articles, options);
    outputs.push(...result.outputs);
    diagnostics.push(...(result.diagnostics ?? []));
  }
  return { outputs, diagnostics };
}
