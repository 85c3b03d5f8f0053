import { describe, expect, it } from 'vitest';
import { sortableTime } from '../../../../lib/local/store/storeKeys.ts';

describe('Function: sortableTime', () => {
  it('keeps an engine date as it is and normalises the others, so string order is time order', () => {
    expect(sortableTime('2026-12-04T13:05:59.123Z')).toBe('2026-12-04T13:05:59.123Z');
    expect(sortableTime('2026-12-04T13:05:59Z')).toBe('2026-12-04T13:05:59.000Z');
    expect(sortableTime('2026-12-04T14:05:59.123+01:00')).toBe('2026-12-04T13:05:59.123Z');
    // A day the month lacks rolls over into the next month, as Date rolls it.
    expect(sortableTime('2026-02-30T00:00:00.000Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(sortableTime('2026-01-31T23:59:59.999Z')).toBe('2026-01-31T23:59:59.999Z');
    expect(() => sortableTime('yesterday')).toThrow(RangeError);
  });
});
