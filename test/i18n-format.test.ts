import { describe, expect, it } from 'vitest';
import { formatDateTime, formatList, languageName, quote } from '../src/i18n/format.js';
import { formatIsoInZone } from '../src/util/dates.js';
import { repoRenderOptions } from './helpers.js';

const ZONE = 'Europe/Rome';

describe('dates in the configured zone', () => {
  it('format the seed instant for every default language, in Europe/Rome', async () => {
    const { site } = await repoRenderOptions();
    expect(site.timeZone).toBe(ZONE);
    expect(site.languages).toEqual(['en', 'it', 'es', 'pt-BR', 'ar']);
    const instant = Date.parse('2025-02-13T09:32:00Z');
    const expected: Record<string, string> = {
      en: 'February 13, 2025 at 10:32 AM',
      it: '13 febbraio 2025 alle ore 10:32',
      es: '13 de febrero de 2025 a las 10:32',
      'pt-BR': '13 de fevereiro de 2025 às 10:32',
      ar: '13 فبراير 2025 في 10:32 ص',
    };
    for (const language of site.languages) expect(formatDateTime(instant, language, site.timeZone)).toBe(expected[language]);
  });

  it('follows the zone across the spring daylight-saving change (02:00 CET → 03:00 CEST)', () => {
    const before = Date.parse('2025-03-30T00:59:00Z');
    const after = Date.parse('2025-03-30T01:00:00Z');
    const expected: Record<string, [string, string]> = {
      en: ['March 30, 2025 at 1:59 AM', 'March 30, 2025 at 3:00 AM'],
      it: ['30 marzo 2025 alle ore 01:59', '30 marzo 2025 alle ore 03:00'],
      es: ['30 de marzo de 2025 a las 1:59', '30 de marzo de 2025 a las 3:00'],
      'pt-BR': ['30 de março de 2025 às 01:59', '30 de março de 2025 às 03:00'],
      ar: ['30 مارس 2025 في 1:59 ص', '30 مارس 2025 في 3:00 ص'],
    };
    for (const [language, [first, second]] of Object.entries(expected)) {
      expect(formatDateTime(before, language, ZONE)).toBe(first);
      expect(formatDateTime(after, language, ZONE)).toBe(second);
    }
    expect(formatIsoInZone(before, ZONE)).toBe('2025-03-30T01:59:00+01:00');
    expect(formatIsoInZone(after, ZONE)).toBe('2025-03-30T03:00:00+02:00');
  });

  it('shows the repeated autumn hour with the wall clock, the offset telling the two apart', () => {
    const summer = Date.parse('2025-10-26T00:30:00Z');
    const winter = Date.parse('2025-10-26T01:30:00Z');
    expect(formatDateTime(summer, 'it', ZONE)).toBe('26 ottobre 2025 alle ore 02:30');
    expect(formatDateTime(winter, 'it', ZONE)).toBe('26 ottobre 2025 alle ore 02:30');
    expect(formatIsoInZone(summer, ZONE)).toBe('2025-10-26T02:30:00+02:00');
    expect(formatIsoInZone(winter, ZONE)).toBe('2025-10-26T02:30:00+01:00');
  });

  it('never uses the machine zone: another configured zone gives another wall time', () => {
    const instant = Date.parse('2025-02-13T09:32:00Z');
    expect(formatDateTime(instant, 'en', 'America/Sao_Paulo')).toBe('February 13, 2025 at 6:32 AM');
    expect(formatDateTime(instant, 'pt-BR', 'America/Sao_Paulo')).toBe('13 de fevereiro de 2025 às 06:32');
  });
});

describe('lists and language names', () => {
  it('join names and name languages the way each locale does', () => {
    expect(formatList(['Anna Rossi', 'Marco Bianchi', 'Luca Verdi'], 'en')).toBe('Anna Rossi, Marco Bianchi, and Luca Verdi');
    expect(formatList(['Anna Rossi', 'Marco Bianchi'], 'it')).toBe('Anna Rossi e Marco Bianchi');
    expect(formatList(['Anna Rossi', 'Marco Bianchi'], 'es')).toBe('Anna Rossi y Marco Bianchi');
    expect(languageName('en', 'it')).toBe('inglese');
    expect(languageName('en', 'ar')).toBe('الإنجليزية');
    expect(languageName('it', 'pt-BR')).toBe('italiano');
  });
});

describe('quotation marks follow CLDR delimiters', () => {
  it('are read from locales/ for every default language', async () => {
    const { localizer } = await repoRenderOptions();
    const expected: Record<string, [string, string, string, string]> = {
      en: ['“', '”', '‘', '’'],
      it: ['«', '»', '“', '”'],
      es: ['«', '»', '“', '”'],
      'pt-BR': ['“', '”', '‘', '’'],
      // CLDR ar: quotationStart U+201D, quotationEnd U+201C (alternate U+2019 / U+2018).
      ar: ['\u201D', '\u201C', '\u2019', '\u2018'],
    };
    for (const [language, [start, end, alternateStart, alternateEnd]] of Object.entries(expected)) {
      expect(localizer.quotes(language)).toEqual({ start, end, alternateStart, alternateEnd });
    }
    expect(quote('subito i negoziati', localizer.quotes('it'))).toBe('«subito i negoziati»');
    expect(quote('immediately', localizer.quotes('en'), true)).toBe('‘immediately’');
    expect(quote('مفاوضات', localizer.quotes('ar'))).toBe('”مفاوضات“');
  });
});
