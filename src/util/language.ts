/**
 * Language tags. A tag is known when it is well-formed BCP 47 and its primary language
 * has a name in CLDR, so `xx` or `english` are rejected while `pt-BR` and `ar` pass.
 */
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

const knownLanguages = new Map<string, boolean>();

/** Memoized: a build asks about the same few tags for every article. */
export function isKnownLanguage(tag: string): boolean {
  let known = knownLanguages.get(tag);
  if (known === undefined) {
    known = checkLanguage(tag);
    if (knownLanguages.size < 1024) knownLanguages.set(tag, known);
  }
  return known;
}

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
const directions = new Map<string, 'ltr' | 'rtl'>();

/**
 * Writing direction of a language: the (likely) script decides, so `az-Arab` is rtl and `ar` is
 * too; an invalid tag falls back to its primary subtag. Memoized: renderers ask per element.
 */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  let direction = directions.get(tag);
  if (direction === undefined) {
    direction = computeDirection(tag);
    directions.set(tag, direction);
  }
  return direction;
}

function computeDirection(tag: string): 'ltr' | 'rtl' {
  try {
    const { script } = new Intl.Locale(tag).maximize();
    if (script !== undefined) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  } catch {
    // Not a valid tag: fall back to the primary subtag.
  }
  return RTL_LANGUAGES.has(tag.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}
