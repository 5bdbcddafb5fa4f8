/**
 * Language tags. A tag is known when it is well-formed BCP 47 and its primary language
 * has a name in CLDR, so `xx` or `english` are rejected while `pt-BR` and `ar` pass.
 */
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

export function isKnownLanguage(tag: string): boolean {
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

/** Right-to-left scripts among the languages we know to support. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

export function directionOf(tag: string): 'ltr' | 'rtl' {
  const locale = new Intl.Locale(tag);
  // `textInfo` exists in Node 20's ICU; fall back to the list where it does not.
  const info = (locale as Intl.Locale & { textInfo?: { direction?: string } }).textInfo;
  if (info?.direction === 'rtl') return 'rtl';
  if (info?.direction === 'ltr') return 'ltr';
  return RTL_LANGUAGES.has(locale.language) ? 'rtl' : 'ltr';
}
