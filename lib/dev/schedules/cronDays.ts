/**
 * Which days a cron expression's day-of-month and day-of-week fields select, with EventBridge's
 * `L`, `W` and `#` (the Quartz forms AWS documents): day-of-month `L` (last day), `LW` (last
 * weekday), `15W` (the weekday nearest the 15th, never in another month); day-of-week `L`
 * (Saturday, the last day of the week), `6L` (the month's last Friday), `3#2` (its second Tuesday).
 * Our own rather than cron-parser: that library numbers days 0-7 from Sunday where AWS numbers
 * them 1-7, and it has no `W`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 */

/** Whether a date (month 0-based) is selected. */
export type DayMatcher = (year: number, month: number, day: number) => boolean;

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const SATURDAY = 6;
const SUNDAY = 0;

/** Day-of-month: `L`, `LW`, `nW`, or plain values (from {@link valuesOf}). */
export function dayOfMonthMatcher(field: string, valuesOf: (field: string) => Set<number>): DayMatcher {
  const upper = field.toUpperCase();
  if (upper === 'L') return (y, mo, d) => d === lastDayOf(y, mo);
  if (upper === 'LW') return (y, mo, d) => d === lastWeekdayOf(y, mo);
  const nearest = /^(\d+)W$/.exec(upper);
  if (nearest) {
    const target = Number(nearest[1]);
    if (target < 1 || target > 31) throw new Error(`the cron day-of-month '${field}': the day before W is 1-31`);
    return (y, mo, d) => d === nearestWeekday(y, mo, target);
  }
  if (/[LW#]/.test(upper)) throw new Error(`the cron day-of-month '${field}' is not L, LW or a day and W (15W), each standing alone`);
  const days = valuesOf(field);
  return (_y, _mo, d) => days.has(d);
}

/** Day-of-week, numbered 1 (SUN) to 7 (SAT): `L`, `nL`, `n#k`, or plain values (from {@link valuesOf}). */
export function dayOfWeekMatcher(field: string, valuesOf: (field: string) => Set<number>): DayMatcher {
  const upper = field.toUpperCase();
  if (upper === 'L') return (y, mo, d) => weekdayOf(y, mo, d) === SATURDAY;
  const last = /^(\w+?)L$/.exec(upper);
  if (last) {
    const weekday = weekdayNumber(last[1]!, field);
    return (y, mo, d) => weekdayOf(y, mo, d) === weekday && d + 7 > lastDayOf(y, mo);
  }
  const nth = /^(\w+)#(\d+)$/.exec(upper);
  if (nth) {
    const weekday = weekdayNumber(nth[1]!, field);
    const week = Number(nth[2]);
    if (week < 1 || week > 5) throw new Error(`the cron day-of-week '${field}': the week after # is 1-5`);
    // The k-th such weekday falls on days 7(k-1)+1 to 7k; a month without a 5th one skips it.
    return (y, mo, d) => weekdayOf(y, mo, d) === weekday && Math.ceil(d / 7) === week;
  }
  if (/[L#]/.test(upper)) throw new Error(`the cron day-of-week '${field}' is not L, a day and L (6L) or a day, # and a week (2#1), each standing alone`);
  const days = valuesOf(field);
  return (y, mo, d) => days.has(weekdayOf(y, mo, d) + 1);
}

/** 0 (Sunday) to 6 (Saturday) from an AWS day, 1-7 or SUN-SAT. */
function weekdayNumber(text: string, field: string): number {
  const named = DAYS.indexOf(text);
  if (named >= 0) return named;
  const number = Number(text);
  if (!Number.isInteger(number) || number < 1 || number > 7) throw new Error(`the cron day-of-week '${field}': '${text}' is not a day (1-7 or SUN-SAT)`);
  return number - 1;
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month, day)).getUTCDay();
}

export function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function lastWeekdayOf(year: number, month: number): number {
  const last = lastDayOf(year, month);
  const weekday = weekdayOf(year, month, last);
  return weekday === SATURDAY ? last - 1 : weekday === SUNDAY ? last - 2 : last;
}

/** The weekday nearest the target day in its month, or undefined when the month has no such day. */
function nearestWeekday(year: number, month: number, target: number): number | undefined {
  const last = lastDayOf(year, month);
  if (target > last) return undefined;
  const weekday = weekdayOf(year, month, target);
  // Saturday moves to Friday, Sunday to Monday, unless that leaves the month: then two days the other way.
  if (weekday === SATURDAY) return target === 1 ? 3 : target - 1;
  if (weekday === SUNDAY) return target === last ? target - 2 : target + 1;
  return target;
}
