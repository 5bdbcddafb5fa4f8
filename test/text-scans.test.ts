import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/bench/corpus.js';
import { hasAutolinkTrigger, unsafeLine } from '../src/article/prose-tree.js';
import { tagIndex } from '../src/validate/html-page.js';

/**
 * The scans that replaced regexes on the parse and markdown shortcuts must answer as the regexes
 * did, for every string: those regexes are the specification (see their doc comments).
 */
const AUTOLINK = /www\.|https?:|mailto:|xmpp:/i;
const UNSAFE_LINE = /^[ #=+\-]|^\d+[.)]| $/;

const PIECES = [
  'w', 'W', 'ww', 'www', 'WwW', 'h', 'http', 'HTTP', 'hTtPs', 'https', 'mailto', 'MAILTO', 'xmpp', 'XmPp', '.', ':', '..', '.:', ' ', '  ', '#', '=', '+', '-',
  '0', '7', '42', ')', '(', '_', 'a', 'z', 'A', 'Z', '`', '{', '@', '[', 'é', 'ſ', 'K', 'İ', 'ｗ', '\u212a', '😀', '\ud800', '\n', '\t', 'tp', 's:', 'o:',
];

function randomTexts(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const texts = ['', ' ', '.', ':', 'w.', 'www.', 'www', 'http:', 'https:', 'xmpp:', 'mailto:', 'Www.x', 'w.-', 'w._', 'w.é', '1.', '1)', '12', '1a.', ' a', 'a ', '#a', '-'];
  for (let index = 0; index < count; index++) {
    let text = '';
    const length = Math.floor(random() * 8);
    for (let piece = 0; piece < length; piece++) text += PIECES[Math.floor(random() * PIECES.length)] ?? '';
    texts.push(text);
  }
  return texts;
}

describe('scans standing for regexes', () => {
  const texts = randomTexts(20_000, 20251129);

  it('hasAutolinkTrigger answers as /www\\.|https?:|mailto:|xmpp:/i', () => {
    let found = 0;
    for (const text of texts) {
      expect(hasAutolinkTrigger(text), JSON.stringify(text)).toBe(AUTOLINK.test(text));
      if (AUTOLINK.test(text)) found++;
    }
    // Both answers are well represented.
    expect(found).toBeGreaterThan(200);
    expect(texts.length - found).toBeGreaterThan(1000);
  });

  it('unsafeLine answers as /^[ #=+\\-]|^\\d+[.)]| $/ on lines (no line breaks)', () => {
    let found = 0;
    for (const line of texts.map((text) => text.replaceAll('\n', ''))) {
      if (line === '') continue;
      expect(unsafeLine(line), JSON.stringify(line)).toBe(UNSAFE_LINE.test(line));
      if (UNSAFE_LINE.test(line)) found++;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('tagIndex finds what /<script/gi and /<\\/script/gi find, from any offset', () => {
    const random = mulberry32(7);
    // ſ and the Kelvin sign fold to ASCII letters only under /u; U+000F | 0x20 is "/".
    const pieces = ['<', '</', '<script', '<SCRIPT', '<ScRiPt', '</script', '</SCRIPT>', '<scrip', '<s', 'script', 'ſcript', '<ſcript', '<\u212acript', '<\u000fscript', '/', '>', 'a', ' ', '\n', 'é', '<<script'];
    let found = 0;
    for (let sample = 0; sample < 20_000; sample++) {
      let html = '';
      for (let piece = Math.floor(random() * 10); piece > 0; piece--) html += pieces[Math.floor(random() * pieces.length)] ?? '';
      const from = Math.floor(random() * (html.length + 1));
      for (const [name, regex] of [['script', /<script/gi], ['/script', /<\/script/gi]] as const) {
        regex.lastIndex = from;
        const expected = regex.exec(html)?.index ?? -1;
        expect(tagIndex(html, name, from), `${name} in ${JSON.stringify(html)} from ${from}`).toBe(expected);
        if (expected !== -1) found++;
      }
    }
    expect(found).toBeGreaterThan(5000);
  });
});
