import { createInstance, type i18n as I18next } from 'i18next';
import type { QuotationMarks } from './format.js';
import { memoizeByKey } from '../util/memo.js';

/**
 * One i18next instance per build, created from resources already in memory (loading them from
 * `locales/` is the build's job), so rendering stays pure and two builds never share state.
 */

/** A resource file's content: nested keys, string leaves. */
export interface ResourceTree {
  [key: string]: string | ResourceTree;
}

/** language → namespace (file name without `.json`) → keys. */
export type LocaleResources = Record<string, Record<string, ResourceTree>>;

/** The locale every other one is checked against, and the last step of every fallback chain. */
export const REFERENCE_LANGUAGE = 'en';
export const DEFAULT_NAMESPACE = 'common';

/** Labels the toolkit composes; each is a string key of `locales/<lng>/common.json`. */
export type LabelKey = 'byline' | 'updated' | 'copyright' | 'originalLanguage' | 'ellipsis' | 'continueReading' | 'home.latest' | 'home.feeds' | 'home.languages' | 'home.link';

/** Composed labels remembered per instance (a few per language, plus bylines and dates). */
const LABELS_KEPT = 4096;

/** Keys a section name may map from; section lookups never fall back to another language. */
const SECTIONS = 'sections';

export interface Localizer {
  /** Languages that have resources, sorted. */
  readonly languages: readonly string[];
  /**
   * The label `key` in `language`, `values` interpolated as they are (serializers escape).
   * Fallback chain: `language`, its base language (`pt-BR` → `pt`), then `en`.
   */
  t(language: string, key: LabelKey, values?: Readonly<Record<string, string>>): string;
  /** True when `key` resolves in `language` or its base language, without falling back to `en`. */
  has(language: string, key: string): boolean;
  /** True when `locales/` has resources for `language` or its base language. */
  supports(language: string): boolean;
  /** The name of section `name` (written in `from`) in `to`; undefined when `to` has no name for it. */
  section(name: string, from: string, to: string): string | undefined;
  quotes(language: string): QuotationMarks;
  ellipsis(language: string): string;
}

/** `pt-BR` → `['pt-BR', 'pt', 'en']`: the documented chain (i18next's `load: 'all'` adds the base). */
export function fallbackChain(language: string): string[] {
  const base = language.split('-')[0] ?? language;
  return [...new Set([language, base, REFERENCE_LANGUAGE])];
}

export function createLocalizer(resources: LocaleResources): Localizer {
  const instance: I18next = createInstance();
  const namespaces = [...new Set(Object.values(resources).flatMap((byNs) => Object.keys(byNs)))];
  void instance.init({
    resources,
    lng: REFERENCE_LANGUAGE,
    fallbackLng: [REFERENCE_LANGUAGE],
    ns: namespaces.length > 0 ? namespaces : [DEFAULT_NAMESPACE],
    defaultNS: DEFAULT_NAMESPACE,
    load: 'all',
    // Resources are in memory: initialize synchronously so `t` works as soon as this returns.
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  const sameLanguage = { fallbackLng: false } as const;
  // i18next's `t` costs ~20 µs; pages ask for the same copyright and language notes again and again.
  const labels = new Map<string, string>();
  const label = (language: string, key: string, values: Readonly<Record<string, string>> = {}): string => {
    const cacheKey = `${language}\u0000${key}\u0000${JSON.stringify(values)}`;
    let text = labels.get(cacheKey);
    if (text === undefined) {
      text = instance.t(key, { ...values, lng: language });
      // Values come from content (names, dates): start afresh rather than grow without bound.
      if (labels.size >= LABELS_KEPT) labels.clear();
      labels.set(cacheKey, text);
    }
    return text;
  };
  const has = (language: string, key: string): boolean => instance.exists(key, { lng: language, ...sameLanguage });
  const string = (language: string, key: string, fallback: string): string => {
    const value = instance.t(key, { lng: language });
    return value === key ? fallback : value;
  };
  return {
    languages: Object.keys(resources).sort(),
    t: label,
    has,
    // The language itself or its base, never the reference fallback.
    supports: (language) => fallbackChain(language).slice(0, -1).concat(language).some((code) => resources[code] !== undefined),
    section(name, from, to) {
      const wanted = name.trim().toLowerCase();
      const table = instance.t(SECTIONS, { lng: from, returnObjects: true, ...sameLanguage });
      if (typeof table !== 'object' || table === null) return undefined;
      const id = Object.entries(table as Record<string, unknown>).find(([, value]) => typeof value === 'string' && value.toLowerCase() === wanted)?.[0];
      if (id === undefined) return from === to ? name : undefined;
      const key = `${SECTIONS}.${id}`;
      return has(to, key) ? instance.t(key, { lng: to }) : undefined;
    },
    // The resources never change after init: quotes and ellipses are looked up once per language
    // (headline variants ask for an ellipsis per version of every article).
    quotes: memoizeByKey((language) =>
      Object.freeze({
        start: string(language, 'quotes.start', '“'),
        end: string(language, 'quotes.end', '”'),
        alternateStart: string(language, 'quotes.alternateStart', '‘'),
        alternateEnd: string(language, 'quotes.alternateEnd', '’'),
      }),
    ),
    ellipsis: memoizeByKey((language) => string(language, 'ellipsis', '…')),
  };
}
