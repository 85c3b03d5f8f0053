import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSchedule, zonedToUtc } from '../../../lib/dev/schedules/nextFireTime.ts';

const at = (iso: string): number => Date.parse(iso);
const next = (expression: string, after: string, timezone = 'UTC', start = at('2026-01-01T00:00:00Z')): string | undefined => {
  const when = parseSchedule(expression, timezone, start)(at(after));
  return when === undefined ? undefined : new Date(when).toISOString();
};

afterEach(() => {
  vi.restoreAllMocks();
});

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

  it('skips a cron time that a spring-forward change removes, and runs a repeated one once', () => {
    // New York jumps from 02:00 to 03:00 on 2026-03-08 and back from 02:00 to 01:00 on 2026-11-01.
    expect(next('cron(30 2 * * ? *)', '2026-03-07T08:00:00Z', 'America/New_York')).toBe('2026-03-09T06:30:00.000Z');
    expect(next('cron(30 1 * * ? *)', '2026-10-31T12:00:00Z', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(next('cron(30 1 * * ? *)', '2026-11-01T05:30:00Z', 'America/New_York')).toBe('2026-11-02T06:30:00.000Z');
  });

  it('starts an every-minute cron at the current minute: a few zone lookups, not four a minute since midnight', () => {
    // Prepare: count the time-zone reads (each offset lookup formats the instant once)
    const reads = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');

    // Act: two minutes before midnight, the worst case of a search from 00:00
    const found = next('cron(* * * * ? *)', '2026-06-10T03:58:00Z', 'America/New_York');

    // Assess
    expect(found).toBe('2026-06-10T03:59:00.000Z');
    expect(reads.mock.calls.length).toBeLessThan(20);
  });

  it('keeps an every-minute cron right across daylight saving changes', () => {
    // New York: 01:59 EST is followed by 03:00 EDT on 2026-03-08; 01:00-01:59 repeats on 2026-11-01 and fires once.
    expect(next('cron(* * * * ? *)', '2026-03-08T06:59:00Z', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(next('cron(* * * * ? *)', '2026-11-01T05:59:00Z', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
    expect(next('cron(* * * * ? *)', '2026-11-01T06:30:00Z', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
    expect(next('cron(*/30 * * * ? *)', '2026-11-01T05:10:00Z', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(next('cron(15 23 * * ? *)', '2026-06-10T03:16:00Z', 'America/New_York')).toBe('2026-06-11T03:15:00.000Z');
  });

  it('takes L, LW, W and # in the trigger time zone', () => {
    expect(next('cron(0 9 L * ? *)', '2026-03-30T12:00:00Z', 'Europe/Paris')).toBe('2026-03-31T07:00:00.000Z');
    expect(next('cron(0 12 ? * 6L *)', '2026-02-01T00:00:00Z')).toBe('2026-02-27T12:00:00.000Z');
    expect(next('cron(0 12 ? * FRIL *)', '2026-02-01T00:00:00Z')).toBe('2026-02-27T12:00:00.000Z');
    expect(next('cron(0 12 ? * 3#2 *)', '2026-01-01T00:00:00Z')).toBe('2026-01-13T12:00:00.000Z');
    expect(next('cron(0 12 ? * L *)', '2026-01-01T00:00:00Z')).toBe('2026-01-03T12:00:00.000Z');
    expect(next('cron(0 12 15W * ? *)', '2026-02-01T00:00:00Z')).toBe('2026-02-16T12:00:00.000Z');
    expect(next('cron(0 12 15W * ? *)', '2026-08-01T00:00:00Z')).toBe('2026-08-14T12:00:00.000Z');
  });

  it('finds the last day of February in leap and common years, and of 30- and 31-day months', () => {
    expect(next('cron(0 12 L 2 ? *)', '2024-01-15T00:00:00Z')).toBe('2024-02-29T12:00:00.000Z');
    expect(next('cron(0 12 L 2 ? *)', '2025-01-15T00:00:00Z')).toBe('2025-02-28T12:00:00.000Z');
    expect(next('cron(0 12 L 2 ? *)', '2100-01-15T00:00:00Z')).toBe('2100-02-28T12:00:00.000Z');
    expect(next('cron(0 0 L * ? *)', '2026-01-31T01:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
    expect(next('cron(0 0 L * ? *)', '2026-03-05T00:00:00Z')).toBe('2026-03-31T00:00:00.000Z');
    expect(next('cron(0 0 L * ? *)', '2026-04-05T00:00:00Z')).toBe('2026-04-30T00:00:00.000Z');
    expect(next('cron(0 0 31 * ? *)', '2026-04-01T00:00:00Z')).toBe('2026-05-31T00:00:00.000Z');
  });

  it('moves LW and W off a weekend without leaving the month', () => {
    // January 2026 ends on a Saturday, May 2026 on a Sunday; 1 August 2026 is a Saturday.
    expect(next('cron(0 0 LW * ? *)', '2026-01-01T00:00:00Z')).toBe('2026-01-30T00:00:00.000Z');
    expect(next('cron(0 0 LW * ? *)', '2026-05-01T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
    expect(next('cron(0 0 1W * ? *)', '2026-07-02T00:00:00Z')).toBe('2026-08-03T00:00:00.000Z');
    expect(next('cron(0 0 31W * ? *)', '2026-05-01T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
    // February has no 30th: 30W skips it.
    expect(next('cron(0 0 30W * ? *)', '2026-02-01T00:00:00Z')).toBe('2026-03-30T00:00:00.000Z');
  });

  it('skips a month without a fifth Friday for 6#5, and finds a far one', () => {
    // January 2026 has five Fridays, February to April four, May five.
    expect(next('cron(0 0 ? * 6#5 *)', '2026-01-01T00:00:00Z')).toBe('2026-01-30T00:00:00.000Z');
    expect(next('cron(0 0 ? * 6#5 *)', '2026-02-01T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
    // A fifth Friday in February needs a leap year starting February on a Friday.
    expect(next('cron(0 0 ? 2 6#5 *)', '2026-01-01T00:00:00Z')).toBe('2036-02-29T00:00:00.000Z');
  });

  it('says when a cron never fires again, and names a malformed day form', () => {
    expect(next('cron(0 0 1 1 ? 2020)', '2026-01-01T00:00:00Z')).toBeUndefined();
    expect(() => parseSchedule('cron(0 0 ? * 6#6 *)', 'UTC', 0)).toThrow(/6#6.*week after # is 1-5/);
    expect(() => parseSchedule('cron(0 0 ? * 9L *)', 'UTC', 0)).toThrow(/9L.*'9' is not a day/);
    expect(() => parseSchedule('cron(0 0 32W * ? *)', 'UTC', 0)).toThrow(/32W.*1-31/);
    expect(() => parseSchedule('cron(0 0 L,15 * ? *)', 'UTC', 0)).toThrow(/L,15.*standing alone/);
    expect(() => parseSchedule('cron(0 0 * *)', 'UTC', 0)).toThrow(/6 fields/);
  });
});

describe('Property: L, LW, W and # against a month enumerated day by day', () => {
  const monthDays = (y: number, m: number): { day: number; weekday: number }[] => {
    const days: { day: number; weekday: number }[] = [];
    for (let date = new Date(Date.UTC(y, m, 1)); date.getUTCMonth() === m; date = new Date(date.getTime() + 86_400_000)) days.push({ day: date.getUTCDate(), weekday: date.getUTCDay() });
    return days;
  };
  const isWeekday = (weekday: number): boolean => weekday >= 1 && weekday <= 5;
  const firingsIn = (expression: string, y: number, m: number): number[] => {
    const schedule = parseSchedule(expression, 'UTC', 0);
    const days: number[] = [];
    const end = Date.UTC(y, m + 1, 1);
    for (let when = schedule(Date.UTC(y, m, 1) - 1); when !== undefined && when < end; when = schedule(when)) days.push(new Date(when).getUTCDate());
    return days;
  };
  const months = Array.from({ length: 8 * 12 }, (_, i) => [2024 + Math.floor(i / 12), i % 12] as const);

  it('fires once a month on the day the enumeration picks, from 2024 to 2031', () => {
    for (const [y, m] of months) {
      const days = monthDays(y, m);
      const weekdays = days.filter((d) => isWeekday(d.weekday));
      expect(firingsIn('cron(0 0 L * ? *)', y, m), `L ${y}-${m + 1}`).toEqual([days.at(-1)!.day]);
      expect(firingsIn('cron(0 0 LW * ? *)', y, m), `LW ${y}-${m + 1}`).toEqual([weekdays.at(-1)!.day]);
      for (const target of [1, 15, 31]) {
        const nearest = target > days.length ? [] : [weekdays.reduce((best, d) => (Math.abs(d.day - target) < Math.abs(best.day - target) ? d : best)).day];
        expect(firingsIn(`cron(0 0 ${target}W * ? *)`, y, m), `${target}W ${y}-${m + 1}`).toEqual(nearest);
      }
      for (let aws = 1; aws <= 7; aws++) {
        const same = days.filter((d) => d.weekday === aws - 1).map((d) => d.day);
        expect(firingsIn(`cron(0 0 ? * ${aws}L *)`, y, m), `${aws}L ${y}-${m + 1}`).toEqual([same.at(-1)]);
        for (let week = 1; week <= 5; week++) expect(firingsIn(`cron(0 0 ? * ${aws}#${week} *)`, y, m), `${aws}#${week} ${y}-${m + 1}`).toEqual(same.slice(week - 1, week));
      }
    }
  });
});

describe('Function: zonedToUtc', () => {
  it('converts a wall-clock time of a zone', () => {
    expect(new Date(zonedToUtc('America/New_York', 2026, 6, 4, 12, 0, 0)).toISOString()).toBe('2026-07-04T16:00:00.000Z');
  });

  it('moves a time a spring-forward change skips forward, west and east of Greenwich, and takes a repeated time first', () => {
    expect(new Date(zonedToUtc('America/New_York', 2026, 2, 8, 2, 30, 0)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(zonedToUtc('Europe/Paris', 2026, 2, 29, 2, 30, 0)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(zonedToUtc('America/New_York', 2026, 10, 1, 1, 30, 0)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});
