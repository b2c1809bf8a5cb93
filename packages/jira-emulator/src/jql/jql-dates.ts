/**
 * Date values in JQL, as Jira reads them: relative periods (`-5m`, `-1d`, `2w`, `-4w 2d`), absolute dates at minute
 * precision (`2026-01-05`, `"2026-01-05 14:30"`, also with `/`) in the searcher's time zone, and the date functions
 * (`now()`, `startOfDay()`, `endOfWeek(-1w)`, ...). Everything is relative to the emulator clock's `now`.
 */

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** A date operand resolved against the clock: an instant in epoch ms, and whether it came from an absolute literal. */
export interface JqlInstant {
  ms: number;
  absolute: boolean;
}

/** Wall-clock parts of an instant in a time zone. */
interface ZonedParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      // An unknown zone id on a user profile: Jira falls back to the server's zone, ours is UTC.
      formatter = formatterFor('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function zonedParts(ms: number, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    weekday: WEEKDAYS.indexOf(parts['weekday'] ?? 'Sun'),
  };
}

/** The instant at which the wall clock of `timeZone` shows the given local time (month 1-12; overflow allowed). */
export function zonedTimeToEpoch(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc;
  // Two rounds settle the offset, also across a daylight-saving change.
  for (let round = 0; round < 2; round++) {
    const parts = zonedParts(guess, timeZone);
    const shown = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    guess = guess - (shown - asUtc);
  }
  return guess;
}

/** `YYYY-MM-DD` of an instant in a time zone (for date-only fields such as the due date). */
export function localDate(ms: number, timeZone: string): string {
  const parts = zonedParts(ms, timeZone);
  return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

/** A period such as `-5d`, `4w 2d`, `+1h 30m` in ms, or undefined when the text is not a period. */
export function parsePeriod(text: string): number | undefined {
  const trimmed = text.trim();
  const match = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/.exec(trimmed);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+)\s*([wdhm])/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? 'm'] ?? 0);
  }
  return sign * total;
}

/** An absolute date `yyyy-MM-dd`, `yyyy/MM/dd`, optionally with ` HH:mm`, in the zone; undefined when not one. */
export function parseAbsoluteDate(text: string, timeZone: string): number | undefined {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = [match[1], match[2], match[3], match[4] ?? '0', match[5] ?? '0'].map(
    Number,
  ) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  return zonedTimeToEpoch(timeZone, year, month, day, hour, minute);
}

/** A date literal (period or absolute date) resolved at `now`; undefined when the text is no date Jira accepts. */
export function parseDateLiteral(text: string, now: number, timeZone: string): JqlInstant | undefined {
  const period = parsePeriod(text);
  if (period !== undefined) return { ms: now + period, absolute: false };
  const absolute = parseAbsoluteDate(text, timeZone);
  if (absolute !== undefined) return { ms: absolute, absolute: true };
  return undefined;
}

/** Jira's message for a date it cannot read. */
export function invalidDateMessage(text: string, field: string): string {
  return `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`;
}

export const DATE_FUNCTIONS = new Set([
  'now',
  'startofday',
  'endofday',
  'startofweek',
  'endofweek',
  'startofmonth',
  'endofmonth',
  'startofyear',
  'endofyear',
]);

/** Shifts an instant by an increment argument such as `-1d`, `+2w`, `1M`, `-1y` (months and years by calendar). */
function shift(ms: number, increment: string | undefined, timeZone: string): number | undefined {
  if (increment === undefined || increment.trim() === '') return ms;
  const calendar = /^([+-])?(\d+)([My])$/.exec(increment.trim());
  if (calendar) {
    const amount = Number(calendar[2]) * (calendar[1] === '-' ? -1 : 1);
    const parts = zonedParts(ms, timeZone);
    const months = calendar[3] === 'M' ? amount : amount * 12;
    return (
      zonedTimeToEpoch(timeZone, parts.year, parts.month + months, parts.day, parts.hour, parts.minute) +
      parts.second * 1000
    );
  }
  const period = parsePeriod(increment);
  return period === undefined ? undefined : ms + period;
}

/**
 * Evaluates a date function at `now` in the searcher's zone; undefined for an invalid increment.
 * Weeks start on Sunday (Jira's default for the en_US locale). `end*` functions give the last millisecond.
 */
export function evaluateDateFunction(name: string, args: string[], now: number, timeZone: string): number | undefined {
  const lower = name.toLowerCase();
  const p = zonedParts(now, timeZone);
  let base: number;
  switch (lower) {
    case 'now':
      return now;
    case 'startofday':
      base = zonedTimeToEpoch(timeZone, p.year, p.month, p.day);
      break;
    case 'endofday':
      base = zonedTimeToEpoch(timeZone, p.year, p.month, p.day + 1) - 1;
      break;
    case 'startofweek':
      base = zonedTimeToEpoch(timeZone, p.year, p.month, p.day - p.weekday);
      break;
    case 'endofweek':
      base = zonedTimeToEpoch(timeZone, p.year, p.month, p.day - p.weekday + 7) - 1;
      break;
    case 'startofmonth':
      base = zonedTimeToEpoch(timeZone, p.year, p.month, 1);
      break;
    case 'endofmonth':
      base = zonedTimeToEpoch(timeZone, p.year, p.month + 1, 1) - 1;
      break;
    case 'startofyear':
      base = zonedTimeToEpoch(timeZone, p.year, 1, 1);
      break;
    case 'endofyear':
      base = zonedTimeToEpoch(timeZone, p.year + 1, 1, 1) - 1;
      break;
    default:
      return undefined;
  }
  return shift(base, args[0], timeZone);
}
