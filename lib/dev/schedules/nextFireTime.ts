/**
 * When an EventBridge Scheduler expression fires next, in its time zone: `rate(n unit)`,
 * `at(yyyy-mm-ddThh:mm:ss)` and `cron(min hour day-of-month month day-of-week year)` with `*`,
 * `?`, values, names (JAN, MON), ranges, lists and steps, and the day forms `L`, `W` and `#`
 * (./cronDays.ts).
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
import { dayOfMonthMatcher, dayOfWeekMatcher, lastDayOf } from './cronDays.ts';

/** A parsed expression: the next firing strictly after a time, or undefined when there is none. */
export type Schedule = (after: number) => number | undefined;

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** The last year a cron's year field takes. */
const LAST_CRON_YEAR = 2199;

/**
 * Parses a schedule; `start` is when a rate counts from (the server's start, as a schedule's creation on AWS).
 * @throws Error naming what cannot be computed locally
 */
export function parseSchedule(expression: string, timezone: string, start: number): Schedule {
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression);
  if (rate) {
    const every = Number(rate[1]) * UNIT_MS[rate[2]!]!;
    return (after) => start + (Math.floor((after - start) / every) + 1) * every;
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [y, mo, d, h, mi, s] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const when = zonedToUtc(timezone, y, mo - 1, d, h, mi, s);
    return (after) => (when > after ? when : undefined);
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron) return cronSchedule(cron[1]!.trim().split(/\s+/), timezone);
  throw new Error(`'${expression}' is not rate(), at() or cron()`);
}

function cronSchedule(fields: string[], timezone: string): Schedule {
  if (fields.length !== 6) throw new Error(`cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
  const [minuteField, hourField, domField, monthField, dowField, yearField] = fields as [string, string, string, string, string, string];
  const minutes = valuesOf(minuteField, 0, 59, []);
  const hours = valuesOf(hourField, 0, 23, []);
  const dom = domField === '?' ? undefined : dayOfMonthMatcher(domField, (field) => valuesOf(field, 1, 31, []));
  const months = valuesOf(monthField, 1, 12, MONTHS);
  // AWS numbers the days of the week 1 (SUN) to 7 (SAT).
  const dow = dowField === '?' ? undefined : dayOfWeekMatcher(dowField, (field) => valuesOf(field, 1, 7, DAYS));
  const years = valuesOf(yearField, 1970, LAST_CRON_YEAR, []);
  const hourList = [...hours].sort((a, b) => a - b);
  const minuteList = [...minutes].sort((a, b) => a - b);
  return (after) => {
    const local = zonedParts(timezone, after);
    // Month by month up to the last year a cron can name, so a 5th Friday of February or a far year is found.
    for (let y = local.year; y <= LAST_CRON_YEAR; y++) {
      if (!years.has(y)) continue;
      for (let mo = y === local.year ? local.month : 0; mo < 12; mo++) {
        if (!months.has(mo + 1)) continue;
        const first = y === local.year && mo === local.month ? local.day : 1;
        for (let d = first; d <= lastDayOf(y, mo); d++) {
          if ((dom && !dom(y, mo, d)) || (dow && !dow(y, mo, d))) continue;
          // On the day of `after`, earlier wall times are earlier instants (or a repeat, which fires once
          // at its first): the search starts at its hour and minute, not 4 offset lookups per minute from 00:00.
          const today = y === local.year && mo === local.month && d === local.day;
          for (const h of hourList) {
            if (today && h < local.hour) continue;
            for (const mi of minuteList) {
              if (today && h === local.hour && mi < local.minute) continue;
              const when = wallInstant(timezone, Date.UTC(y, mo, d, h, mi, 0));
              if (when !== undefined && when > after) return when;
            }
          }
        }
      }
    }
    return undefined;
  };
}

/** The values a cron field allows. */
function valuesOf(field: string, min: number, max: number, names: readonly string[]): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from = min;
    let to = max;
    if (range !== '*' && range !== '?') {
      const [a = '', b] = range.split('-');
      from = value(a, names, min);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b, names, min);
    }
    if (!Number.isInteger(step) || step < 1 || from < min || to > max || from > to) throw new Error(`the cron field '${field}' is out of its range ${min}-${max}`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function value(text: string, names: readonly string[], min: number): number {
  const named = names.indexOf(text.toUpperCase());
  if (named >= 0) return named + min;
  const number = Number(text);
  if (text === '' || !Number.isInteger(number)) throw new Error(`'${text}' is not a value of a cron field`);
  return number;
}

const DAY_MS = 86_400_000;

/**
 * A wall-clock time in a time zone, as epoch milliseconds. A time that clocks going back repeat is
 * its first instant; a time that clocks going forward skip lands as far past the change as it was
 * into the gap (02:30 on a night that jumps from 02:00 to 03:00 is 03:30), as for at().
 */
export function zonedToUtc(timezone: string, year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const wall = Date.UTC(year, month, day, hour, minute, second);
  return wallInstant(timezone, wall) ?? wall - offsetOf(timezone, wall - DAY_MS);
}

/**
 * The instant of a wall-clock time (its first when repeated), or undefined when a DST change skips it:
 * EventBridge Scheduler skips such a cron firing, and runs a repeated one once.
 */
function wallInstant(timezone: string, wall: number): number | undefined {
  // The offsets a day either side bracket the time; only a candidate that reads back as the same wall time exists.
  const candidates = [wall - offsetOf(timezone, wall - DAY_MS), wall - offsetOf(timezone, wall + DAY_MS)];
  const existing = candidates.filter((at) => offsetOf(timezone, at) === wall - at);
  return existing.length === 0 ? undefined : Math.min(...existing);
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetOf(timezone: string, at: number): number {
  const p = zonedParts(timezone, at);
  return Date.UTC(p.year, p.month, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a time zone (month 0-based). */
function zonedParts(timezone: string, at: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month) - 1, day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}
