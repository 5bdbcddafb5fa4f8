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

  it('is what formatToParts says, to the second, near offset changes and anywhere in 1850–2150, in zones of odd offsets', () => {
    // Zones with DST of 30 minutes (Lord Howe), offsets of :30 and :45, changes at odd hours and
    // twice a year and more (Casablanca), and a 19:32 offset until 1937 (Amsterdam).
    const zones = ['Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Africa/Casablanca', 'Europe/Amsterdam', 'Asia/Tehran', 'UTC'];
    const formats = new Map(zones.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })]));
    const seen = (ms: number, timeZone: string): Record<string, number> => {
      const parts = formats.get(timeZone)?.formatToParts(ms) ?? [];
      return Object.fromEntries(parts.filter((part) => part.type !== 'literal').map((part) => [part.type, Number(part.value)]));
    };
    const random = mulberry32(29);
    const instants: number[] = [];
    for (const year of [2025, 2026]) {
      // Every 13 minutes 7 seconds through the spring and autumn months, where the changes are.
      for (const month of [2, 3, 9, 10]) for (let ms = Date.UTC(year, month, 1); ms < Date.UTC(year, month + 1, 1); ms += 787_000) instants.push(ms);
    }
    for (let sample = 0; sample < 3000; sample++) instants.push(Math.floor(Date.UTC(1850, 0, 1) + random() * (Date.UTC(2150, 0, 1) - Date.UTC(1850, 0, 1))));
    instants.push(Date.UTC(1937, 6, 1, 0, 0, 0), Date.UTC(1937, 5, 30, 23, 59, 59, 999), -1, -1000, 0);
    // Years 0–99, which Date.UTC would read as 1900–1999.
    instants.push(new Date(0).setUTCFullYear(50, 5, 1), new Date(0).setUTCFullYear(99, 11, 31));
    for (const timeZone of zones) {
      for (const ms of instants) expect({ ...wallTimeIn(ms, timeZone) }, `${timeZone} ${new Date(ms).toISOString()}`).toEqual(seen(ms, timeZone));
    }
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
