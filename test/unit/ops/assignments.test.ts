import { describe, expect, it } from 'vitest';
import { applyAssignments, parseAssignments, parseValue } from '../../../lib/ops/config/assignments.ts';
import { formatChange, parseChange } from '../../../lib/ops/config/changeRecord.ts';
import { InvalidRequestError } from '../../../lib/ops/errors.ts';

describe('Function: parseAssignments', () => {
  it.each([
    ['deploysFrozen=true', ['deploysFrozen'], true],
    ['deploysFrozen=false', ['deploysFrozen'], false],
    ['verifyAttempts=3', ['verifyAttempts'], 3],
    ['ratio=0.25', ['ratio'], 0.25],
    ['tag="007"', ['tag'], '007'],
    ['freezeReason=incident 42', ['freezeReason'], 'incident 42'],
    ['empty=', ['empty'], ''],
    ['list=[1, 2]', ['list'], [1, 2]],
    ['obj={"a":1}', ['obj'], { a: 1 }],
    ['none=null', ['none'], null],
    ['limits.rate=5', ['limits', 'rate'], 5],
    ['url=https://x.example/a=b', ['url'], 'https://x.example/a=b'],
  ])('parses %s', (arg, path, value) => {
    // Act
    const [assignment] = parseAssignments([arg]);
    // Assess
    expect(assignment).toEqual({ path, value });
  });

  it.each([
    ['deploysFrozen', /is not key=value/],
    ['=true', /is not key=value/],
    ['a..b=1', /is not a valid key/],
    ['a b=1', /is not a valid key/],
    ['__proto__.x=1', /is not a valid key/],
    ['x={"open":', /starts like JSON but is not valid JSON/],
  ])('refuses %s', (arg, message) => {
    // Act / Assess
    expect(() => parseAssignments([arg])).toThrow(InvalidRequestError);
    expect(() => parseAssignments([arg])).toThrow(message);
  });

  it('treats text that is not JSON as a string', () => {
    expect(parseValue('yes please')).toBe('yes please');
  });
});

describe('Function: applyAssignments', () => {
  it('sets top-level and nested keys on a copy, creating objects on the way', () => {
    // Prepare
    const document = { deploysFrozen: false, limits: { rate: 1, burst: 2 } };
    // Act
    const next = applyAssignments(document, parseAssignments(['deploysFrozen=true', 'limits.rate=5', 'new.deep.key="x"']));
    // Assess
    expect(next).toEqual({ deploysFrozen: true, limits: { rate: 5, burst: 2 }, new: { deep: { key: 'x' } } });
    expect(document).toEqual({ deploysFrozen: false, limits: { rate: 1, burst: 2 } });
  });

  it('refuses to reach through a value that is not an object', () => {
    expect(() => applyAssignments({ a: 1 }, parseAssignments(['a.b=2']))).toThrow(/'a' holds 1, not an object/);
  });
});

describe('Functions: formatChange / parseChange', () => {
  it('round-trips reason, author and time', () => {
    // Act
    const text = formatChange({ reason: 'freeze (incident 42)', author: 'alice', at: '2026-11-28T03:00:00.000Z' });
    // Assess
    expect(text).toBe('freeze (incident 42) (by alice at 2026-11-28T03:00:00.000Z)');
    expect(parseChange(text)).toEqual({ reason: 'freeze (incident 42)', author: 'alice', at: '2026-11-28T03:00:00.000Z' });
  });

  it('keeps within AppConfig\'s 1024 characters, shortening the reason only', () => {
    // Act
    const text = formatChange({ reason: 'x'.repeat(2000), author: 'bob', at: '2026-11-28T03:00:00.000Z' });
    // Assess
    expect(text.length).toBe(1024);
    expect(parseChange(text).author).toBe('bob');
  });

  it('reads a description written by another tool as the reason alone', () => {
    expect(parseChange('set by the console')).toEqual({ reason: 'set by the console' });
    expect(parseChange(undefined)).toEqual({});
  });
});
