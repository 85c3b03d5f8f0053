/**
 * EventBridge Scheduler expressions, checked with AWS's rules so that `validate` refuses what
 * `cdk deploy` would fail on: `rate(value unit)`, `cron(6 fields)` and `at(yyyy-mm-ddThh:mm:ss)`.
 * Only the documented syntax is accepted; a form AWS leaves undocumented (`L-2`, wrapped ranges
 * such as `20-2`) is refused with the documented way to write it.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 */

/** What is wrong with an expression, and what to write instead; `warning` for one that never fires. */
export interface ScheduleProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
}

const RATE_HINT = "write rate(1 minute), rate(5 minutes), rate(1 hour), rate(12 hours), rate(1 day) or rate(7 days)";
const CRON_HINT = "six fields: minutes hours day-of-month month day-of-week year, with ? in exactly one day field, e.g. cron(0 2 * * ? *)";
const AT_HINT = 'a date and time without zone, e.g. at(2026-12-31T23:00:00); the time zone is the trigger\'s timezone';

/**
 * The problems of a schedule expression; empty when AWS would accept it.
 * @param now the time an `at()` expression is compared with, to warn that it never fires
 * @example
 * scheduleProblems('cron(99 * * * ? *)', new Date()); // [{ severity: 'error', message: "minutes field: 99 is out of range 0-59", ... }]
 */
export function scheduleProblems(expression: string, now: Date): ScheduleProblem[] {
  const match = /^(rate|cron|at)\((.*)\)$/s.exec(expression);
  if (!match) return [error(`'${expression}' is not a schedule expression`, "use rate(...), cron(...) or at(...), with nothing around it")];
  const [, kind, body] = match as unknown as [string, 'rate' | 'cron' | 'at', string];
  if (body !== body.trim() || body === '') return [error(`${kind}() takes no spaces inside its parentheses, and cannot be empty`, kind === 'rate' ? RATE_HINT : kind === 'cron' ? CRON_HINT : AT_HINT)];
  if (kind === 'rate') return rateProblems(body);
  if (kind === 'at') return atProblems(body, now);
  return cronProblems(body, now);
}

function error(message: string, hint?: string): ScheduleProblem {
  return { severity: 'error', message, ...(hint ? { hint } : {}) };
}

function rateProblems(body: string): ScheduleProblem[] {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!match) return [error(`'rate(${body})' is not a rate: expected a positive whole number and minute(s), hour(s) or day(s)`, RATE_HINT)];
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value < 1) return [error(`a rate of ${value} never fires; the value is a positive whole number`, RATE_HINT)];
  // AWS requires the singular for 1 and the plural otherwise: rate(1 minutes) and rate(5 minute) are refused.
  const singular = unit.replace(/s$/, '');
  const expected = value === 1 ? singular : `${singular}s`;
  if (unit !== expected) return [error(`rate(${value} ${unit}) must be written rate(${value} ${expected})`, 'the unit is singular for 1 and plural otherwise')];
  return [];
}

function atProblems(body: string, now: Date): ScheduleProblem[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) return [error(`'at(${body})' is not a date and time in the form yyyy-mm-ddThh:mm:ss`, AT_HINT)];
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2026-02-31 into March; a real date survives the round trip.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return [error(`at(${body}) is not a real date and time`, AT_HINT)];
  }
  // The time zone is applied on AWS; a day's margin covers every zone.
  if (date.getTime() < now.getTime() - 86_400_000) {
    return [{ severity: 'warning', message: `at(${body}) is in the past: this schedule never fires`, hint: 'set a future date, or remove the trigger' }];
  }
  return [];
}

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** The special characters the field takes beyond `, - * /`. */
  readonly special: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, special: '' },
  { name: 'hours', min: 0, max: 23, special: '' },
  { name: 'day-of-month', min: 1, max: 31, special: '?LW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: '' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: '?L#' },
  { name: 'year', min: 1970, max: 2199, special: '' },
];

function cronProblems(body: string, now: Date): ScheduleProblem[] {
  const parts = body.split(/ +/);
  if (parts.length !== 6) return [error(`cron() takes 6 fields, got ${parts.length}: '${body}'`, CRON_HINT)];
  const problems = parts.flatMap((part, i) => fieldProblems(FIELDS[i]!, part).map((message) => error(`${FIELDS[i]!.name} field: ${message}`, CRON_HINT)));
  const [dayOfMonth, dayOfWeek] = [parts[2]!, parts[4]!];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    problems.push(error(`cron(${body}) needs ? in exactly one of day-of-month ('${dayOfMonth}') and day-of-week ('${dayOfWeek}')`, 'AWS matches either a day of the month or a day of the week: e.g. cron(0 2 * * ? *) daily, cron(0 2 ? * MON *) on Mondays'));
  }
  if (problems.length === 0) problems.push(...neverFires(parts, now));
  return problems;
}

/** The problems of one field, as messages that name the offending part. */
function fieldProblems(field: CronField, text: string): string[] {
  if (text === '?') return field.special.includes('?') ? [] : [`? is only allowed in day-of-month and day-of-week`];
  const items = text.split(',');
  const problems: string[] = [];
  for (const item of items) {
    const special = specialItem(field, item);
    if (special !== undefined) {
      if (special) problems.push(special);
      else if (items.length > 1) problems.push(`'${item}' must stand alone in its field, not in a list`);
      continue;
    }
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) {
      problems.push(`'${item}' is not a value, range (a-b), list (a,b) or increment (a/n)`);
      continue;
    }
    const [, range, step] = match;
    if (step !== undefined && (Number(step) < 1 || Number(step) > field.max)) problems.push(`the increment in '${item}' must be between 1 and ${field.max}`);
    if (range === '*') continue;
    const [from, to] = range!.split('-').map((v) => valueOf(field, v));
    for (const [value, raw] of [[from, range!.split('-')[0]], [to, range!.split('-')[1]]] as const) {
      if (raw !== undefined && value === undefined) problems.push(`${raw} is out of range ${field.min}-${field.max}${field.names ? ` (or ${field.names[0]}-${field.names.at(-1)})` : ''}`);
    }
    if (from !== undefined && to !== undefined && from > to) problems.push(`the range '${range}' runs backwards; split it, e.g. '${range!.split('-')[0]}-${field.names?.at(-1) ?? field.max},${field.names?.[0] ?? field.min}-${range!.split('-')[1]}'`);
  }
  return problems;
}

/**
 * L, W and # items: undefined when `item` is none of them, '' when it is valid, else the problem.
 * Documented forms: day-of-month L, LW, 15W; day-of-week L, 6L (last Friday), 2#1 (first Monday).
 * No month or day name contains L or #, and day-of-month has no names, so the letters tell.
 */
function specialItem(field: CronField, item: string): string | undefined {
  const upper = item.toUpperCase();
  if (field.name === 'day-of-month') {
    if (!/[A-Z#]/.test(upper)) return undefined;
    if (upper === 'L' || upper === 'LW') return '';
    const weekday = /^(\d+)W$/.exec(upper);
    if (weekday) return valueOf(field, weekday[1]!) === undefined ? `'${item}': the day before W is 1-31` : '';
    return `'${item}' is not a day-of-month form AWS documents (L, LW or a day and W such as 15W)`;
  }
  if (field.name === 'day-of-week') {
    if (!/[L#]/.test(upper)) return undefined;
    if (upper === 'L') return '';
    const last = /^([A-Z0-9]+)L$/.exec(upper);
    if (last) return valueOf(field, last[1]!) === undefined ? `'${item}': the day before L is 1-7 or SUN-SAT` : '';
    const nth = /^([A-Z0-9]+)#(\d+)$/.exec(upper);
    if (nth) {
      if (valueOf(field, nth[1]!) === undefined) return `'${item}': the day before # is 1-7 or SUN-SAT`;
      return Number(nth[2]) >= 1 && Number(nth[2]) <= 5 ? '' : `'${item}': the week after # is 1-5`;
    }
    return `'${item}' is not a day-of-week form AWS documents (L, a day and L such as 6L, or a day, # and a week such as 2#1)`;
  }
  return item.includes('#') ? `'${item}': # is only allowed in day-of-week` : undefined;
}

function valueOf(field: CronField, text: string): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/** Warnings for a valid expression that can never fire: 31 February, or only past years. */
function neverFires(parts: readonly string[], now: Date): ScheduleProblem[] {
  const days = plainValues(FIELDS[2]!, parts[2]!);
  const months = plainValues(FIELDS[3]!, parts[3]!);
  const longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (days && months && !months.some((m) => days.some((d) => d <= longest[m - 1]!))) {
    return [{ severity: 'warning', message: `cron(${parts.join(' ')}) never fires: no selected month has day ${days.join(', ')}`, hint: 'use L for the last day of the month' }];
  }
  const years = plainValues(FIELDS[5]!, parts[5]!);
  if (years && years.every((y) => y < now.getUTCFullYear())) {
    return [{ severity: 'warning', message: `cron(${parts.join(' ')}) never fires: every selected year is in the past`, hint: 'use * for every year' }];
  }
  return [];
}

/** The values of a field made only of values and ranges (no *, / or specials), else undefined. */
function plainValues(field: CronField, text: string): number[] | undefined {
  const values: number[] = [];
  for (const item of text.split(',')) {
    const [from, to = from] = item.split('-').map((v) => valueOf(field, v));
    if (from === undefined || to === undefined || item.split('-').length > 2) return undefined;
    for (let v = from; v <= to; v++) values.push(v);
  }
  return values;
}
