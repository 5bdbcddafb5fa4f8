import * as v from 'valibot';
import { isValidTimeZone } from '../util/dates.js';
import { isKnownLanguage } from '../util/language.js';
import { DEFAULT_PATHS, isPageUrl, isSitePath, PATH_RULES, type SitePaths } from './urls.js';
import { isPlainText, PLAIN_TEXT_EXPECTED } from '../article/plain-text.js';

/**
 * Channel, site and publisher metadata: `templates/site.json`. Rebranding is editing that file.
 */
const absoluteUrl = v.pipe(
  v.string('an absolute http(s) URL'),
  v.check((text) => /^https?:\/\/[^\s/]+/.test(text) && URL.canParse(text), 'an absolute http(s) URL'),
);

const logoSchema = v.object({
  url: absoluteUrl,
  width: v.pipe(v.number('a width in pixels'), v.integer('a whole number of pixels'), v.minValue(1, 'a positive width')),
  height: v.pipe(v.number('a height in pixels'), v.integer('a whole number of pixels'), v.minValue(1, 'a positive height')),
});

const languageTag = v.pipe(v.string('a BCP 47 language tag'), v.check(isKnownLanguage, 'a known BCP 47 language tag such as en, it, pt-BR'));

const headlineLimit = v.pipe(v.number('a length in characters'), v.integer('a whole number of characters'), v.minValue(10, 'at least 10 characters'));

/** A feed stays well under the 5 MB the W3C Feed Validation Service and many aggregators accept. */
export const DEFAULT_FEED_MAX_BYTES = 1024 * 1024;
/** About 2,500 words of body HTML per feed item. */
export const DEFAULT_FEED_MAX_BODY_BYTES = 16 * 1024;
export const feedBytes = v.pipe(v.number('a number of bytes'), v.integer('a whole number of bytes'), v.minValue(1024, 'at least 1024 bytes'));

/** Every output wirekit writes; `formats` in the config chooses among them (default: all). */
export const OUTPUT_FORMATS = ['html', 'jsonld', 'markdown', 'newsml', 'ninjs', 'rss', 'atom', 'jsonfeed', 'sitemap', 'headlines'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const formatList = v.pipe(
  v.array(v.picklist(OUTPUT_FORMATS, `one of ${OUTPUT_FORMATS.join(', ')}`), 'a list of output formats'),
  v.minLength(1, 'at least one output format'),
);

export const siteSchema = v.object({
  name: v.pipe(v.string('the site name'), v.nonEmpty('a non-empty site name'), v.check(isPlainText, `a site name in ${PLAIN_TEXT_EXPECTED}`)),
  description: v.pipe(v.string('a description of the site'), v.nonEmpty('a non-empty description'), v.check(isPlainText, `a description in ${PLAIN_TEXT_EXPECTED}`)),
  /** Home page, with a trailing slash: out/ is this URL's space. */
  url: v.pipe(absoluteUrl, v.check((text) => URL.canParse(text) && new URL(text).pathname.endsWith('/') && !/[?#]/.test(text), 'an absolute http(s) URL ending in / (no query or fragment)')),
  language: languageTag,
  timeZone: v.pipe(v.string('an IANA time zone'), v.check(isValidTimeZone, 'an IANA time zone such as Europe/Rome')),
  /** Output languages, in order; the first is the default (`x-default`). */
  languages: v.pipe(v.array(languageTag, 'a list of language tags'), v.minLength(1, 'at least one language')),
  /**
   * Canonical URL of an article without one: `{slug}`, `{language}`, `{yyyy}`, `{mm}`, `{dd}` are filled in.
   * A translation's URL follows from its original's (`x.html` → `x.it.html`), so there is no second pattern.
   */
  articleUrl: v.pipe(
    v.string('a URL pattern'),
    v.includes('{slug}', 'a URL pattern containing {slug}'),
    v.check((pattern) => isPageUrl(pattern.replace(/\{[a-z]+\}/g, 'x')), 'a URL pattern ending in a file name with an extension ({slug}.html) or in /'),
  ),
  /** Where the files without a URL of their own are published, relative to `url` (`src/config/urls.ts`). */
  paths: v.optional(v.object(Object.fromEntries(Object.entries(PATH_RULES).map(([key, rule]) => [key, pathPattern(key as keyof SitePaths, rule)])) as { [K in keyof SitePaths]: ReturnType<typeof pathPattern> }), {}),
  /** The link check of the build: what a body link under `url` to no file of `out/` is. */
  links: v.optional(
    v.object({
      /** `warning` (default): the site may host pages wirekit does not build; `error` fails the build. */
      body: v.optional(v.picklist(['warning', 'error'], '"warning" or "error"'), 'warning'),
      /** URL prefixes under `url` served by something else (video pages, an archive): never reported. */
      notBuilt: v.optional(v.array(absoluteUrl), []),
    }),
    {},
  ),
  /**
   * Languages every story is expected in: a story with no version (nor fallback) in one of them is
   * a warning. In the other `languages`, a story simply not translated is left out with an info note.
   */
  expectedLanguages: v.optional(v.array(languageTag, 'a list of language tags'), []),
  /** Domain used in NewsML-G2 URNs and as provider id: `ansa.it`. */
  providerId: v.pipe(v.string('a domain name'), v.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a lowercase domain name such as ansa.it')),
  /** Contact e-mail for feeds (`managingEditor`/`webMaster` want an address). */
  email: v.exactOptional(v.pipe(v.string(), v.email('an e-mail address'))),
  publisher: v.object({
    name: v.pipe(v.string('the publisher name'), v.nonEmpty('a non-empty publisher name'), v.check(isPlainText, `a publisher name in ${PLAIN_TEXT_EXPECTED}`)),
    legalName: v.exactOptional(v.string()),
    /** Other spellings that copyright lines use for the publisher. */
    aliases: v.optional(v.array(v.string()), []),
    url: absoluteUrl,
    logo: logoSchema,
    sameAs: v.optional(v.array(absoluteUrl), []),
  }),
  feeds: v.optional(
    v.object({
      limit: v.optional(v.pipe(v.number(), v.integer('a whole number'), v.minValue(1, 'at least 1')), 50),
      ttl: v.optional(v.pipe(v.number(), v.integer('a whole number of minutes'), v.minValue(1)), 15),
      /** Bytes a feed file may take (UTF-8): older items are left out beyond it. */
      maxBytes: v.optional(feedBytes, DEFAULT_FEED_MAX_BYTES),
      /** Bytes of body HTML an item may carry: a longer body is cut at a block boundary, with a link to its page. */
      maxBodyBytes: v.optional(feedBytes, DEFAULT_FEED_MAX_BODY_BYTES),
    }),
    {},
  ),
  /** Headline variant limits in grapheme clusters (`src/i18n/headlines.ts`). */
  headlines: v.optional(
    v.object({
      limits: v.optional(
        v.object({
          seo: v.optional(headlineLimit, 110),
          short: v.optional(headlineLimit, 70),
          push: v.optional(headlineLimit, 50),
          social: v.optional(headlineLimit, 100),
        }),
        {},
      ),
    }),
    {},
  ),
  /**
   * Output language → languages whose version may stand in when a story has no translation in it,
   * in order. Absent (the default): the story is left out of that language's outputs, with a warning.
   */
  fallbackLanguages: v.optional(v.record(languageTag, v.array(languageTag, 'a list of language tags')), {}),
  /** Site-wide usage terms for NewsML-G2/ninjs rights, when articles give none. */
  usageTerms: v.exactOptional(v.string()),
  /** The outputs to write (`OUTPUT_FORMATS`): nothing is rendered or checked for the others. */
  formats: v.optional(formatList, [...OUTPUT_FORMATS]),
});

/** A `paths` entry: a relative path (a folder when it ends in `/`) with the placeholder it needs. */
function pathPattern(key: keyof SitePaths, rule: (typeof PATH_RULES)[keyof SitePaths]) {
  const what = `a path relative to the site URL${rule.folder ? ' ending in /' : ''}${rule.placeholder ? ` containing ${rule.placeholder}` : ''}, such as ${JSON.stringify(DEFAULT_PATHS[key])}`;
  return v.optional(
    v.pipe(
      v.string(what),
      v.check((value) => isSitePath(value, rule.folder) && (rule.placeholder === undefined || value.includes(rule.placeholder)), what),
    ),
    DEFAULT_PATHS[key],
  );
}

export type SiteConfig = v.InferOutput<typeof siteSchema> & {
  /**
   * Set by a build for another origin (`baseUrl`): the site URL the content and config were
   * written for. URLs under it (an explicit `url`) are moved under `url`.
   */
  authoredUrl?: string;
};

/** Whether the site writes `format` (`formats` in the config). */
export const writes = (site: Pick<SiteConfig, 'formats'>, format: OutputFormat): boolean => site.formats.includes(format);
