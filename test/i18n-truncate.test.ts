import { describe, expect, it } from 'vitest';
import { DEFAULT_HEADLINE_LIMITS, headlineVariants, HEADLINE_VARIANT_NAMES, variantsOverLimit } from '../src/i18n/headlines.js';
import { graphemeLength, graphemes, truncate, usesSpaces } from '../src/i18n/truncate.js';

const ELLIPSIS = '…';
const BREAK = /[\t\n\r \u1680\u2000-\u2006\u2008-\u200A\u205F\u3000]/u;

const HEADLINES: Record<string, string> = {
  en: 'Trump and Putin agree to start Ukraine negotiations immediately',
  it: "Trump e Putin concordano di avviare subito i negoziati sull'Ucraina, poi la telefonata con Zelensky",
  es: 'Trump y Putin acuerdan iniciar de inmediato las negociaciones sobre Ucrania',
  'pt-BR': 'Trump e Putin concordam em iniciar imediatamente negociações sobre a Ucrânia',
  ar: 'ترامب وبوتين يتفقان على بدء مفاوضات فورية بشأن أوكرانيا بعد مكالمة هاتفية استمرت ساعة ونصف',
};

/**
 * The invariants every cut keeps: within the limit, the text itself when it fits, otherwise whole
 * clusters of the original followed by the ellipsis, ending where the original has a space.
 */
function expectValidCut(text: string, limit: number, locale: string, value: string, wordCut = true): void {
  const length = graphemeLength(value, locale);
  expect(length).toBeLessThanOrEqual(limit);
  if (graphemeLength(text, locale) <= limit) {
    expect(value).toBe(text);
    return;
  }
  expect(value.endsWith(ELLIPSIS)).toBe(true);
  const kept = value.slice(0, -ELLIPSIS.length);
  expect(text.startsWith(kept)).toBe(true);
  // Cluster-aligned: the kept clusters are the original's first clusters, none split.
  const original = graphemes(text, locale);
  const cut = graphemes(kept, locale);
  expect(original.slice(0, cut.length)).toEqual(cut);
  if (wordCut) {
    // A prefix of whole words: what follows in the original starts with a space or a trimmed separator.
    const rest = text.slice(kept.length);
    expect(rest).toMatch(/^[\s\p{P}]/u);
    expect(BREAK.test(rest.replace(/^\p{P}+/u, '').charAt(0))).toBe(true);
    expect(kept).not.toMatch(/[\s,;:،]$/u);
  }
}

describe('grapheme lengths', () => {
  it('count user-perceived characters: ZWJ sequences, flags, combining accents, Arabic marks', () => {
    expect(graphemeLength('👩‍👩‍👧‍👦')).toBe(1);
    expect(graphemeLength('🏳️‍🌈')).toBe(1);
    expect(graphemeLength('🇮🇹🇪🇸')).toBe(2);
    expect(graphemeLength('Cafe\u0301')).toBe(4);
    expect(graphemeLength('e\u0301\u0302')).toBe(1);
    expect(graphemeLength('مُحَمَّد', 'ar')).toBe(4);
    expect('👩‍👩‍👧‍👦'.length).toBe(11);
  });
});

describe('truncate', () => {
  for (const [language, text] of Object.entries(HEADLINES)) {
    it(`keeps a ${language} headline that fits and cuts it on word boundaries at and around every limit`, () => {
      const total = graphemeLength(text, language);
      for (const limit of [...Object.values(DEFAULT_HEADLINE_LIMITS), 10, 11, 12, 20, 33, total - 1, total, total + 1]) {
        for (const around of [limit - 1, limit, limit + 1]) {
          if (around < 2) continue;
          const result = truncate(text, around, { locale: language });
          expectValidCut(text, around, language, result.value);
          expect(result.length).toBe(graphemeLength(result.value, language));
          expect(result.cut).toBe(total > around);
        }
      }
    });
  }

  it('returns the text unchanged at exactly the limit and cuts one character over it', () => {
    const text = 'a'.repeat(20) + ' ' + 'b'.repeat(29); // 50 clusters
    expect(truncate(text, 50, { locale: 'en' })).toEqual({ value: text, length: 50, cut: false });
    expect(truncate(text, 49, { locale: 'en' })).toEqual({ value: `${'a'.repeat(20)}…`, length: 21, cut: true });
  });

  it('cuts the Italian seed headline for push (≤ 50) on a whole word', () => {
    const text = "Trump e Putin concordano di avviare subito i negoziati sull'Ucraina";
    expect(truncate(text, 50, { locale: 'it' }).value).toBe('Trump e Putin concordano di avviare subito i…');
    // The elided article+noun is one word: never `sull…`.
    expect(truncate(text, 66, { locale: 'it' }).value).toBe('Trump e Putin concordano di avviare subito i negoziati…');
  });

  it('cuts the Arabic seed headline on a whole word', () => {
    const text = 'ترامب وبوتين يتفقان على بدء مفاوضات فورية بشأن أوكرانيا';
    const result = truncate(text, 30, { locale: 'ar' });
    expect(result.value).toBe('ترامب وبوتين يتفقان على بدء…');
    expectValidCut(text, 30, 'ar', result.value);
  });

  it('never splits an emoji ZWJ sequence, a flag pair or a combining sequence at the cut', () => {
    const family = '👩‍👩‍👧‍👦';
    const rainbow = '🏳️‍🌈';
    const cases: [string, string][] = [
      [`Festa a Roma ${family} ${rainbow} per il Pride`, 'it'],
      [`Italy 🇮🇹 beats Spain 🇪🇸 in the final of the cup`, 'en'],
      [`Cafe\u0301 Tortoni reopens in Buenos Aires after years`, 'es'],
      [`${family}${family}${family}${family}${family}${family}`, 'en'],
      ['🇮🇹🇪🇸🇧🇷🇮🇹🇪🇸🇧🇷🇮🇹🇪🇸🇧🇷🇮🇹🇪🇸🇧🇷', 'en'],
      ['e\u0301\u0302'.repeat(30), 'en'],
    ];
    for (const [text, locale] of cases) {
      const total = graphemeLength(text, locale);
      for (let limit = 2; limit <= total + 1; limit++) {
        const { value } = truncate(text, limit, { locale });
        expectValidCut(text, limit, locale, value, false);
        // No lone regional indicator, ZWJ or combining mark at the end of what was kept.
        const kept = value.endsWith(ELLIPSIS) ? value.slice(0, -1) : value;
        expect(kept).not.toMatch(/\u200D$/u);
        expect([...kept.matchAll(/\p{Regional_Indicator}/gu)].length % 2).toBe(0);
        expect(kept.normalize('NFC')).toBe(kept.normalize('NFC'));
        if (text.startsWith('e\u0301\u0302')) expect(kept.length % 3).toBe(0);
      }
    }
  });

  it('does not separate lam from alef (the لا ligature) when a single word must be cut', () => {
    // One long "word" (no spaces) whose cluster 9 is lam and cluster 10 alef.
    const word = 'مممممممملامممممممممم';
    const clusters = graphemes(word, 'ar');
    expect(clusters[8]).toBe('ل');
    expect(clusters[9]).toBe('ا');
    const { value } = truncate(word, 10, { locale: 'ar' }); // budget 9 would end on lam
    expect(value).toBe('مممممممم…');
    // With harakat on the lam, the mark stays with it and the ligature is still kept whole.
    const marked = 'مممممممملَامممممممممم';
    expect(truncate(marked, 10, { locale: 'ar' }).value).toBe('مممممممم…');
  });

  it('cuts scripts written without spaces on grapheme boundaries', () => {
    expect(usesSpaces('ja')).toBe(false);
    expect(usesSpaces('zh')).toBe(false);
    expect(usesSpaces('th')).toBe(false);
    expect(usesSpaces('ar')).toBe(true);
    expect(usesSpaces('ko')).toBe(true);
    const japanese = 'トランプ氏とプーチン氏がウクライナ和平交渉の即時開始で合意';
    expect(truncate(japanese, 10, { locale: 'ja' }).value).toBe('トランプ氏とプーチ…');
    const thai = 'ทรัมป์และปูตินตกลงเริ่มการเจรจาเรื่องยูเครนทันที';
    for (let limit = 5; limit < graphemeLength(thai, 'th'); limit++) {
      expectValidCut(thai, limit, 'th', truncate(thai, limit, { locale: 'th' }).value, false);
    }
  });

  it('falls back to a grapheme cut when the first word alone is over the limit', () => {
    expect(truncate('Supercalifragilisticexpialidocious news', 10, { locale: 'en' }).value).toBe('Supercali…');
  });

  it('does not end on a dangling comma, colon, dash or opening quote', () => {
    expect(truncate('Telefonata Trump-Putin, "subito i negoziati" sull\'Ucraina', 28, { locale: 'it' }).value).toBe('Telefonata Trump-Putin…');
    expect(truncate('Ukraine: talks start – Trump and Putin agree on a plan', 24, { locale: 'en' }).value).toBe('Ukraine: talks start…');
    // A cut inside a quotation goes back to before it rather than leave it open.
    expect(truncate('Trump says « we will meet » in Riyadh next week', 16, { locale: 'fr' }).value).toBe('Trump says…');
    expect(truncate('Trump says « we will meet » in Riyadh next week', 30, { locale: 'fr' }).value).toBe('Trump says « we will meet »…');
  });

  it('treats no-break spaces as part of a word', () => {
    expect(truncate('Il 13\u00A0febbraio Trump e Putin parlano per novanta minuti', 14, { locale: 'it' }).value).toBe('Il…');
  });

  it('uses the locale ellipsis it is given', () => {
    expect(truncate('Trump and Putin agree to start Ukraine negotiations', 21, { locale: 'en', ellipsis: ' [...]' }).value).toBe('Trump and Putin [...]');
  });
});

describe('headlineVariants', () => {
  it('gives every variant with its length, limit and source; editor-given variants win', () => {
    const variants = headlineVariants(HEADLINES['en'] ?? '', 'en', DEFAULT_HEADLINE_LIMITS, { short: 'Trump and Putin agree to start Ukraine talks' });
    expect(variants.headline).toEqual({ value: HEADLINES['en'], length: 63, source: 'given' });
    expect(variants.short).toEqual({ value: 'Trump and Putin agree to start Ukraine talks', length: 44, source: 'given', limit: 70 });
    expect(variants.seo).toEqual({ value: HEADLINES['en'], length: 63, source: 'computed', limit: 110 });
    expect(variants.push).toEqual({ value: 'Trump and Putin agree to start Ukraine…', length: 39, source: 'computed', limit: 50 });
    expect(variants.social.source).toBe('computed');
  });

  it('keeps every computed variant within its limit for every language', () => {
    for (const [language, text] of Object.entries(HEADLINES)) {
      const variants = headlineVariants(text, language);
      for (const name of HEADLINE_VARIANT_NAMES) {
        const variant = variants[name];
        expect(variant.source).toBe('computed');
        expect(variant.length).toBe(graphemeLength(variant.value, language));
        expectValidCut(text, DEFAULT_HEADLINE_LIMITS[name], language, variant.value);
      }
      expect(variantsOverLimit(variants)).toEqual([]);
    }
  });

  it('reports an editor-given variant over its limit but keeps it', () => {
    const long = 'An editor wrote a push headline that is much longer than fifty characters';
    const variants = headlineVariants('Short headline', 'en', DEFAULT_HEADLINE_LIMITS, { push: long });
    expect(variants.push.value).toBe(long);
    expect(variantsOverLimit(variants)).toEqual(['push']);
  });

  it('honours configured limits', () => {
    const variants = headlineVariants(HEADLINES['it'] ?? '', 'it', { seo: 60, short: 40, push: 20, social: 80 });
    expect(variants.push.value).toBe('Trump e Putin…');
    expect(variants.short.length).toBeLessThanOrEqual(40);
  });
});
