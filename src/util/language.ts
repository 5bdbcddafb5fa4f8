import { memoizeByKey } from './memo.js';

/**
 * Language tags. A tag is known when it is well-formed BCP 47 and its primary language
 * has a name in CLDR, so `xx` or `english` are rejected while `pt-BR` and `ar` pass.
 */
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Memoized: a build asks about the same few tags for every article. */
export const isKnownLanguage: (tag: string) => boolean = memoizeByKey(checkLanguage);

function checkLanguage(tag: string): boolean {
  if (!/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/.test(tag)) return false;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical !== tag) return false;
    const primary = canonical.split('-')[0] ?? canonical;
    return languageNames.of(primary) !== undefined;
  } catch {
    return false;
  }
}

/** RSS wants `en-us` style lowercase; most other formats keep the BCP 47 case. */
export const rssLanguage = (tag: string): string => tag.toLowerCase();

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg']);
/**
 * Writing direction of a language: the (likely) script decides, so `az-Arab` is rtl and `ar` is
 * too; an invalid tag falls back to its primary subtag. Memoized: renderers ask per element.
 */
export const directionOf: (tag: string) => 'ltr' | 'rtl' = memoizeByKey(computeDirection);

function computeDirection(tag: string): 'ltr' | 'rtl' {
  try {
    const { script } = new Intl.Locale(tag).maximize();
    if (script !== undefined) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  } catch {
    // Not a valid tag: fall back to the primary subtag.
  }
  return RTL_LANGUAGES.has(tag.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}
