import { describe, it, expect } from 'vitest';
import { writeResultPath } from '../../../../lib/local/jsonpath/index.ts';
import { thrown } from '../../../helpers/thrown.ts';

// Inputs and results from "Specifying state output using ResultPath in Step Functions".
const input = {
  comment: 'This is a test of the input and output of a Task state.',
  details: 'Default example',
  who: 'AWS Step Functions',
};
const result = 'Hello, AWS Step Functions!';

describe('Function: writeResultPath', () => {
  it('replaces the input when ResultPath is omitted (Use ResultPath to replace the input with the result)', () => {
    expect(writeResultPath(input, undefined, result)).toBe(result);
  });

  it("replaces the input when ResultPath is '$'", () => {
    expect(writeResultPath(input, '$', result)).toBe(result);
  });

  it('discards the result when ResultPath is null (Discard the result and keep the original input)', () => {
    expect(writeResultPath(input, null, result)).toBe(input);
  });

  it('adds the result under a new key (Use ResultPath to include the result with the input)', () => {
    expect(writeResultPath(input, '$.taskresult', result)).toEqual({ ...input, taskresult: result });
  });

  it('inserts the result into a child node ($.strings.lambdaresult)', () => {
    const nested = { comment: 'An input comment.', strings: { string1: 'foo', string2: 'bar', string3: 'baz' }, who: 'AWS Step Functions' };
    expect(writeResultPath(nested, '$.strings.lambdaresult', result)).toEqual({
      comment: 'An input comment.',
      strings: { string1: 'foo', string2: 'bar', string3: 'baz', lambdaresult: result },
      who: 'AWS Step Functions',
    });
  });

  it('overwrites an existing node (Use ResultPath to update a node in the input with the result)', () => {
    expect(writeResultPath(input, '$.comment', result)).toEqual({ ...input, comment: result });
  });

  it('keeps the input next to a caught error (Use ResultPath to include both error and input in a Catch)', () => {
    expect(writeResultPath({ foo: 'bar' }, '$.error', { Error: 'Error here' })).toEqual({
      foo: 'bar',
      error: { Error: 'Error here' },
    });
  });

  it('creates every missing object along the path', () => {
    expect(writeResultPath({}, '$.a.b.c', 1)).toEqual({ a: { b: { c: 1 } } });
  });

  it('accepts bracket notation and array indexes of existing items', () => {
    expect(writeResultPath({ 'a b': { list: [1, 2] } }, "$['a b'].list[1]", 9)).toEqual({ 'a b': { list: [1, 9] } });
  });

  it('never mutates the input, and shares untouched branches', () => {
    const original = { keep: { deep: [1] }, change: { x: 1 } };
    const snapshot = structuredClone(original);
    const output = writeResultPath(original, '$.change.y', 2) as typeof original & { change: { y: number } };
    expect(original).toEqual(snapshot);
    expect(output.change).toEqual({ x: 1, y: 2 });
    expect(output.keep).toBe(original.keep);
  });

  it('stores a key named __proto__ as data, not as a prototype', () => {
    const output = writeResultPath({}, "$['__proto__']", { polluted: true }) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('States.ResultPathMatchFailure', () => {
    it.each([
      ['a string input', 'plain text', '$.x'],
      ['a number in the way', { a: 5 }, '$.a.b'],
      ['null in the way', { a: null }, '$.a.b'],
      ['an array where a key is needed', { a: [1] }, '$.a.b'],
      ['an index past the end', { a: [1] }, '$.a[3]'],
      ['an index into an object', { a: { b: 1 } }, '$.a[0]'],
    ])('is raised for %s', (_label, target, path) => {
      const error = thrown(() => writeResultPath(target, path, 1));
      expect(error.name).toBe('States.ResultPathMatchFailure');
      expect(error.message).toContain(path);
    });
  });

  it.each(['$.a[*]', '$..a', '$$.Execution', '$.a[?(@.x)]'])('rejects %s, which is not a reference path', (path) => {
    expect(thrown(() => writeResultPath({ a: [] }, path, 1)).name).toBe('States.Runtime');
  });
});
