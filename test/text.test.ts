import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/bench/corpus.js';
import { offsetMinutesAt, wallTimeIn } from '../src/util/dates.js';
import { SPACED_WORD, spacedWordCount, stripInvalidXmlChars, wordCount } from '../src/util/text.js';

const byRegex = (text: string): number => (text.match(SPACED_WORD) ?? []).length;

describe('word counts', () => {
  it('the scan counts what the word regex matches, on random text built from tricky characters', () => {
    const pieces = ['a', 'Z', '7', ' ', "'", '’', '.', '..', ',', '-', 'é', 'e\u0301', 'ß', '٣', 'ع', '😀', '\ud835\udc00', '\ud800', '\n', '“', 'Д', '½', 'ǅ'];
    const random = mulberry32(11);
    for (let sample = 0; sample < 3000; sample++) {
      let text = '';
      const length = Math.floor(random() * 30);
      for (let index = 0; index < length; index++) text += pieces[Math.floor(random() * pieces.length)] ?? '';
      expect(spacedWordCount(text), JSON.stringify(text)).toBe(byRegex(text));
    }
  });

  it('counts words joined by an inner apostrophe or period as one', () => {
    expect(wordCount("Don't stop the U.S. talks.", 'en')).toBe(5);
    expect(wordCount("l'Ucraina e l’Europa", 'it')).toBe(3);
    expect(wordCount('', 'en')).toBe(0);
  });
});

describe('wall time in a zone', () => {
  it('gives the same answer from the cache as on the first call, across a DST change', () => {
    const instants = [Date.UTC(2025, 2, 30, 0, 59, 59), Date.UTC(2025, 2, 30, 1, 0, 0), Date.UTC(2025, 9, 26, 0, 59, 59), Date.UTC(2025, 9, 26, 1, 0, 0)];
    const first = instants.map((ms) => ({ ...wallTimeIn(ms, 'Europe/Rome') }));
    expect(instants.map((ms) => ({ ...wallTimeIn(ms, 'Europe/Rome') }))).toEqual(first);
    expect(first.map((wall) => wall.hour)).toEqual([1, 3, 2, 2]);
    expect(instants.map((ms) => offsetMinutesAt(ms, 'Europe/Rome'))).toEqual([60, 120, 120, 60]);
    expect(Object.isFrozen(wallTimeIn(instants[0] ?? 0, 'Europe/Rome'))).toBe(true);
  });
});

describe('stripInvalidXmlChars', () => {
  it('removes what XML 1.0 forbids and keeps everything else, pairs included', () => {
    expect(stripInvalidXmlChars('a\u0000b\u0008c\u000bd\u001fe\ufffef\uffffg')).toBe('abcdefg');
    expect(stripInvalidXmlChars('tab\tlf\ncr\r ok')).toBe('tab\tlf\ncr\r ok');
    expect(stripInvalidXmlChars('lone \ud800 high, lone \udc00 low, pair 😀')).toBe('lone  high, lone  low, pair 😀');
    expect(stripInvalidXmlChars('\udc00\ud800')).toBe('');
    const clean = 'Plain “news” — ترامب, 東京';
    expect(stripInvalidXmlChars(clean)).toBe(clean);
  });
});
