import type { Article } from '../article/types.js';
import { writes } from '../config/site.js';
import { NEWSML_MEDIA_TYPES } from './newsml.js';
import { newsMessageXml } from './newsml-message.js';
import { renderFeeds, withFeedSelections } from './feeds.js';
import { headlinesDocument } from '../i18n/report.js';
import { renderHomePages } from './home.js';
import { uniqueDiagnostics, type Diagnostic } from '../util/diagnostics.js';
import type { CollectionResult, RenderedOutput, RenderOptions } from './output.js';

/**
 * Outputs made from many articles (feeds, sitemaps, batches): each is a pure function of the
 * whole article list. Add one by appending to `COLLECTIONS`. Diagnostics (e.g. an article left
 * out of a language's feed) are reported by the build like any other.
 */
export type { CollectionResult } from './output.js';

export type CollectionRenderer = (articles: readonly Article[], options: RenderOptions) => CollectionResult;

export const COLLECTIONS: CollectionRenderer[] = [
  // RSS, Atom and JSON Feed per language, and the Google News sitemap.
  renderFeeds,
  // NewsML-G2: one newsMessage, the transmission of the most recently changed items.
  (articles, { site }) => {
    if (!writes(site, 'newsml')) return { outputs: [] };
    const content = newsMessageXml(latestChanged(articles, site.feeds.limit), { site });
    return { outputs: content === undefined ? [] : [{ path: site.paths.newsmlMessage, mediaType: NEWSML_MEDIA_TYPES.message, content }] };
  },
  // headlines.json: every article × language × headline variant; warns for stories left out of a language.
  (articles, { site, localizer, headlinesPartOf }) => {
    if (!writes(site, 'headlines')) return { outputs: [] };
    const { content, diagnostics } = headlinesDocument(articles, site, localizer, headlinesPartOf);
    return { outputs: [{ path: site.paths.headlines, mediaType: 'application/json', content }], diagnostics };
  },
  // A home page per language (the site URL itself for the first): the newest stories and the feeds.
  renderHomePages,
  // templates/static/: the template's stylesheet, images and other files, copied as they are (for the pages).
  (_articles, { site, staticFiles }) => ({ outputs: writes(site, 'html') ? [...(staticFiles ?? [])] : [] }),
];

/**
 * The `limit` most recently modified articles (ties: id), newest first. A message is a
 * transmission, not the archive: with every item, 10,000 stories made an 85 MB document that no
 * validator (ours included, at 32 MB) or partner would take.
 */
export function latestChanged(articles: readonly Article[], limit: number): Article[] {
  // One pass keeping the newest `limit` in order, rather than a sort of the archive at every
  // publish (10,000 entries made and sorted to keep 50).
  const kept: Article[] = [];
  const before = (a: Article, b: Article): boolean => a.modifiedMs > b.modifiedMs || (a.modifiedMs === b.modifiedMs && a.id < b.id);
  for (const article of articles) {
    const last = kept[kept.length - 1];
    if (kept.length >= limit && (!last || !before(article, last))) continue;
    let at = kept.length;
    while (at > 0 && before(article, kept[at - 1]!)) at--;
    kept.splice(at, 0, article);
    if (kept.length > limit) kept.pop();
  }
  return kept;
}

/** Every collection, in `COLLECTIONS` order; `onRendered` sees each one's outputs as soon as they exist. */
export function renderCollections(articles: readonly Article[], options: RenderOptions, onRendered?: (outputs: RenderedOutput[]) => void): Required<CollectionResult> {
  const outputs: RenderedOutput[] = [];
  const diagnostics: Diagnostic[] = [];
  const shared = withFeedSelections(articles, options);
  for (const renderer of COLLECTIONS) {
    const result = renderer(articles, shared);
    onRendered?.(result.outputs);
    outputs.push(...result.outputs);
    for (const diagnostic of result.diagnostics ?? []) diagnostics.push(diagnostic);
  }
  // Several collections report the same problem (a story missing from a language): once is enough.
  return { outputs, diagnostics: uniqueDiagnostics(diagnostics) };
}
