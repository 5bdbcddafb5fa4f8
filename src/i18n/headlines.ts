import type { HeadlineVariantName, HeadlineVariantsGiven } from '../article/types.js';
import { graphemeLength, truncate } from './truncate.js';

/**
 * Headline variants of one article in one language. Pure: the same headline, language, limits
 * and given variants always give the same variants. NewsML-G2 headline roles, feeds and
 * `out/headlines.json` all read them from here.
 */

export const HEADLINE_VARIANT_NAMES = ['seo', 'short', 'push', 'social'] as const satisfies readonly HeadlineVariantName[];

/** Maximum length of each variant, in grapheme clusters. */
export type HeadlineLimits = Readonly<Record<HeadlineVariantName, number>>;

/** seo: search result titles; short: teasers and cards; push: lock-screen alerts; social: link previews. */
export const DEFAULT_HEADLINE_LIMITS: HeadlineLimits = { seo: 110, short: 70, push: 50, social: 100 };

/** `given`: written by the editor (front matter); `computed`: cut from the headline by the toolkit. */
export type HeadlineVariantSource = 'given' | 'computed';

export interface HeadlineVariant {
  value: string;
  /** Length of `value` in grapheme clusters. */
  length: number;
  source: HeadlineVariantSource;
  /** The limit that applied; a given variant may exceed it (the editor's choice wins). */
  limit?: number;
}

/** `headline` is the editor's full headline; the others are its variants. */
export type HeadlineVariants = Readonly<Record<'headline' | HeadlineVariantName, HeadlineVariant>>;

export interface HeadlineVariantOptions {
  /** The locale's ellipsis (from `locales/<lng>`); CLDR's `…` when not given. */
  ellipsis?: string;
}

/**
 * Every variant of `text` (the headline in `language`): an editor-given variant wins over a
 * computed one; a computed one is `text` itself when it fits, else a cut on a word boundary
 * with the ellipsis, within its limit.
 */
export function headlineVariants(
  text: string,
  language: string,
  limits: HeadlineLimits = DEFAULT_HEADLINE_LIMITS,
  given: HeadlineVariantsGiven = {},
  options: HeadlineVariantOptions = {},
): HeadlineVariants {
  const variant = (name: HeadlineVariantName): HeadlineVariant => {
    const limit = limits[name];
    const editor = given[name];
    if (editor !== undefined) return { value: editor, length: graphemeLength(editor, language), source: 'given', limit };
    const cut = truncate(text, limit, { locale: language, ...(options.ellipsis !== undefined ? { ellipsis: options.ellipsis } : {}) });
    return { value: cut.value, length: cut.length, source: 'computed', limit };
  };
  return {
    headline: { value: text, length: graphemeLength(text, language), source: 'given' },
    seo: variant('seo'),
    short: variant('short'),
    push: variant('push'),
    social: variant('social'),
  };
}

/** Given variants longer than their limit (reported as warnings by the build). */
export function variantsOverLimit(variants: HeadlineVariants): HeadlineVariantName[] {
  return HEADLINE_VARIANT_NAMES.filter((name) => {
    const { length, limit } = variants[name];
    return limit !== undefined && length > limit;
  });
}
