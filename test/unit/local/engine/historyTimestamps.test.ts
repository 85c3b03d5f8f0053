import { describe, expect, it } from 'vitest';
import { HistoryRecorder, isoTimestamp } from '../../../../lib/local/engine/history.ts';
import type { Clock } from '../../../../lib/local/engine/clock.ts';

describe('Class: HistoryRecorder (timestamps)', () => {
  it.each([0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1234.567, Date.UTC(2024, 0, 1, 23, 59, 59, 999), Date.UTC(2024, 0, 2), 1795887631523.9])(
    'formats %d ms as toISOString would',
    (ms) => {
      let now = 0;
      const clock: Clock = { now: () => now, sleep: async () => {} };
      const history = new HistoryRecorder(clock, 100);
      now = ms - 1000; // a different second first, so the cached prefix must change
      history.add('First', 0);
      now = ms;
      history.add('Second', 1);
      expect(history.events.map((e) => e.timestamp)).toEqual([new Date(Math.floor(ms - 1000)).toISOString(), new Date(Math.floor(ms)).toISOString()]);
    },
  );
});

describe('Function: isoTimestamp', () => {
  it('matches toISOString across many instants, in any order (the memo is shared by every execution)', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const instants = Array.from({ length: 2000 }, () => Math.floor(next() * 4e12));
    for (const ms of [...instants, ...instants.reverse()]) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it.each([-1, -0.5, -1500.25, -62198755200000, 253402300800000, 8.64e15])('formats %d ms (outside four-digit years too) as toISOString would', (ms) => {
    expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });
});
