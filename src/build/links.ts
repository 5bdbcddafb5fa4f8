import type { EditorLink } from '../article/links.js';
import { writes, type SiteConfig } from '../config/site.js';
import { outputPathOf, siteUrlOf } from '../config/urls.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { placesIn, relativeHtmlLinks, startTags, urlsWithPrefix, type PlaceOf } from '../util/link-scan.js';
import { MEDIA_TYPES, type RenderedOutput } from '../formats/article-formats.js';

/**
 * The build's link check: every URL under the site URL that an output announces (canonical,
 * hreflang, feed links and self links, sitemap `<loc>`, JSON-LD `url`/`@id`, NewsML-G2 and ninjs
 * links, the templates' links and assets) must be a file of the new out/; hreflang sets must be
 * reciprocal. URLs outside the site URL are never fetched. A link an editor wrote (`EditorLink`)
 * to no file of out/ is reported at its place in the article instead (a warning by default:
 * the site may host pages wirekit does not build).
 */

/** A URL under the site URL that an output links to, and where (the first place per output path). */
export interface LinkRef {
  url: string;
  /** The file of out/ that would serve it. */
  path: string;
  /** The output that links to it (`out/…`), and where. */
  file: string;
  line: number;
  column: number;
}

/** What the check needs of one article, kept by the incremental build with its outputs. */
export interface ArticleLinks {
  /** Links to files other than the article's own outputs (those are checked at once). */
  refs: LinkRef[];
  editor: readonly EditorLink[];
}

const shownPath = (path: string): string => `out/${path}`;

/** Every URL under the site URL in `output`: every absolute URL in its text, and in a page its relative links and assets, resolved. */
export function siteLinksIn(output: RenderedOutput, siteUrl: string): { url: string; offset: number }[] {
  const isHtml = output.mediaType === MEDIA_TYPES.html;
  if (!isHtml && !output.content.includes(siteUrl)) return [];
  if (!isHtml) return urlsWithPrefix(output.content, siteUrl);
  // A page's JSON-LD block is its .jsonld file's text, scanned there: the page's own links are the rest.
  const content = output.content;
  const script = content.indexOf('<script type="application/ld+json">');
  const end = script === -1 ? -1 : content.indexOf('</script>', script);
  const parts = end === -1 ? [{ text: content, at: 0 }] : [{ text: content.slice(0, script), at: 0 }, { text: content.slice(end), at: end }];
  const found: { url: string; offset: number }[] = [];
  const pageUrl = pageUrlOf(output.path, siteUrl);
  for (const { text, at } of parts) {
    for (const link of urlsWithPrefix(text, siteUrl)) found.push({ url: link.url, offset: link.offset + at });
    for (const link of relativeHtmlLinks(text, pageUrl, siteUrl)) found.push({ url: link.url, offset: link.offset + at });
  }
  return found;
}

/** The URL a file of out/ is served at (`x/index.html` → `x/`). */
const pageUrlOf = (path: string, siteUrl: string): string => siteUrlOf(siteUrl, path.replace(/(^|\/)index\.html$/, '$1'));

/**
 * An article's links: those to its own outputs are checked here (canonical, hreflang, JSON-LD
 * `@id`: they are most links), the rest kept as `refs` for the build's check once out/ is known;
 * its pages' hreflang sets are checked against each other.
 */
export function articleLinks(outputs: readonly RenderedOutput[], editor: readonly EditorLink[], site: SiteConfig): { links: ArticleLinks; diagnostics: Diagnostic[] } {
  const own = new Set(outputs.map((output) => output.path));
  const refs: LinkRef[] = [];
  const seen = new Set<string>();
  for (const output of outputs) {
    const placeOf = placesIn(output.content);
    for (const found of siteLinksIn(output, site.url)) {
      const path = outputPathOf(found.url, site.url);
      if (path === undefined || own.has(path) || seen.has(path)) continue;
      seen.add(path);
      refs.push({ url: found.url, path, file: shownPath(output.path), ...placeOf(found.offset) });
    }
  }
  return { links: { refs, editor }, diagnostics: hreflangFindings(outputs, site.url) };
}

/** The links of outputs made from many articles (feeds, sitemap, home pages), every place kept. */
export function collectionLinks(outputs: readonly RenderedOutput[], site: SiteConfig): LinkRef[] {
  const refs: LinkRef[] = [];
  for (const output of outputs) {
    const placeOf = placesIn(output.content);
    for (const found of siteLinksIn(output, site.url)) {
      const path = outputPathOf(found.url, site.url);
      if (path !== undefined) refs.push({ url: found.url, path, file: shownPath(output.path), ...placeOf(found.offset) });
    }
  }
  return refs;
}

interface PageLinks {
  path: string;
  lang: string;
  placeOf: PlaceOf;
  canonical: { href: string; offset: number }[];
  alternates: { hreflang: string; href: string; path: string | undefined; offset: number }[];
}

/** The `<html>` and `<link>` start tags of a page's head (JSON-LD in it has every `<` escaped). */
const HEAD_TAG = /<(?:html|link)\b[^>]*>/gi;

function pageLinks(output: RenderedOutput, siteUrl: string): PageLinks {
  const page: PageLinks = { path: output.path, lang: '', placeOf: placesIn(output.content), canonical: [], alternates: [] };
  const content = output.content;
  const bodyAt = content.search(/<body\b/i);
  const head = bodyAt === -1 ? content : content.slice(0, bodyAt);
  for (const match of head.matchAll(HEAD_TAG)) {
    const [tag] = startTags(match[0]);
    if (!tag) continue;
    const offset = match.index;
    if (tag.name === 'html') {
      page.lang = tag.attributes.get('lang')?.value ?? '';
      continue;
    }
    const rel = (tag.attributes.get('rel')?.value ?? '').toLowerCase().split(/\s+/);
    const href = tag.attributes.get('href')?.value ?? '';
    const hreflang = tag.attributes.get('hreflang')?.value;
    if (rel.includes('canonical')) page.canonical.push({ href, offset });
    else if (rel.includes('alternate') && hreflang !== undefined && !tag.attributes.has('type')) {
      page.alternates.push({ hreflang, href, path: outputPathOf(href, siteUrl), offset });
    }
  }
  return page;
}

/**
 * Canonical and hreflang of a group of pages that are versions of one another (an article's, or
 * the home pages): each page's canonical is its own URL; each hreflang set lists the page itself
 * under its own `lang`, has one `x-default`, and every version it lists lists the same set back.
 */
export function hreflangFindings(outputs: readonly RenderedOutput[], siteUrl: string): Diagnostic[] {
  const pages = outputs.filter((output) => output.mediaType === MEDIA_TYPES.html).map((output) => pageLinks(output, siteUrl));
  const byPath = new Map(pages.map((page) => [page.path, page]));
  const setOf = (page: PageLinks): string => page.alternates.map((link) => `${link.hreflang.toLowerCase()} ${link.path ?? link.href}`).sort().join('\n');
  const diagnostics: Diagnostic[] = [];
  const report = (page: PageLinks, offset: number, ruleId: string, message: string, expected: string, actual: string): void => {
    diagnostics.push({ file: shownPath(page.path), ...page.placeOf(offset), severity: 'error', ruleId, message, expected, actual });
  };
  for (const page of pages) {
    const ownUrl = pageUrlOf(page.path, siteUrl);
    const canonical = page.canonical[0];
    if (page.canonical.length !== 1 || !canonical || outputPathOf(canonical.href, siteUrl) !== page.path) {
      const found = page.canonical.map((link) => link.href).join(', ') || 'none';
      report(page, canonical?.offset ?? 0, 'link-canonical', `The page's canonical link must be its own URL ${ownUrl}, found ${found}`, ownUrl, found);
    }
    if (page.alternates.length === 0) continue;
    const first = page.alternates[0]?.offset ?? 0;
    if (!page.alternates.some((link) => link.path === page.path && link.hreflang.toLowerCase() === page.lang.toLowerCase())) {
      report(page, first, 'hreflang-self', `The hreflang set must list the page itself (${ownUrl}) under its lang "${page.lang}"`, `hreflang="${page.lang}" href="${ownUrl}"`, 'none');
    }
    const defaults = page.alternates.filter((link) => link.hreflang.toLowerCase() === 'x-default');
    if (defaults.length !== 1) report(page, defaults[1]?.offset ?? first, 'hreflang-x-default', `The hreflang set must have one x-default, found ${defaults.length}`, 'one x-default', String(defaults.length));
    // Each version of the group is listed (a page left out of every set would pass the reciprocity test).
    for (const other of pages) {
      if (other !== page && !page.alternates.some((link) => link.path === other.path && link.hreflang.toLowerCase() !== 'x-default')) {
        const url = pageUrlOf(other.path, siteUrl);
        report(page, first, 'hreflang-missing', `The hreflang set leaves out the version ${url}${other.lang ? ` (${other.lang})` : ''}`, `hreflang="${other.lang}" href="${url}"`, 'none');
      }
    }
    const mine = setOf(page);
    for (const link of page.alternates) {
      const other = link.path === undefined ? undefined : byPath.get(link.path);
      if (!other || other === page) continue;
      if (setOf(other) !== mine) {
        report(page, link.offset, 'hreflang-reciprocal', `${link.href} (hreflang="${link.hreflang}") does not list the same hreflang set back`, 'the same set on every version', `out/${other.path} lists another set`);
      }
    }
  }
  return diagnostics;
}

/** At most this many places are shown per missing file; the rest are counted. */
const PLACES_SHOWN = 10;

export interface LinkCheckInput {
  site: SiteConfig;
  /** Every file of the new out/. */
  present: PathsPresent;
  /** Links of outputs to files outside their article. */
  refs: Iterable<LinkRef>;
  /** Each article's editor links, with the file diagnostics show for it. */
  editor: Iterable<{ shown: string; links: readonly EditorLink[] }>;
}

/** Whether out/ will hold a path (a set, or the build's index of outputs). */
export interface PathsPresent {
  has(path: string): boolean;
}

/** The build's verdict on links: errors for announced URLs with no file, the body-link rule for editors' links. */
export function checkLinks({ site, present, refs, editor }: LinkCheckInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const editorPaths = new Set<string>();
  for (const { shown, links } of editor) diagnostics.push(...editorLinkFindings(shown, links, site, present, editorPaths));
  const missing = new Map<string, LinkRef[]>();
  for (const ref of refs) {
    if (present.has(ref.path) || editorPaths.has(ref.path) || notBuilt(site, ref.url, ref.path)) continue;
    const places = missing.get(ref.path) ?? [];
    places.push(ref);
    missing.set(ref.path, places);
  }
  for (const [path, places] of missing) {
    for (const ref of places.slice(0, PLACES_SHOWN)) {
      diagnostics.push({
        file: ref.file,
        line: ref.line,
        column: ref.column,
        severity: 'error',
        ruleId: 'link-missing',
        message: `Links to ${ref.url}, which the build does not write (expected out/${path})`,
        expected: `a file out/${path}`,
        actual: 'none',
      });
    }
    const rest = places.length - PLACES_SHOWN;
    const last = places[PLACES_SHOWN];
    if (rest > 0 && last) {
      diagnostics.push({ file: last.file, line: last.line, column: last.column, severity: 'error', ruleId: 'link-missing', message: `…and ${rest} more link${rest === 1 ? '' : 's'} to ${last.url}`, expected: `a file out/${path}`, actual: 'none' });
    }
  }
  return diagnostics;
}

/** Served from elsewhere: under a `links.notBuilt` prefix, or a page of a site that leaves pages out of `formats` (its own CMS serves them). */
const notBuilt = (site: SiteConfig, url: string, path: string): boolean => (!writes(site, 'html') && path.endsWith('.html')) || site.links.notBuilt.some((prefix) => url.startsWith(prefix));

/** The body-link rule for one article's editor links: each to a path under the site URL that out/ will not hold; `named` collects the paths they name. */
function editorLinkFindings(shown: string, links: readonly EditorLink[], site: SiteConfig, present: PathsPresent, named?: Set<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const link of links) {
    const path = outputPathOf(link.url, site.url);
    if (path !== undefined) named?.add(path);
    if (path === undefined || present.has(path) || notBuilt(site, link.url, path)) continue;
    diagnostics.push({
      file: shown,
      line: link.line,
      column: link.column,
      severity: site.links.body,
      ruleId: 'link-body-missing',
      message: `Link to ${link.url}: under the site URL, but wirekit builds no such page (out/${path}); if the site serves it from elsewhere, list its prefix in links.notBuilt`,
      expected: `a file out/${path}`,
      actual: 'none',
    });
  }
  return diagnostics;
}

interface CheckedArticle {
  shown: string;
  links: ArticleLinks;
  /** Every path its links name, and those its editor links name. */
  paths: Set<string>;
  editorPaths: Set<string>;
  diagnostics: Diagnostic[];
  /** Its refs to paths out/ will not hold (an error, unless an editor link names the same path). */
  missing: number;
}

/**
 * The link check kept article by article: an article is checked again when it changes or when a
 * path its links name appears or disappears, not at every build (70,000 editor links at 10,000
 * articles were ~0.1 s of each publish). When any ref is missing, `check` says so and the build
 * runs `checkLinks` in full for the exact errors.
 */
export class LinkIndex {
  private readonly articles = new Map<string, CheckedArticle>();
  /** out/ path → the articles whose links name it. */
  private readonly referrers = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  /** Paths whose being named by an editor link changed: refs to them are judged again. */
  private readonly renamed = new Set<string>();
  /** out/ path → how many articles' editor links name it (a ref to such a path is the editor link's warning, not an error). */
  private readonly editorNamed = new Map<string, number>();
  private missing = 0;

  constructor(private readonly site: SiteConfig) {}

  /** An article's links, checked at the next `check`. */
  set(file: string, shown: string, links: ArticleLinks): void {
    this.delete(file);
    const paths = new Set<string>();
    const editorPaths = new Set<string>();
    for (const ref of links.refs) paths.add(ref.path);
    for (const link of links.editor) {
      const path = outputPathOf(link.url, this.site.url);
      if (path !== undefined) editorPaths.add(path);
    }
    for (const path of editorPaths) {
      paths.add(path);
      const count = (this.editorNamed.get(path) ?? 0) + 1;
      this.editorNamed.set(path, count);
      if (count === 1) this.renamed.add(path);
    }
    this.articles.set(file, { shown, links, paths, editorPaths, diagnostics: [], missing: 0 });
    for (const path of paths) {
      const set = this.referrers.get(path) ?? new Set<string>();
      set.add(file);
      this.referrers.set(path, set);
    }
    this.dirty.add(file);
  }

  delete(file: string): void {
    const known = this.articles.get(file);
    if (!known) return;
    this.missing -= known.missing;
    for (const path of known.paths) {
      const set = this.referrers.get(path);
      set?.delete(file);
      if (set?.size === 0) this.referrers.delete(path);
    }
    for (const path of known.editorPaths) {
      const count = (this.editorNamed.get(path) ?? 0) - 1;
      if (count > 0) this.editorNamed.set(path, count);
      else {
        this.editorNamed.delete(path);
        this.renamed.add(path);
      }
    }
    this.articles.delete(file);
    this.dirty.delete(file);
  }

  clear(): void {
    this.articles.clear();
    this.referrers.clear();
    this.dirty.clear();
    this.renamed.clear();
    this.editorNamed.clear();
    this.missing = 0;
  }

  /** Each article's findings as of the last `check`, by source file (the arrays are replaced, never changed). */
  findings(): ReadonlyMap<string, readonly Diagnostic[]> {
    return new Map([...this.articles].map(([file, known]) => [file, known.diagnostics]));
  }

  /** A link to `path` is an editor's (its warning is the body-link rule's), not a missing output. */
  readonly editorLinked = (path: string): boolean => this.editorNamed.has(path);

  /**
   * The articles' findings against `present`, after `toggled` paths appeared or disappeared:
   * the editor-link warnings, and whether any ref of an article names a path out/ will not hold.
   */
  check(present: PathsPresent, toggled: Iterable<string>): { diagnostics: Diagnostic[]; refsMissing: boolean } {
    for (const path of [...toggled, ...this.renamed]) for (const file of this.referrers.get(path) ?? []) this.dirty.add(file);
    this.renamed.clear();
    for (const file of this.dirty) {
      const known = this.articles.get(file);
      if (!known) continue;
      this.missing -= known.missing;
      known.diagnostics = editorLinkFindings(known.shown, known.links.editor, this.site, present);
      known.missing = known.links.refs.filter((ref) => !present.has(ref.path) && !this.editorLinked(ref.path) && !notBuilt(this.site, ref.url, ref.path)).length;
      this.missing += known.missing;
    }
    this.dirty.clear();
    const diagnostics: Diagnostic[] = [];
    for (const known of this.articles.values()) for (const item of known.diagnostics) diagnostics.push(item);
    return { diagnostics, refsMissing: this.missing > 0 };
  }
}

/** The paths under the site URL that outputs made from many articles link to (no places: `collectionLinks` gives them when one is missing). */
export function collectionPaths(outputs: readonly RenderedOutput[], site: SiteConfig): { url: string; path: string }[] {
  const found: { url: string; path: string }[] = [];
  for (const output of outputs) {
    for (const link of siteLinksIn(output, site.url)) {
      const path = outputPathOf(link.url, site.url);
      if (path !== undefined) found.push({ url: link.url, path });
    }
  }
  return found;
}

/** Whether any of these links names a path out/ will not hold (not one an editor link names, nor one the site serves from elsewhere). */
export function anyMissing(links: Iterable<{ url: string; path: string }>, site: SiteConfig, present: PathsPresent, editorLinked: (path: string) => boolean): boolean {
  for (const link of links) if (!present.has(link.path) && !editorLinked(link.path) && !notBuilt(site, link.url, link.path)) return true;
  return false;
}
