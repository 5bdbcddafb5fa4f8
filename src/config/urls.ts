/**
 * The site's URL space and `out/`: one is the other. A file with a public URL is written at that
 * URL's path relative to the site URL (`https://www.ansa.it/english/news/x.html` →
 * `out/news/x.html`; a URL ending in `/` → its `index.html`), so `out/` deploys as it is.
 * Pure functions of strings: the formats, the build and the link check all derive URLs and paths here.
 */

/** Where the files without a URL of their own go, relative to the site URL (`paths` in site.json). */
export interface SitePaths {
  /** Folder of a language's feeds (`rss.xml`, `atom.xml`, `feed.json`): `{language}` required, ends in `/`. */
  feeds: string;
  /** Home page of each language but the first (whose home is the site URL itself): `{language}` required, ends in `/`. */
  home: string;
  markdown: string;
  newsml: string;
  newsmlMessage: string;
  ninjs: string;
  sitemap: string;
  headlines: string;
}

export const DEFAULT_PATHS: Readonly<SitePaths> = {
  feeds: 'feeds/{language}/',
  home: '{language}/',
  markdown: 'markdown/{slug}.md',
  newsml: 'newsml/{slug}.xml',
  newsmlMessage: 'newsml/message.xml',
  ninjs: 'ninjs/{slug}.json',
  sitemap: 'sitemap-news.xml',
  headlines: 'headlines.json',
};

/** Read by `wirekit serve` and deploy tools; always at the root of the site. */
export const MANIFEST_FILE = 'manifest.json';

/** What each `paths` pattern must contain, and whether it names a folder. */
export const PATH_RULES: Readonly<Record<keyof SitePaths, { placeholder?: '{language}' | '{slug}'; folder: boolean }>> = {
  feeds: { placeholder: '{language}', folder: true },
  home: { placeholder: '{language}', folder: true },
  markdown: { placeholder: '{slug}', folder: false },
  newsml: { placeholder: '{slug}', folder: false },
  newsmlMessage: { folder: false },
  ninjs: { placeholder: '{slug}', folder: false },
  sitemap: { folder: false },
  headlines: { folder: false },
};

/** A path under the site URL: relative, `/`-separated, no `.`/`..` or empty segments, no query or fragment. */
export function isSitePath(value: string, folder: boolean): boolean {
  if (value.length === 0 || /[\\?#\s\0-\x1f]/.test(value) || value.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  const segments = (folder ? value.replace(/\/$/, '') : value).split('/');
  if (folder !== value.endsWith('/')) return false;
  return segments.every((segment) => segment.length > 0 && segment !== '.' && segment !== '..');
}

/** A language tag as it appears in paths and URLs: lowercase (`pt-br`). */
export const languageSegment = (language: string): string => language.toLowerCase();

export function fillPath(pattern: string, values: { language?: string; slug?: string }): string {
  let path = pattern;
  if (values.language !== undefined) path = path.replaceAll('{language}', languageSegment(values.language));
  if (values.slug !== undefined) path = path.replaceAll('{slug}', values.slug);
  return path;
}

/** Segments of unreserved characters only: a path that is its own URL form, nothing to escape or decode. */
const PLAIN_PATH = /^(?:[A-Za-z0-9._~-]+\/)*(?:[A-Za-z0-9._~-]+)?$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/** The home page of `language`: the site URL itself for the first language, `paths.home` for the others. */
export function homePath(site: { languages: readonly string[]; paths: Pick<SitePaths, 'home'> }, language: string): string {
  return language === site.languages[0] ? '' : fillPath(site.paths.home, { language });
}

export const homeUrl = (site: { url: string; languages: readonly string[]; paths: Pick<SitePaths, 'home'> }, language: string): string => siteUrlOf(site.url, homePath(site, language));

/** The absolute URL of `path` (relative to the site URL). */
export function siteUrlOf(siteUrl: string, path: string): string {
  // A plain relative path under a site URL ending in `/` is that URL with the path appended (no parse).
  if (siteUrl.endsWith('/') && PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return siteUrl + path;
  return new URL(path, siteUrl).href;
}

/**
 * The file in `out/` that serves `url`, or undefined when `url` is not under `siteUrl` (another
 * host, or above the site's path). Query and fragment name no file; a path ending in `/` is its
 * `index.html`; percent-escapes are decoded. Undefined too for a path that climbs (`..`).
 */
export function outputPathOf(url: string, siteUrl: string): string | undefined {
  // Most URLs asked about are written by wirekit itself: plain paths under the site URL.
  if (url.startsWith(siteUrl) && siteUrl.endsWith('/')) {
    const rest = url.slice(siteUrl.length).replace(/[?#].*$/s, '');
    if (PLAIN_PATH.test(rest) && !DOT_SEGMENT.test(rest)) {
      return rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest;
    }
  }
  if (!URL.canParse(url)) return undefined;
  const target = new URL(url);
  const site = new URL(siteUrl);
  const base = site.pathname.endsWith('/') ? site.pathname : `${site.pathname}/`;
  if (target.origin !== site.origin) return undefined;
  const pathname = target.pathname;
  if (!pathname.startsWith(base) && `${pathname}/` !== base) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(Math.min(base.length, pathname.length)));
  } catch {
    return undefined;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  return relative.split('/').every((segment) => segment.length > 0 && segment !== '.' && segment !== '..') ? relative : undefined;
}

/** True when the last segment of `url`'s path ends in `/` or names a file with an extension (`x.html`). */
export function isPageUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { pathname } = new URL(url);
  return pathname.endsWith('/') || /\.[A-Za-z0-9]+$/.test(pathname.slice(pathname.lastIndexOf('/') + 1));
}

/**
 * A translation's page URL, from its original's actual URL (the pattern's or an explicit `url`):
 * `.<lang>` before the extension (`x.html` → `x.it.html`), or `<lang>/` under a folder URL
 * (`x/` → `x/it/`). Query and fragment are kept off: a version is a page.
 */
export function translationUrlOf(originalUrl: string, language: string): string {
  const url = new URL(originalUrl);
  url.search = '';
  url.hash = '';
  const segment = languageSegment(language);
  if (url.pathname.endsWith('/')) url.pathname += `${segment}/`;
  else url.pathname = url.pathname.replace(/(\.[A-Za-z0-9]+)$/, `.${segment}$1`);
  return url.href;
}

/** A file beside a page, sharing its name: `x.html` → `x.jsonld`, `x/` → `x/index.jsonld`. */
export function companionUrl(pageUrl: string, extension: string): string {
  const url = new URL(pageUrl);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/')) url.pathname += `index.${extension}`;
  else url.pathname = url.pathname.replace(/\.[A-Za-z0-9]+$/, `.${extension}`);
  return url.href;
}

/** `url` moved from under `from` to under `to` (a build for another origin); other URLs as they are. */
export function rebasedUrl(url: string, from: string | undefined, to: string): string {
  return from !== undefined && from !== to && url.startsWith(from) ? to + url.slice(from.length) : url;
}
