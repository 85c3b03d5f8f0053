import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../../lib/cli/help/didYouMean.ts';

describe('Function: editDistance', () => {
  it.each([
    ['input', 'input', 0],
    ['inptu', 'input', 1],
    ['inpt', 'input', 1],
    ['innput', 'input', 1],
    ['imput', 'input', 1],
    ['', 'json', 4],
    ['stage', 'status', 3],
  ])('%s -> %s is %i edits', (from, to, distance) => {
    expect(editDistance(from, to)).toBe(distance);
    expect(editDistance(to, from)).toBe(distance);
  });
});

describe('Function: closestMatch', () => {
  it('returns the nearest candidate, the earlier one on a tie', () => {
    expect(closestMatch('stauts', ['stage', 'status'])).toBe('status');
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac');
  });

  it('ignores case', () => {
    expect(closestMatch('JSON', ['json'])).toBe('json');
  });

  it('returns undefined when nothing is within a third of the length', () => {
    expect(closestMatch('frobnicate', ['list', 'validate'])).toBeUndefined();
    // One edit is always allowed, but a two-letter word two edits away is not a typo of it.
    expect(closestMatch('xy', ['id'])).toBeUndefined();
    expect(closestMatch('anything', [])).toBeUndefined();
  });
});
