import { describe, it, expect } from 'vitest';
import { readPath, queryPath, parsePath, type PathScope } from '../../../../lib/local/jsonpath/index.ts';
import { thrown } from '../../../helpers/thrown.ts';

const scope: PathScope = {
  context: {
    // Shape from "Context object" > "Context object format" in the Step Functions developer guide.
    Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:run-1', Input: { key: 'value' }, Name: 'run-1' },
    State: { EnteredTime: '2019-03-26T20:14:13.192Z', Name: 'Test', RetryCount: 3 },
    Map: { Item: { Index: 2, Value: { who: 'joe' } } },
  },
  variables: { productName: 'widget', order: { id: 'o-1', lines: [{ sku: 'a' }, { sku: 'b' }] } },
};

// "Paths" > "Reference paths" in the Amazon States Language input/output processing page.
const referenceInput = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true } };

describe('Function: readPath', () => {
  describe('reference paths (Input and output processing > Reference paths)', () => {
    it.each([
      ['$.foo', 123],
      ['$.bar', ['a', 'b', 'c']],
      ['$.car.cdr', true],
      ['$', referenceInput],
    ])('reads %s', (path, expected) => {
      expect(readPath(path, referenceInput, scope)).toEqual(expected);
    });
  });

  describe('dot and bracket notation', () => {
    const data = {
      'a b': 1,
      'it\'s': 2,
      x: { y: [10, 20, 30] },
      'detail-type': 'Scheduled Event',
      detail: { Tags: { 'auto-maintain': 'yes' } },
    };
    it.each([
      ["$['a b']", 1],
      ['$["x"].y', [10, 20, 30]],
      ["$['it\\'s']", 2],
      ['$.x.y[0]', 10],
      ['$.x.y[-1]', 30],
      ['$.x.y[-3]', 10],
      ["$['x']['y'][1]", 20],
      ['$.detail-type', 'Scheduled Event'],
      ['$.detail.Tags.auto-maintain', 'yes'],
    ])('reads %s', (path, expected) => {
      expect(readPath(path, data, scope)).toEqual(expected);
    });

    it('reads `$.[0]` and `$[0].a` on an array input, spellings used by real AWS samples', () => {
      const input = [{ body: 'first' }, { body: 'second' }];
      expect(readPath('$.[0]', input, scope)).toEqual({ body: 'first' });
      expect(readPath('$[1].body', input, scope)).toBe('second');
    });
  });

  describe('indefinite paths return arrays (Input and output processing > Paths: `$.a[0:2]`)', () => {
    const data = { a: [1, 2, 3, 4], o: { p: 1, q: 2 } };
    it.each([
      ['$.a[0:2]', [1, 2]],
      ['$.a[1:]', [2, 3, 4]],
      ['$.a[:2]', [1, 2]],
      ['$.a[-2:]', [3, 4]],
      ['$.a[::2]', [1, 3]],
      ['$.a[*]', [1, 2, 3, 4]],
      ['$.o.*', [1, 2]],
      ['$.o[*]', [1, 2]],
      ['$.a[0,3]', [1, 4]],
      ['$.a[5:]', []],
    ])('reads %s', (path, expected) => {
      expect(readPath(path, data, scope)).toEqual(expected);
    });

    it('returns one-element arrays from a wildcard even when one node matches', () => {
      expect(readPath('$.x[*]', { x: ['only'] }, scope)).toEqual(['only']);
    });
  });

  describe('recursive descent', () => {
    const store = { book: [{ author: 'A', price: 8 }, { author: 'B', price: 12, extra: { author: 'C' } }], author: 'Z' };
    it('collects every matching key at any depth, a node before its descendants (as Jayway does)', () => {
      expect(readPath('$..author', store, scope)).toEqual(['Z', 'A', 'B', 'C']);
    });
    it('supports `..` followed by a bracket', () => {
      expect(readPath('$..book[0].price', store, scope)).toEqual([8]);
    });
  });

  describe('filter expressions', () => {
    const data = {
      items: [
        { a: 1, x: 'y', n: 'one' },
        { a: -2, x: 'z', n: 'two' },
        { a: 5, x: 'y', n: 'three', tag: true },
      ],
      flags: [{ id: 1, keep: true }, { id: 2, keep: false }, { id: 3, keep: null }, { id: 4 }],
      agent_id: 'w2',
      approaches: [{ workerId: 'w1', approach: 'fast' }, { workerId: 'w2', approach: 'safe' }],
    };
    it.each([
      ['$.items[?(@.a > 0)].n', ['one', 'three']],
      ["$.items[?(@.x == 'y')].n", ['one', 'three']],
      ['$.items[?(@.x == "z")].n', ['two']],
      ["$.items[?(@.x != 'y')].a", [-2]],
      ['$.items[?(@.a >= 1 && @.a < 5)].n', ['one']],
      ["$.items[?(@.a < 0 || @.x == 'nope')].n", ['two']],
      ['$.items[?(@.tag)].n', ['three']],
      // Existence tests, as Step Functions Local evaluates them: a false value exists, null does not.
      ['$.flags[?(@.keep)].id', [1, 2]],
      ['$.flags[?(!@.keep)].id', [3, 4]],
      ['$.items[?(!(@.a > 0))].n', ['two']],
      ["$.items[?(@.n in ['one','two'])].a", [1, -2]],
      ['$.items[?(@.n =~ /t.*/)].a', [-2, 5]],
      // A filter may compare with the root document, as the corpus sample `approaches` does.
      ['$.approaches[?(@.workerId == $.agent_id)].approach', ['safe']],
      ['$.items[?(@.a > 100)]', []],
    ])('reads %s', (path, expected) => {
      expect(readPath(path, data, scope)).toEqual(expected);
    });

    it('treats a comparison between different types as false, not as an error', () => {
      expect(readPath("$.items[?(@.a == '1')]", data, scope)).toEqual([]);
      expect(readPath('$.items[?(@.missing > 0)]', data, scope)).toEqual([]);
    });

    it('selects several keys of each item with `[*][\'k1\',\'k2\']`', () => {
      const input = [{ bucket: 'b1', key: 'k1', size: 1 }, { bucket: 'b2', key: 'k2', size: 2 }];
      expect(readPath("$.[*].['bucket', 'key']", input, scope)).toEqual([
        { bucket: 'b1', key: 'k1' },
        { bucket: 'b2', key: 'k2' },
      ]);
    });
  });

  describe('context object and variables', () => {
    it.each([
      ['$$.Execution.Id', 'arn:aws:states:us-east-1:123456789012:execution:sm:run-1'],
      ['$$.Execution.Input.key', 'value'],
      ['$$.State.RetryCount', 3],
      ['$$.Map.Item.Value', { who: 'joe' }],
      ['$$.Map.Item.Index', 2],
    ])('reads %s from the context object (Context object > Accessing the context object)', (path, expected) => {
      expect(readPath(path, { ignored: true }, scope)).toEqual(expected);
    });

    it.each([
      ['$productName', 'widget'],
      ['$order.id', 'o-1'],
      ['$order.lines[1].sku', 'b'],
      ['$order.lines[*].sku', ['a', 'b']],
    ])('reads variable %s (Passing data between states with variables)', (path, expected) => {
      expect(readPath(path, {}, scope)).toEqual(expected);
    });

    it('raises States.Runtime naming an undefined variable', () => {
      const error = thrown(() => readPath('$nope.x', {}, scope));
      expect(error.name).toBe('States.Runtime');
      expect(error.message).toContain("'nope'");
    });
  });

  describe('paths that match nothing', () => {
    it.each(['$.missing', '$.foo.deeper', '$.bar[3]', '$.bar[-4]', '$.car[0]', '$[0]'])(
      'raises States.Runtime for %s',
      (path) => {
        const error = thrown(() => readPath(path, referenceInput, scope));
        expect(error.name).toBe('States.Runtime');
        expect(error.message).toContain(path);
      },
    );

    it('words the message as AWS does for a payload template field', () => {
      const error = thrown(() => readPath('$.nope.deep', { other: 1 }, scope, 'missing.$'));
      expect(error.message).toBe(
        "The JSONPath '$.nope.deep' specified for the field 'missing.$' could not be found in the input '{\"other\":1}'",
      );
    });

    it('names the context object when a `$$` path is missing', () => {
      const error = thrown(() => readPath('$$.Task.Token', {}, scope));
      expect(error.message).toMatch(/^The JSONPath '\$\$\.Task\.Token' could not be found in the context object '\{"Execution"/);
    });

    it('treats a key that exists with value null as present', () => {
      expect(readPath('$.a', { a: null }, scope)).toBeNull();
    });
  });

  describe('malformed paths', () => {
    it.each(['a.b', '$.a[', "$['a", '$.a[1:2:3:4]', '$.a[x]', '$.a[?(@.b >)]', '$.a[::0]', '$.'])(
      'raises States.Runtime for %s',
      (path) => {
        const error = thrown(() => parsePath(path));
        expect(error.name).toBe('States.Runtime');
        expect(error.message).toContain(`Invalid JSONPath '${path}'`);
      },
    );
  });
});

describe('Function: queryPath', () => {
  it('reports definite paths and their match without raising', () => {
    expect(queryPath('$.a', {}, scope)).toEqual({ definite: true, values: [] });
    expect(queryPath('$.a[*]', { a: [1] }, scope)).toEqual({ definite: false, values: [1] });
  });
});
