import * as v from 'valibot';
import { isPageUrl } from '../config/urls.js';
import { isKnownLanguage } from '../util/language.js';

/**
 * The front-matter schema. Messages are written as what was expected, so a diagnostic reads
 * "Field `slug`: expected a slug of …, found …". Dates stay strings here: they are checked
 * (offset, calendar) in `parse.ts`, where the configured time zone is known.
 */
const text = (what: string) => v.pipe(v.string(what), v.trim(), v.nonEmpty(`${what} (not empty)`));

const absoluteUrl = (what: string) =>
  v.pipe(
    v.string(what),
    v.check((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), what),
  );

const dateTime = v.string('an ISO 8601 date-time such as 2025-02-13T09:41:00+01:00');

const languageTag = v.pipe(
  v.string('a BCP 47 language tag'),
  v.check(isKnownLanguage, 'a known BCP 47 language tag such as en, it, pt-BR, ar'),
);

const wikidataId = v.pipe(v.string('a Wikidata id'), v.regex(/^Q[1-9]\d*$/, 'a Wikidata id such as Q7747'));

const positiveInteger = (what: string) => v.pipe(v.number(what), v.integer(what), v.minValue(1, what));

const variantsSchema = v.object({
  seo: v.exactOptional(text('an SEO headline')),
  short: v.exactOptional(text('a short headline')),
  push: v.exactOptional(text('a push-notification headline')),
  social: v.exactOptional(text('a social-media headline')),
});

const personSchema = v.union(
  [
    text('a name'),
    v.object({
      name: text('a name'),
      email: v.exactOptional(v.pipe(v.string(), v.email('an e-mail address'))),
      url: v.exactOptional(absoluteUrl('an absolute http(s) URL')),
    }),
  ],
  'a name, or a mapping with name, email and url',
);

export const frontMatterSchema = v.object({
  id: v.exactOptional(v.pipe(v.string('an absolute URI'), v.regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'an absolute URI such as urn:newsml:ansa.it:20250213:trump-putin'))),
  slug: v.pipe(
    v.string('a slug'),
    v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug of lowercase letters, digits and single hyphens (no "/", "." or spaces)'),
    v.maxLength(120, 'a slug of at most 120 characters'),
  ),
  version: v.optional(positiveInteger('a version number (1, 2, …)'), 1),
  language: languageTag,
  headline: text('a headline'),
  alternativeHeadline: v.exactOptional(text('an alternative headline')),
  description: text('a standfirst (description)'),
  // The page's URL is its path in out/: a file name with an extension, or a folder (its index.html).
  url: v.exactOptional(v.pipe(absoluteUrl('an absolute http(s) URL'), v.check(isPageUrl, 'a page URL ending in a file name with an extension (.html) or in /'))),
  datePublished: dateTime,
  dateModified: v.exactOptional(dateTime),
  dateCreated: v.exactOptional(dateTime),
  embargoed: v.exactOptional(dateTime),
  pubStatus: v.optional(v.picklist(['usable', 'withheld', 'canceled'], 'one of usable, withheld, canceled'), 'usable'),
  signal: v.exactOptional(v.picklist(['update', 'correction'], 'one of update, correction')),
  editorialNote: v.exactOptional(text('an editorial note')),
  dateline: v.exactOptional(
    v.union(
      [text('a place'), v.object({ place: text('a place'), wikidata: v.exactOptional(wikidataId) })],
      'a place name, or a mapping with place and wikidata',
    ),
  ),
  credit: v.exactOptional(text('a credit line')),
  authors: v.optional(v.array(personSchema, 'a list of authors'), []),
  section: v.exactOptional(text('a section name')),
  genre: v.exactOptional(text('a genre')),
  urgency: v.exactOptional(v.pipe(v.number('an urgency from 1 to 9'), v.integer('an urgency from 1 to 9'), v.minValue(1, 'an urgency from 1 to 9'), v.maxValue(9, 'an urgency from 1 to 9'))),
  keywords: v.optional(v.array(text('a keyword'), 'a list of keywords'), []),
  subjects: v.optional(
    v.array(
      v.object({
        code: v.pipe(v.string('a Media Topic QCode'), v.regex(/^medtop:\d{8}$/, 'an IPTC Media Topic QCode such as medtop:11000000')),
        name: text('the Media Topic label'),
        broader: v.exactOptional(v.pipe(v.string(), v.regex(/^medtop:\d{8}$/, 'an IPTC Media Topic QCode'))),
      }),
      'a list of subjects',
    ),
    [],
  ),
  entities: v.optional(
    v.array(
      v.object({
        type: v.picklist(['person', 'organisation', 'place'], 'one of person, organisation, place'),
        name: text('a name'),
        wikidata: wikidataId,
        role: v.optional(v.picklist(['about', 'mentions'], 'one of about, mentions'), 'mentions'),
      }),
      'a list of entities',
    ),
    [],
  ),
  image: v.exactOptional(
    v.object({
      url: absoluteUrl('an absolute http(s) URL'),
      width: v.exactOptional(positiveInteger('a width in pixels')),
      height: v.exactOptional(positiveInteger('a height in pixels')),
      type: v.exactOptional(v.pipe(v.string(), v.regex(/^image\/[a-z0-9.+-]+$/, 'an image media type such as image/jpeg'))),
      length: v.exactOptional(positiveInteger('a size in bytes')),
      caption: v.exactOptional(text('a caption')),
      credit: v.exactOptional(text('a credit')),
    }),
  ),
  isAccessibleForFree: v.optional(v.boolean('true or false'), true),
  copyright: v.exactOptional(
    v.object({
      holder: v.exactOptional(text('the copyright holder')),
      url: v.exactOptional(absoluteUrl('an absolute http(s) URL')),
      notice: v.exactOptional(text('a copyright notice')),
      year: v.exactOptional(v.pipe(v.number('a year'), v.integer('a year'), v.minValue(1800, 'a four-digit year'), v.maxValue(9999, 'a four-digit year'))),
      usageTerms: v.exactOptional(text('usage terms')),
    }),
  ),
  headlineVariants: v.optional(variantsSchema, {}),
  translations: v.optional(
    v.record(
      languageTag,
      v.object({
        headline: text('a translated headline'),
        description: v.exactOptional(text('a translated standfirst')),
        headlineVariants: v.optional(variantsSchema, {}),
      }),
      'a mapping from language tag to translation',
    ),
    {},
  ),
  /** `markdown` (default), or `text`: plain wire copy where every line is a paragraph. */
  bodyFormat: v.optional(v.picklist(['markdown', 'text'], 'one of markdown, text'), 'markdown'),
});

export type FrontMatter = v.InferOutput<typeof frontMatterSchema>;

/** Field order of normalised front matter (and of the README reference). */
export const FRONT_MATTER_ORDER = Object.keys(frontMatterSchema.entries) as (keyof FrontMatter)[];
