/**
 * When an EventBridge Scheduler expression fires next, in its time zone: `rate(n unit)`,
 * `at(yyyy-mm-ddThh:mm:ss)` and `cron(min hour day-of-month month day-of-week year)` with `*`,
 * `?`, values, names (JAN, MON), ranges, lists and steps. The `L`, `W` and `#` forms are not
 * computed locally: {@link parseSchedule} says so, and such a schedule does not fire here.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */

/** A parsed expression: the next firing strictly after a time, or undefined when there is none. */
export type Schedule = (after: number) => number | undefined;

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** How far ahead a cron is searched (a year field may name a later year). */
const SEARCH_DAYS = 366 * 5;

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
  const doms = domField === '?' ? undefined : valuesOf(domField, 1, 31, []);
  const months = valuesOf(monthField, 1, 12, MONTHS);
  // AWS numbers the days of the week 1 (SUN) to 7 (SAT).
  const dows = dowField === '?' ? undefined : valuesOf(dowField, 1, 7, DAYS);
  const years = valuesOf(yearField, 1970, 2199, []);
  return (after) => {
    const local = zonedParts(timezone, after);
    for (let day = 0; day <= SEARCH_DAYS; day++) {
      const date = new Date(Date.UTC(local.year, local.month, local.day + day));
      const [y, mo, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
      if (!years.has(y) || !months.has(mo + 1) || (doms && !doms.has(d)) || (dows && !dows.has(date.getUTCDay() + 1))) continue;
      for (const h of [...hours].sort((a, b) => a - b)) {
        for (const mi of [...minutes].sort((a, b) => a - b)) {
          const when = zonedToUtc(timezone, y, mo, d, h, mi, 0);
          if (when > after) return when;
        }
      }
    }
    return undefined;
  };
}

/** The values a cron field allows. */
function valuesOf(field: string, min: number, max: number, names: readonly string[]): Set<number> {
  if (field.split(',').some((part) => /#|^L(W|-\d+)?$|^\d+[LW]$/i.test(part))) throw new Error(`the cron field '${field}' uses L, W or #, which aethon dev does not compute; the schedule does not fire locally`);
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

/** A wall-clock time in a time zone, as epoch milliseconds (DST gaps move forward, as clocks do). */
export function zonedToUtc(timezone: string, year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const wall = Date.UTC(year, month, day, hour, minute, second);
  let guess = wall - offsetOf(timezone, wall);
  guess = wall - offsetOf(timezone, guess);
  return guess;
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
