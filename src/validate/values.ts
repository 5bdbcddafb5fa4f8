/**
 * Value checks shared by the feed, sitemap and JSON-LD checkers: dates, URLs, e-mail addresses,
 * language codes. Pure functions returning either `ok` or what was expected.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

export type DateCheck = { ok: true; ms: number } | { ok: false; expected: string };

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number): DateCheck {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60) {
    return { ok: false, expected: 'a real calendar date and time' };
  }
  return { ok: true, ms: Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000 };
}

const RFC822 = /^(?:([A-Za-z]{3}),\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([A-Za-z]{1,3}|[+-]\d{4})$/;

/** RFC 822 (as updated by RFC 1123: four-digit year) date-time, the RSS 2.0 date format. */
export function checkRfc822(text: string): DateCheck {
  const expected = 'an RFC 822 date-time such as "Thu, 13 Feb 2025 09:41:00 +0100"';
  const match = RFC822.exec(text.trim());
  if (!match) return { ok: false, expected };
  const [, dayName, day, monthName, year, hour, minute, second, zone] = match;
  const month = MONTHS.indexOf(monthName ?? '') + 1;
  if (month === 0) return { ok: false, expected: `${expected} (English month abbreviation)` };
  let offset: number | undefined;
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else offset = ZONES[(zone ?? '').toUpperCase()];
  if (offset === undefined) return { ok: false, expected: `${expected} (a numeric zone such as +0100, or GMT)` };
  const result = instant(Number(year), month, Number(day), Number(hour), Number(minute), Number(second ?? 0), offset);
  if (!result.ok) return result;
  if (dayName !== undefined) {
    const wall = new Date(Date.UTC(Number(year), month - 1, Number(day)));
    if (DAYS[wall.getUTCDay()] !== dayName) return { ok: false, expected: `${expected}: ${day} ${monthName} ${year} is a ${DAYS[wall.getUTCDay()]}, not ${dayName}` };
  }
  return result;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** RFC 3339 date-time with an offset (Atom, JSON Feed). */
export function checkRfc3339(text: string): DateCheck {
  const match = RFC3339.exec(text.trim());
  if (!match) return { ok: false, expected: 'an RFC 3339 date-time with an offset, such as "2025-02-13T09:41:00+01:00"' };
  const [, year, month, day, hour, minute, second, , zone = 'Z'] = match;
  const offset = /^[Zz]$/.test(zone) ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return instant(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), offset);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 date or date-time as schema.org and W3C-DTF use them; `hasOffset` says whether a zone was given. */
export function checkIsoDate(text: string, kind: 'date' | 'datetime' | 'either'): (DateCheck & { hasOffset?: boolean }) {
  const value = text.trim();
  const dateOnly = ISO_DATE.exec(value);
  if (dateOnly && kind !== 'datetime') return instant(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]), 0, 0, 0, 0);
  const match = ISO_DATE_TIME.exec(value);
  if (!match || kind === 'date') {
    return { ok: false, expected: kind === 'date' ? 'an ISO 8601 date such as "2025-02-13"' : 'an ISO 8601 date-time such as "2025-02-13T09:41:00+01:00"' };
  }
  const [, year, month, day, hour, minute, second, zone] = match;
  let offset = 0;
  if (zone && !/^[Zz]$/.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    offset = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const result = instant(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second ?? 0), offset);
  return result.ok ? { ...result, hasOffset: zone !== undefined } : result;
}

/** An absolute URL: a scheme, and for web schemes a host; no whitespace. */
export function isFullUrl(text: string): boolean {
  const value = text.trim();
  if (value === '' || /\s/.test(value)) return false;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) return false;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ftp:') && url.hostname === '') return false;
    return true;
  } catch {
    return false;
  }
}

/** RFC 4151 tag URI: `tag:` authority (a lower-case DNS name or e-mail address) `,` date (YYYY[-MM[-DD]]) `:` specific. */
const TAG_URI = /^tag:(?:[a-z0-9._-]+@)?[a-z0-9.-]+,\d{4}(?:-\d{2}(?:-\d{2})?)?:[A-Za-z0-9;/?:@&=+$.\-_!~*'()%,]*(?:#[A-Za-z0-9;/?:@&=+$.\-_!~*'()%,]*)?$/;

/** RFC 2141 URN: `urn:`, a namespace id (2–32 letters, digits or hyphens, not starting with a hyphen), `:` and a specific string. */
const URN = /^urn:[a-z0-9][a-z0-9-]{1,31}:(?:[A-Za-z0-9()+,\-.:=@;$_!*']|%[0-9A-Fa-f]{2})+$/i;

/** Which identifier rule `text` breaks: `tag:` and `urn:` by their own syntax, others as full URLs. */
export function identifierProblem(text: string): 'tag' | 'urn' | 'iri' | undefined {
  const value = text.trim();
  if (/^tag:/i.test(value)) return TAG_URI.test(value) ? undefined : 'tag';
  if (/^urn:/i.test(value)) return URN.test(value) ? undefined : 'urn';
  return isFullUrl(value) ? undefined : 'iri';
}

/** An IRI usable as an identifier: a full URL, `tag:` (RFC 4151) or `urn:` (RFC 2141). */
export const isAbsoluteIri = (text: string): boolean => identifierProblem(text) === undefined;

const EMAIL = /^[^\s@()<>,;"]+@[^\s@()<>,;"]+\.[^\s@()<>,;"]+$/;

/** `jane@example.com` or `jane@example.com (Jane Doe)`, the RSS form. */
export function checkRssEmail(text: string): { ok: boolean; hasName: boolean } {
  const match = /^(\S+)(?:\s+\(([^()]*)\))?$/.exec(text.trim());
  if (!match || !EMAIL.test(match[1] ?? '')) return { ok: false, hasName: false };
  return { ok: true, hasName: (match[2] ?? '').trim() !== '' };
}

export const isEmail = (text: string): boolean => EMAIL.test(text.trim());

/** An addr-spec whose domain has no dot (`jane@example`): well-formed, but no such host on the Internet. */
export const isDotlessEmail = (text: string): boolean => /^[^\s@()<>,;"]+@[^\s@()<>,;".]+$/.test(text.trim());

/**
 * Whether a contact that is not `address (Name)` still holds an address outside comments
 * ("John Smith, js@example.org", a mailto: URL): readers can dig it out, so the W3C service warns
 * (EmailFormat) rather than rejects. "Me (me@example.com)" holds it only in a comment.
 */
export function containsEmail(text: string): boolean {
  let value = text;
  for (let previous = ''; previous !== value; ) {
    previous = value;
    value = value.replace(/\([^()]*\)/g, ' ');
  }
  value = value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return /[^\s@()<>,;:"]+@[^\s@()<>,;:"?]+\.[^\s@()<>,;:"?]+/.test(value);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** A BCP 47 tag whose primary language CLDR knows; case-insensitive (RSS writes `en-us`). */
export function isLanguageTag(text: string): boolean {
  const value = text.trim();
  if (!/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/.test(value)) return false;
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (!canonical) return false;
    return languageNames.of(canonical.split('-')[0] ?? canonical) !== undefined;
  } catch {
    return false;
  }
}

/** A MIME type `type/subtype` with optional parameters. */
export const isMimeType = (text: string): boolean => /^[a-zA-Z0-9][\w!#$&^.+-]*\/[a-zA-Z0-9][\w!#$&^.+-]*(?:\s*;\s*[\w!#$&^.+-]+=(?:[\w!#$&^.+-]+|"[^"]*"))*$/.test(text.trim());

/** Shorten a found value for a message. */
export const shown = (value: string, max = 80): string => JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);

const MILITARY_ZONE = /^[A-IK-Z]$/i;

/**
 * A date-time mail readers still parse although it breaks RFC 822 (two-digit year, comments,
 * lower-case names, a military zone letter): the W3C service calls these "problematical" and
 * warns, where an unreadable date is an error. `undefined` when not even that.
 */
export function looseRfc822(text: string): number | undefined {
  let value = text.replace(/\\[()\\]/g, '');
  for (let previous = ''; previous !== value; ) {
    previous = value;
    value = value.replace(/\([^()]*\)/g, ' ');
  }
  value = value.replace(/\s+/g, ' ').trim();
  const match = /^(?:([A-Za-z]+)\s*,?\s*)?(\d{1,2})\s*([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{4})?$/.exec(value);
  if (!match) return undefined;
  const [, dayName, day, monthName = '', yearText = '', hour, minute, second, zone = 'GMT'] = match;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === monthName.toLowerCase()) + 1;
  if (month === 0) return undefined;
  // RFC 2822 §4.3: a two-digit year below 50 is 20xx.
  const year = yearText.length === 2 ? Number(yearText) + (Number(yearText) < 50 ? 2000 : 1900) : Number(yearText);
  let offset = ZONES[zone.toUpperCase()];
  if (/^[+-]\d{4}$/.test(zone)) offset = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  else if (offset === undefined && MILITARY_ZONE.test(zone)) offset = 0;
  if (offset === undefined) return undefined;
  const result = instant(year, month, Number(day), Number(hour), Number(minute), Number(second ?? 0), offset);
  if (!result.ok) return undefined;
  // A day name that is not the date's weekday is an error, however lenient the rest.
  const weekday = DAYS[new Date(Date.UTC(year, month - 1, Number(day))).getUTCDay()] ?? '';
  if (dayName !== undefined && dayName.slice(0, 3).toLowerCase() !== weekday.toLowerCase()) return undefined;
  return result.ms;
}

const W3CDTF = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?([Zz]|[+-]\d{2}:\d{2}))?)?)?$/;
const ISO_ZONE_OPTIONAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?([Zz]|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * W3C-DTF (a profile of ISO 8601: year, year-month, date, or date-time with a zone): Dublin Core
 * dates. `zoneOptional`: a date-time may leave the zone out (plain ISO 8601).
 */
export function checkW3cdtf(text: string, options: { zoneOptional?: boolean } = {}): DateCheck {
  const match = (options.zoneOptional ? ISO_ZONE_OPTIONAL : W3CDTF).exec(text.trim());
  if (!match) return { ok: false, expected: 'a W3C-DTF date such as "2025-02-13" or "2025-02-13T09:41:00+01:00"' };
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', zone = 'Z'] = match;
  const offset = /^[Zz]$/.test(zone) ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return instant(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), offset);
}

/** `urn:uuid:` followed by a well-formed UUID (RFC 4122: 8-4-4-4-12 hex digits). */
export const isUuidUrn = (text: string): boolean => /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text.trim());

/**
 * The first character that cannot appear in an IRI reference (RFC 3987): white space, controls,
 * `<>"{}|\^` and the back quote, or a `%` not followed by two hex digits. `undefined` when none.
 */
export function badIriCharacter(text: string): string | undefined {
  // Brackets belong only around an IPv6 host (RFC 3986 §3.2.2).
  const value = text.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:)?\/\/\[[0-9A-Fa-f:.]+\]/, '$1//');
  const match = /[\s\u0000-\u001f\u007f<>"{}|\\^`[\]]/.exec(value);
  return match?.[0];
}

/**
 * A URI as RFC 2396/3986 has it: a full URL made of ASCII characters only (RSS and most modules
 * predate IRIs), with `//` and a host after http:, https: and ftp:.
 */
export const isAsciiFullUrl = (text: string): boolean =>
  isFullUrl(text) && !/[^\u0000-\u007f]/.test(text) && (!/^(?:https?|ftp):/i.test(text) || /^[a-z]+:\/\/[^/]/i.test(text));

/** An ISO 3166-1 alpha-2 country code CLDR knows (`XX`, `ZZ` are not countries). */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export const isCountryCode = (text: string): boolean => /^[A-Za-z]{2}$/.test(text) && text.toUpperCase() !== 'ZZ' && regionNames.of(text.toUpperCase()) !== undefined;
