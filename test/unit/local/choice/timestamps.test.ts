import { describe, it, expect } from 'vitest';
import { parseTimestamp } from '../../../../lib/local/choice/index.ts';

// The Choice state page requires RFC 3339 timestamps with an uppercase T and an uppercase Z (or
// a numeric offset), e.g. 2016-08-18T17:33:00Z.
describe('Function: parseTimestamp', () => {
  it.each([
    ['2016-08-18T17:33:00Z', 1471541580000000000n],
    ['2016-08-18T17:33:00.5Z', 1471541580500000000n],
    ['2016-08-18T17:33:00.123456789Z', 1471541580123456789n],
    ['2016-08-18T19:33:00+02:00', 1471541580000000000n],
    ['2016-08-18T12:03:00-05:30', 1471541580000000000n],
    ['2024-02-29T00:00:00Z', 1709164800000000000n],
    ['1969-12-31T23:59:59Z', -1000000000n],
  ])('%s -> %s ns', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each([
    '2016-08-18t17:33:00Z',
    '2016-08-18T17:33:00z',
    '2016-08-18 17:33:00Z',
    '2016-08-18T17:33:00',
    '2016-08-18',
    '2016-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2016-08-18T24:00:00Z',
    '2016-08-18T17:60:00Z',
    '2016-08-18T17:33:60Z',
    '2016-08-18T17:33:00+24:00',
    '2016-08-18T17:33:00.Z',
    '2016-08-18T17:33:00.1234567890Z',
    '2016-08-18T17:33:00+0200',
  ])('refuses %s', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});
