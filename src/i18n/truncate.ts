import { memoizeByKey } from '../util/memo.js';
import { graphemeLength as countGraphemes, isSimpleText } from '../util/text.js';

/**
 * Grapheme-aware truncation for headlines. Lengths are user-perceived characters (extended
 * grapheme clusters, `Intl.Segmenter`), so an emoji ZWJ sequence, a flag or a letter with
 * combining accents counts once and is never split. Cuts fall between whitespace-separated
 * words; scripts written without spaces are cut between grapheme clusters.
 */

const graphemeSegmenter = memoizeByKey((locale) => new Intl.Segmenter(locale, { granularity: 'grapheme' }));

/** The grapheme clusters of `text`. */
export function graphemes(text: string, locale = 'en'): string[] {
  // The segmenter allocates per cluster; most headlines need no segmentation at all.
  if (isSimpleText(text)) return text.split('');
  return Array.from(graphemeSegmenter(locale).segment(text), (part) => part.segment);
}

/**
 * Length in grapheme clusters (what a reader counts as characters). Extended grapheme clusters
 * do not depend on the locale; the parameter stays for callers that pass one.
 */
export function graphemeLength(text: string, locale = 'en'): number {
  void locale;
  return countGraphemes(text);
}

/** Scripts written without spaces between words (CLDR likely-subtags script codes). */
const SPACELESS_SCRIPTS = new Set(['Hani', 'Hans', 'Hant', 'Jpan', 'Kore', 'Thai', 'Laoo', 'Khmr', 'Mymr', 'Tibt', 'Bali', 'Java']);

/** True when `locale`'s usual script separates words with spaces (memoized: asked per headline version). */
export const usesSpaces: (locale: string) => boolean = memoizeByKey(scriptUsesSpaces);

function scriptUsesSpaces(locale: string): boolean {
  try {
    const script = new Intl.Locale(locale).maximize().script;
    // Korean uses spaces between words, although Kore is listed for Han compounds.
    if (script === 'Kore') return true;
    return script === undefined || !SPACELESS_SCRIPTS.has(script);
  } catch {
    return true;
  }
}

export interface TruncateOptions {
  /** BCP 47 tag of the text: picks the segmentation rules. */
  locale: string;
  /** The locale's ellipsis, appended after a cut (CLDR `…` for the default languages). */
  ellipsis?: string;
}

export interface Truncated {
  value: string;
  /** Length of `value` in grapheme clusters. */
  length: number;
  /** True when `value` is a cut of the text (and ends with the ellipsis). */
  cut: boolean;
}

/** Trailing characters a cut headline should not end on: separators and opening punctuation. */
const DANGLING_END = /[\s\p{Pd}\p{Ps}\p{Pi},;:·،؛]+$/u;
/** Spaces where a line may break: no-break spaces (U+00A0, U+2007, U+202F) bind their words. */
const BREAKING_SPACE = /^[\t\n\r \u1680\u2000-\u2006\u2008-\u200A\u205F\u3000]/u;
const LAM = '\u0644';
const ALEF_FORMS = new Set(['\u0622', '\u0623', '\u0625', '\u0627', '\u0671']);

/**
 * `text` itself when it has at most `limit` grapheme clusters; otherwise the longest prefix of
 * whole words that fits with the ellipsis, ending on a word (no dangling comma or dash).
 * Falls back to a grapheme cut only when the first word alone is too long, or the script has
 * no spaces. Never splits a grapheme cluster or an Arabic lam-alef ligature.
 */
export function truncate(text: string, limit: number, options: TruncateOptions): Truncated {
  const { locale } = options;
  const ellipsis = options.ellipsis ?? '…';
  const clusters = graphemes(text, locale);
  if (clusters.length <= limit) return { value: text, length: clusters.length, cut: false };
  const budget = limit - graphemeLength(ellipsis, locale);
  if (budget <= 0) return { value: '', length: 0, cut: true };

  const prefix = (usesSpaces(locale) ? wordPrefix(clusters, budget) : undefined) ?? graphemePrefix(clusters, budget);
  const value = `${prefix}${ellipsis}`;
  return { value, length: graphemeLength(value, locale), cut: true };
}

/** Double quotation marks of any locale: a cut that leaves an odd number of them opened a quote it does not close. */
const DOUBLE_QUOTES = /["“”„‟«»「」『』〝〞]/gu;
const balanced = (text: string): boolean => (text.match(DOUBLE_QUOTES)?.length ?? 0) % 2 === 0;

/**
 * The longest run of whole words within `budget` clusters, or undefined when none fits. A cut
 * that closes its quotations is preferred when it keeps at least half as much text.
 */
function wordPrefix(clusters: readonly string[], budget: number): string | undefined {
  let best: { text: string; length: number } | undefined;
  let bestBalanced: { text: string; length: number } | undefined;
  // The first `index` clusters, grown one cluster a step (not joined again for every word).
  let prefix = '';
  // A word ends where a whitespace cluster begins; the cluster before it is the word's last.
  for (let index = 1; index <= Math.min(budget, clusters.length - 1); index++) {
    const next = clusters[index] ?? '';
    const previous = clusters[index - 1] ?? '';
    prefix += previous;
    if (!BREAKING_SPACE.test(next) || BREAKING_SPACE.test(previous)) continue;
    const text = prefix.replace(DANGLING_END, '');
    if (text === '') continue;
    best = { text, length: index };
    if (balanced(text)) bestBalanced = best;
  }
  if (bestBalanced && best && bestBalanced.length * 2 >= best.length) return bestBalanced.text;
  return best?.text;
}

/** The first `budget` clusters, one fewer if that would separate lam from alef. */
function graphemePrefix(clusters: readonly string[], budget: number): string {
  let end = Math.min(budget, clusters.length);
  const last = clusters[end - 1] ?? '';
  const next = clusters[end] ?? '';
  // Lam followed by alef is drawn as one ligature (لا) though Unicode counts two clusters.
  if (end > 1 && last.startsWith(LAM) && ALEF_FORMS.has(next.charAt(0))) end--;
  return clusters.slice(0, end).join('').replace(/\s+$/u, '');
}
