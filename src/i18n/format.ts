import { memoizeByKey } from '../util/memo.js';

/**
 * Locale conventions through Intl, always in an explicit time zone (never the machine's).
 * Pure; formatters are cached per (locale, zone).
 */

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Style of dates the toolkit shows: CLDR's long date and short time (`13 febbraio 2025 alle ore 10:32`). */
export const DATE_TIME_STYLE = { dateStyle: 'long', timeStyle: 'short' } as const satisfies Intl.DateTimeFormatOptions;

/** `ms` (epoch milliseconds) as readers of `language` write a date and time, in `timeZone`. */
export function formatDateTime(ms: number, language: string, timeZone: string): string {
  const key = `${language}\u0000${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { ...DATE_TIME_STYLE, timeZone });
    dateTimeFormats.set(key, format);
  }
  return format.format(ms);
}

/** Names joined the way `language` lists them (`A, B and C`, `A, B e C`, `A وB وC`). */
export function formatList(items: readonly string[], language: string): string {
  return listFormat(language).format(items);
}

// Intl objects are costly to build and immutable: one per language (a build asks per article).
const listFormat = memoizeByKey((language) => new Intl.ListFormat(language, { type: 'conjunction', style: 'long' }));
const displayNames = memoizeByKey((inLanguage) => new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'code' }));

/** The name of `language` in `inLanguage` (`inglese`, `الإنجليزية`), or the tag when CLDR has none. */
export function languageName(language: string, inLanguage: string): string {
  return languageNames(`${inLanguage}\u0000${language}`);
}

const languageNames = memoizeByKey((key) => {
  const [inLanguage = '', language = ''] = key.split('\u0000');
  return displayNames(inLanguage).of(language) ?? language;
});

/** CLDR `delimiters` of a locale: `quotationStart`/`End` and the alternate (nested) pair. */
export interface QuotationMarks {
  start: string;
  end: string;
  alternateStart: string;
  alternateEnd: string;
}

/** `text` between the locale's quotation marks; `nested` uses the alternate pair (a quote in a quote). */
export function quote(text: string, marks: QuotationMarks, nested = false): string {
  return nested ? `${marks.alternateStart}${text}${marks.alternateEnd}` : `${marks.start}${text}${marks.end}`;
}
