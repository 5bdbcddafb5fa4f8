import type { Article } from '../article/types.js';
import type { RenderedOutput, RenderOptions } from './render.js';

/**
 * Outputs made from many articles (feeds, sitemaps, batches): each is a pure function of the
 * whole article list. Add one by appending to `COLLECTIONS`.
 */
export type CollectionRenderer = (articles: readonly Article[], options: RenderOptions) => RenderedOutput[];

export const COLLECTIONS: CollectionRenderer[] = [];

export function renderCollections(articles: readonly Article[], options: RenderOptions): RenderedOutput[] {
  return COLLECTIONS.flatMap((renderer) => renderer(articles, options));
}
