import { describe, expect, it } from 'vitest';
import { parseSchedule, zonedToUtc } from '../../../lib/dev/schedules/nextFireTime.ts';

const at = (iso: string): number => Date.parse(iso);
const next = (expression: string, after: string, timezone = 'UTC', start = at('2026-01-01T00:00:00Z')): string | undefined => {
  const when = parseSchedule(expression, timezone, start)(at(after));
  return when === undefined ? undefined : new Date(when).toISOString();
};

describe('Function: parseSchedule', () => {
  it('counts a rate from the start', () => {
    expect(next('rate(5 minutes)', '2026-01-01T00:07:00Z')).toBe('2026-01-01T00:10:00.000Z');
    expect(next('rate(1 day)', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('fires at() once, in its time zone', () => {
    expect(next('at(2026-03-01T09:30:00)', '2026-02-01T00:00:00Z', 'Europe/Paris')).toBe('2026-03-01T08:30:00.000Z');
    expect(next('at(2026-03-01T09:30:00)', '2026-03-02T00:00:00Z', 'Europe/Paris')).toBeUndefined();
  });

  it('finds the next cron time with steps, ranges, lists and names', () => {
    expect(next('cron(0 2 * * ? *)', '2026-01-01T02:00:00Z')).toBe('2026-01-02T02:00:00.000Z');
    expect(next('cron(*/15 9-17 ? * MON-FRI *)', '2026-01-02T17:50:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next('cron(30 8 1,15 JAN,JUL ? 2027)', '2026-06-01T00:00:00Z')).toBe('2027-01-01T08:30:00.000Z');
  });

  it('follows the time zone across a daylight saving change', () => {
    // Paris moves from UTC+1 to UTC+2 on 2026-03-29.
    expect(next('cron(0 9 * * ? *)', '2026-03-28T12:00:00Z', 'Europe/Paris')).toBe('2026-03-29T07:00:00.000Z');
    expect(next('cron(0 9 * * ? *)', '2026-03-27T12:00:00Z', 'Europe/Paris')).toBe('2026-03-28T08:00:00.000Z');
  });

  it('refuses the forms it does not compute, naming them', () => {
    expect(() => parseSchedule('cron(0 0 L * ? *)', 'UTC', 0)).toThrow(/L, W or #/);
    expect(() => parseSchedule('cron(0 0 ? * 6#3 *)', 'UTC', 0)).toThrow(/L, W or #/);
    expect(() => parseSchedule('cron(0 0 15W * ? *)', 'UTC', 0)).toThrow(/L, W or #/);
    expect(() => parseSchedule('cron(0 0 * *)', 'UTC', 0)).toThrow(/6 fields/);
  });
});

describe('Function: zonedToUtc', () => {
  it('converts a wall-clock time of a zone', () => {
    expect(new Date(zonedToUtc('America/New_York', 2026, 6, 4, 12, 0, 0)).toISOString()).toBe('2026-07-04T16:00:00.000Z');
  });
});
