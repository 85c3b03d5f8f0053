/** The JSONata version gap between the local engine and Step Functions (lib/contracts/jsonataVersion.ts). */
import { describe, expect, it } from 'vitest';
import { laterJsonataOperators } from '../../../lib/contracts/jsonataVersion.ts';

const found = (expression: string) => laterJsonataOperators(expression).map((f) => `${f.operator}@${f.position}`);

describe('Function: laterJsonataOperators', () => {
  it.each([
    ['a ?? b', ['??@2']],
    ['a ?: b', ['?:@2']],
    ['(a)?:b', ['?:@3']],
    ['a / b ?? c', ['??@6']],
    ['a ? $b ?: c : d', ['?:@7']],
    ['$x.y ?? 1 & ($z ?: "")', ['??@5', '?:@16']],
  ])('finds the 2.1 operators in %s', (expression, expected) => {
    expect(found(expression)).toEqual(expected);
  });

  it.each([
    ['a ? b : c'],
    ['x ? y :z'],
    ["'x ?? y' & \"a ?: b\""],
    ["'it\\'s ?? still text'"],
    ['$match(s, /ab??c/i)'],
    ['/* ?? */ a'],
    ['`odd??name`.b'],
  ])('leaves %s alone: conditionals, and ?? inside text, regular expressions, comments and names', (expression) => {
    expect(found(expression)).toEqual([]);
  });
});
