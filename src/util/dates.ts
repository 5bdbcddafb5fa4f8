import { memoizeByKey } from './memo.js';

/**
 * Dates are instants (epoch milliseconds) shown in an explicit IANA time zone,
 * never in the machine's zone.
 */

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

export type ParsedDateTime =
  | { ok: true; ms: number; hadOffset: boolean }
  | { ok: false; reason: string };

/**
 * Parse an ISO 8601 / RFC 3339 date-time. Without an offset the wall time is
 * read in `timeZone` (the caller decides whether that deserves a warning).
 */
export function parseDateTime(text: string, timeZone: string): ParsedDateTime {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) {
    return { ok: false, reason: 'an ISO 8601 date-time such as 2025-02-13T09:41:00+01:00' };
  }
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const parts = [y, mo, d, h, mi, s ?? '0'].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: 'a real calendar date and time' };
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (offset === undefined) {
    return { ok: true, ms: wallTimeToInstant(wall, timeZone), hadOffset: false };
  }
  if (offset === 'Z') return { ok: true, ms: wall, hadOffset: true };
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  if (Math.abs(offsetMinutes) > 18 * 60) return { ok: false, reason: 'an offset between -18:00 and +18:00' };
  return { ok: true, ms: wall - offsetMinutes * 60_000, hadOffset: true };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const partsFormatter = memoizeByKey(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
);

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Answers by zone, then by a number (no string built per lookup); emptied when full. */
class ZoneCache<Value> {
  private readonly byZone = new Map<string, Map<number, Value>>();
  private kept = 0;

  constructor(private readonly limit: number) {}

  get(timeZone: string, key: number): Value | undefined {
    return this.byZone.get(timeZone)?.get(key);
  }

  set(timeZone: string, key: number, value: Value): void {
    if (this.kept >= this.limit) {
      this.byZone.clear();
      this.kept = 0;
    }
    let inZone = this.byZone.get(timeZone);
    if (!inZone) {
      inZone = new Map();
      this.byZone.set(timeZone, inZone);
    }
    inZone.set(key, value);
    this.kept++;
  }
}

/**
 * Recent answers by zone and instant: one article asks for the same few instants from every
 * format (and `formatToParts` was the single most expensive call in a build profile). Room for
 * every date of a 10,000-article archive: a smaller cache thrashed in incremental builds.
 */
const wallTimes = new ZoneCache<Readonly<WallTime>>(65_536);

/**
 * By zone and UTC hour: the offset (ms) of the zone's clocks through that whole hour, or null
 * when it changes within it. An instant in an hour of one offset is then worked out with `Date`
 * arithmetic: a build's 10,000 articles fall in a few hundred hours, and each hour costs two
 * `formatToParts` calls instead of one per article.
 */
const hourOffsets = new ZoneCache<number | null>(65_536);
const HOUR_MS = 3_600_000;

export function wallTimeIn(ms: number, timeZone: string): Readonly<WallTime> {
  const known = wallTimes.get(timeZone, ms);
  if (known) return known;
  const offset = hourOffset(Math.floor(ms / HOUR_MS), timeZone);
  const wall = Object.freeze(offset === null ? wallFromParts(ms, timeZone) : wallOfUtc(Math.floor(ms / 1000) * 1000 + offset));
  wallTimes.set(timeZone, ms, wall);
  return wall;
}

/** The zone's clocks at `ms` as `formatToParts` reads them (to the second). */
function wallFromParts(ms: number, timeZone: string): WallTime {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values['year'] ?? 0,
    month: values['month'] ?? 0,
    day: values['day'] ?? 0,
    hour: values['hour'] ?? 0,
    minute: values['minute'] ?? 0,
    second: values['second'] ?? 0,
  };
}

/** The fields of a UTC instant (whole seconds), as a wall time. */
function wallOfUtc(ms: number): WallTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** The zone's offset through UTC hour `hour` (see `hourOffsets`); null when it changes in it or the year is out of `Date.UTC`'s plain range. */
function hourOffset(hour: number, timeZone: string): number | null {
  const known = hourOffsets.get(timeZone, hour);
  if (known !== undefined) return known;
  const start = hour * HOUR_MS;
  const offsetAt = (instant: number): number => {
    const wall = wallFromParts(instant, timeZone);
    // Date.UTC reads years 0–99 as 1900–1999, and formatToParts counts years before 1 by era.
    return wall.year < 100 || wall.year > 9999 ? Number.NaN : offsetMsOf(wall, instant);
  };
  // The hour's first and last whole seconds: an offset change inside it shows at one end.
  const first = offsetAt(start);
  const offset = Number.isFinite(first) && offsetAt(start + HOUR_MS - 1000) === first ? first : null;
  hourOffsets.set(timeZone, hour, offset);
  return offset;
}

/** Offset of `timeZone` from UTC at instant `ms`, in minutes. */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  return Math.round(offsetMsOf(wallTimeIn(ms, timeZone), ms) / 60_000);
}

/** How far the clocks showing `wall` at instant `ms` are ahead of UTC, in ms (whole seconds). */
function offsetMsOf(wall: WallTime, ms: number): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the clocks of `timeZone` show `wallAsUtc` (earlier one in a repeated hour). */
function wallTimeToInstant(wallAsUtc: number, timeZone: string): number {
  const first = wallAsUtc - offsetMinutesAt(wallAsUtc, timeZone) * 60_000;
  const second = wallAsUtc - offsetMinutesAt(first, timeZone) * 60_000;
  return Math.min(first, second);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** RFC 3339 with the zone's offset at that instant: `2025-02-13T09:41:00+01:00`. */
export function formatIsoInZone(ms: number, timeZone: string): string {
  const wall = wallTimeIn(ms, timeZone);
  const offset = offsetMinutesAt(ms, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}` +
    `T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** RFC 822 as RSS wants it (`Thu, 13 Feb 2025 08:41:00 GMT`): UTC, so no zone to get wrong. */
export function formatRfc822(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Epoch ms of a date string this toolkit wrote (always with an offset). */
export function instantOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`not a date-time with offset: ${iso}`);
  return ms;
}
