import { describe, it, expect } from 'vitest';
import { evaluateChoiceRule } from '../../../../lib/local/choice/index.ts';
import type { PathScope } from '../../../../lib/local/jsonpath/index.ts';
import { thrown } from '../../../helpers/thrown.ts';

const scope: PathScope = { context: { State: { RetryCount: 2 } }, variables: { limit: 10 } };

const input = {
  foo: 1,
  str: 'MyString',
  num: 10,
  flag: true,
  ts: '2001-01-01T12:00:00Z',
  tsOffset: '2001-01-01T13:00:00+01:00',
  later: '2001-01-02T00:00:00.5Z',
  nothing: null,
  file: 'log-2024-01.txt',
  star: 'a*b',
  other: { str: 'MyString', num: 10, flag: true, ts: '2001-01-01T12:00:00Z', low: 'A', high: 'z', big: 20 },
};

const rule = (operator: string, operand: unknown, variable = '$.x') => ({ Variable: variable, [operator]: operand });

describe('Function: evaluateChoiceRule', () => {
  describe('examples of "Choice Rules" in the Choice state page', () => {
    it.each([
      [{ Variable: '$.foo', NumericEquals: 1 }, true],
      [{ Variable: '$.str', StringEquals: 'MyString' }, true],
      [{ Variable: '$.str', StringGreaterThan: 'MyStringABC' }, false],
      [{ Variable: '$.ts', TimestampEquals: '2001-01-01T12:00:00Z' }, true],
      [{ Variable: '$.nothing', IsNull: true }, true],
      [{ Variable: '$.file', StringMatches: 'log-*.txt' }, true],
      [
        {
          And: [
            { Variable: '$.keyThatMightNotExist', IsPresent: true },
            { Variable: '$.keyThatMightNotExist', StringEquals: 'foo' },
          ],
        },
        false,
      ],
    ])('%j -> %s', (choiceRule, expected) => {
      expect(evaluateChoiceRule(choiceRule, input, scope)).toBe(expected);
    });
  });

  describe('every comparison operator and its Path form', () => {
    it.each([
      ['StringEquals', 'MyString', '$.str', true],
      ['StringEquals', 'mystring', '$.str', false],
      ['StringLessThan', 'MyStrinh', '$.str', true],
      ['StringLessThan', 'MyString', '$.str', false],
      ['StringGreaterThan', 'MyStrinf', '$.str', true],
      ['StringLessThanEquals', 'MyString', '$.str', true],
      ['StringGreaterThanEquals', 'MyString', '$.str', true],
      ['StringGreaterThanEquals', 'MyStrinh', '$.str', false],
      ['NumericEquals', 10, '$.num', true],
      ['NumericEquals', 10.5, '$.num', false],
      ['NumericLessThan', 11, '$.num', true],
      ['NumericLessThan', 10, '$.num', false],
      ['NumericGreaterThan', 9.99, '$.num', true],
      ['NumericLessThanEquals', 10, '$.num', true],
      ['NumericGreaterThanEquals', 10, '$.num', true],
      ['NumericGreaterThanEquals', 10.01, '$.num', false],
      ['BooleanEquals', true, '$.flag', true],
      ['BooleanEquals', false, '$.flag', false],
      ['TimestampEquals', '2001-01-01T12:00:00Z', '$.tsOffset', true],
      ['TimestampLessThan', '2001-01-01T12:00:00.001Z', '$.ts', true],
      ['TimestampLessThan', '2001-01-01T12:00:00Z', '$.ts', false],
      ['TimestampGreaterThan', '2001-01-02T00:00:00.499999999Z', '$.later', true],
      ['TimestampLessThanEquals', '2001-01-01T12:00:00Z', '$.ts', true],
      ['TimestampGreaterThanEquals', '2001-01-01T11:59:59Z', '$.ts', true],
      ['TimestampGreaterThanEquals', '2001-01-01T12:00:01Z', '$.ts', false],
    ])('%s %j on %s -> %s', (operator, operand, variable, expected) => {
      expect(evaluateChoiceRule(rule(operator, operand, variable), input, scope)).toBe(expected);
    });

    it.each([
      ['StringEqualsPath', '$.other.str', '$.str', true],
      ['StringLessThanPath', '$.other.high', '$.str', true],
      ['StringGreaterThanPath', '$.other.low', '$.str', true],
      ['StringLessThanEqualsPath', '$.other.str', '$.str', true],
      ['StringGreaterThanEqualsPath', '$.other.high', '$.str', false],
      ['NumericEqualsPath', '$.other.num', '$.num', true],
      ['NumericLessThanPath', '$.other.big', '$.num', true],
      ['NumericGreaterThanPath', '$.other.big', '$.num', false],
      ['NumericLessThanEqualsPath', '$.other.num', '$.num', true],
      ['NumericGreaterThanEqualsPath', '$.other.big', '$.num', false],
      ['BooleanEqualsPath', '$.other.flag', '$.flag', true],
      ['TimestampEqualsPath', '$.other.ts', '$.tsOffset', true],
      ['TimestampLessThanPath', '$.later', '$.ts', true],
      ['TimestampGreaterThanPath', '$.later', '$.ts', false],
      ['TimestampLessThanEqualsPath', '$.other.ts', '$.ts', true],
      ['TimestampGreaterThanEqualsPath', '$.later', '$.ts', false],
      ['NumericLessThanPath', '$limit', '$.foo', true],
      ['NumericEqualsPath', '$$.State.RetryCount', '$.foo', false],
    ])('%s %s on %s -> %s', (operator, operandPath, variable, expected) => {
      expect(evaluateChoiceRule(rule(operator, operandPath, variable), input, scope)).toBe(expected);
    });
  });

  describe('a value of the wrong type makes the comparison false, never an error', () => {
    it.each([
      // "Step Functions doesn't attempt to match a numeric field to a string value."
      ['NumericEquals', 1, { x: '1' }],
      ['StringEquals', '1', { x: 1 }],
      ['BooleanEquals', true, { x: 'true' }],
      ['NumericLessThan', 5, { x: null }],
      ['StringMatches', '*', { x: 5 }],
      ['TimestampEquals', '2001-01-01T12:00:00Z', { x: 'not a timestamp' }],
      ['TimestampLessThan', '2001-01-01T12:00:00Z', { x: 978350400000 }],
      ['StringEquals', 'x', { x: ['x'] }],
      ['NumericEqualsPath', '$.y', { x: 1, y: '1' }],
    ])('%s %j on %j is false', (operator, operand, data) => {
      expect(evaluateChoiceRule(rule(operator, operand), data, scope)).toBe(false);
    });

    it('lets StringEquals match a timestamp, which is logically a string', () => {
      expect(evaluateChoiceRule({ Variable: '$.ts', StringEquals: '2001-01-01T12:00:00Z' }, input, scope)).toBe(true);
    });
  });

  describe('StringMatches wildcards and escapes', () => {
    it.each([
      ['log-2024-01.txt', 'log-*.txt', true],
      ['log-.txt', 'log-*.txt', true],
      ['log-2024-01.csv', 'log-*.txt', false],
      ['logX2024.txt', 'log-*.txt', false],
      ['anything at all', '*', true],
      ['', '*', true],
      ['a*b', 'a\\*b', true],
      ['aXb', 'a\\*b', false],
      ['a\\b', 'a\\\\b', true],
      ['a.b (1)+[x]', 'a.b (*)+[x]', true],
      ['multi\nline', 'multi*line', true],
      ['ABC', 'abc', false],
    ])('%j matches %j -> %s', (value, pattern, expected) => {
      expect(evaluateChoiceRule({ Variable: '$.x', StringMatches: pattern }, { x: value }, scope)).toBe(expected);
    });

    it('matches a many-star pattern against a long value quickly (no regex backtracking)', () => {
      const started = performance.now();
      const value = 'a'.repeat(20_000);
      expect(evaluateChoiceRule({ Variable: '$.x', StringMatches: '*a*a*a*a*a*a*a*b' }, { x: value }, scope)).toBe(false);
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });

  describe('type tests', () => {
    it.each([
      ['IsNull', true, null, true],
      ['IsNull', true, 0, false],
      ['IsNull', false, 'x', true],
      ['IsNumeric', true, 1.5, true],
      ['IsNumeric', true, '1.5', false],
      ['IsString', true, '', true],
      ['IsString', true, 1, false],
      ['IsBoolean', true, false, true],
      ['IsBoolean', true, 'false', false],
      ['IsTimestamp', true, '2016-08-18T17:33:00Z', true],
      ['IsTimestamp', true, '2016-08-18t17:33:00z', false],
      ['IsTimestamp', false, '2016-08-18', true],
    ])('%s: %s on %j -> %s', (operator, operand, value, expected) => {
      expect(evaluateChoiceRule({ Variable: '$.x', [operator]: operand }, { x: value }, scope)).toBe(expected);
    });

    it.each([
      [true, { x: null }, true],
      [true, { y: 1 }, false],
      [false, { y: 1 }, true],
      [false, { x: 0 }, false],
    ])('IsPresent %s on %j -> %s', (operand, data, expected) => {
      expect(evaluateChoiceRule({ Variable: '$.x', IsPresent: operand }, data, scope)).toBe(expected);
    });

    it('IsPresent is false for an indefinite path that matches nothing', () => {
      expect(evaluateChoiceRule({ Variable: '$.items[?(@.a > 5)]', IsPresent: true }, { items: [{ a: 1 }] }, scope)).toBe(false);
    });
  });

  describe('And, Or, Not', () => {
    it.each([
      [{ And: [rule('NumericGreaterThan', 0, '$.num'), rule('NumericLessThan', 20, '$.num')] }, true],
      [{ And: [rule('NumericGreaterThan', 0, '$.num'), rule('NumericLessThan', 5, '$.num')] }, false],
      [{ Or: [rule('NumericLessThan', 5, '$.num'), rule('StringEquals', 'MyString', '$.str')] }, true],
      [{ Or: [rule('NumericLessThan', 5, '$.num'), rule('BooleanEquals', false, '$.flag')] }, false],
      [{ Not: rule('StringEquals', 'Private', '$.str') }, true],
      [{ Not: { Or: [{ Not: rule('NumericEquals', 10, '$.num') }] } }, true],
    ])('%j -> %s', (choiceRule, expected) => {
      expect(evaluateChoiceRule(choiceRule, input, scope)).toBe(expected);
    });

    it('stops at the first false operand of And, so IsPresent can guard a later rule', () => {
      const guarded = { And: [rule('IsPresent', true, '$.absent'), rule('NumericEquals', 1, '$.absent')] };
      expect(evaluateChoiceRule(guarded, {}, scope)).toBe(false);
    });
  });

  describe('errors', () => {
    it('raises States.Runtime when the Variable is missing (Choice state example note on $.type)', () => {
      const error = thrown(() => evaluateChoiceRule({ Variable: '$.type', StringEquals: 'Private' }, { value: 22 }, scope));
      expect(error.name).toBe('States.Runtime');
      expect(error.message).toBe("Invalid path '$.type': The choice state's condition path references an invalid value.");
    });

    it('raises States.Runtime when the path of a ...Path operand is missing', () => {
      const error = thrown(() => evaluateChoiceRule(rule('NumericEqualsPath', '$.nope', '$.num'), input, scope));
      expect(error.name).toBe('States.Runtime');
      expect(error.message).toContain('$.nope');
    });

    it.each([
      [{ Variable: '$.num', NumericEquals: 1, StringEquals: 'a' }, 'exactly one comparison operator'],
      [{ Variable: '$.num' }, 'exactly one comparison operator'],
      [{ Variable: '$.num', NumericIsBig: 1 }, "unknown comparison operator 'NumericIsBig'"],
      [{ Variable: '$.str', StringMatchesPath: '$.str' }, "unknown comparison operator 'StringMatchesPath'"],
      [{ NumericEquals: 1 }, "a comparison needs a string 'Variable'"],
      [{ And: [] }, "'And' must be a non-empty array"],
      [{ Not: [] }, "'Not' must hold one Choice rule"],
      [{ Variable: '$.num', IsNull: 'yes' }, "'IsNull' must be true or false"],
    ])('raises States.Runtime for the invalid rule %j', (choiceRule, fragment) => {
      const error = thrown(() => evaluateChoiceRule(choiceRule as Record<string, unknown>, input, scope));
      expect(error.name).toBe('States.Runtime');
      expect(error.message).toContain(fragment);
    });
  });
});
