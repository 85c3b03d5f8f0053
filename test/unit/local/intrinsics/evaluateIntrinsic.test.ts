import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { evaluateIntrinsic, isIntrinsic } from '../../../../lib/local/intrinsics/index.ts';
import type { PathScope } from '../../../../lib/local/jsonpath/index.ts';
import { thrown } from '../../../helpers/thrown.ts';

/** A scripted random source, so States.UUID and States.MathRandom are deterministic. */
function scriptedRandom(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

const scope: PathScope = {
  context: { Execution: { Name: 'run-9' } },
  variables: { greeting: 'hey', nums: [2, 4] },
  random: scriptedRandom([0.5]),
};

// Inputs of the examples on the "Intrinsic functions for JSONPath states" page of the developer guide.
const input = {
  name: 'Arnav',
  template: 'Hello, my name is {}.',
  escapedJsonString: '{"foo": "bar"}',
  unescapedJson: { foo: 'bar' },
  Id: 123456,
  inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  dupes: [1, 2, 3, 3, 3, 3, 3, 3, 4],
  lookingFor: 5,
  index: 5,
  base64Input: 'Data to encode',
  base64: 'RGF0YSB0byBlbmNvZGU=',
  Data: 'input data',
  Algorithm: 'SHA-1',
  json1: { a: { a1: 1, a2: 2 }, b: 2 },
  json2: { a: { a3: 1, a4: 2 }, c: 3 },
  start: 1,
  end: 999,
  value1: 111,
  step: -1,
  inputString: '1,2,3,4,5',
  splitter: ',',
  multiString: 'This.is+a,test=string',
  multiSplitter: '.+,=',
  someJson: { random: 'abcdefg' },
  // A template read from the input: `\{\}` stays text, a backslash before anything else stays.
  pathTemplate: 'C:\\dir \\{\\} {}',
};

describe('Function: evaluateIntrinsic', () => {
  describe('documented examples', () => {
    it.each([
      // Intrinsics for string operation / JSON data manipulation
      ["States.Format('Hello, my name is {}.', $.name)", 'Hello, my name is Arnav.'],
      ['States.Format($.template, $.name)', 'Hello, my name is Arnav.'],
      ["States.Format('Your name is {}, we are in the year {}', $.name, 2020)", 'Your name is Arnav, we are in the year 2020'],
      ['States.StringToJson($.escapedJsonString)', { foo: 'bar' }],
      ['States.JsonToString($.unescapedJson)', '{"foo":"bar"}'],
      ['States.JsonMerge($.json1, $.json2, false)', { a: { a3: 1, a4: 2 }, b: 2, c: 3 }],
      ['States.StringSplit($.inputString, $.splitter)', ['1', '2', '3', '4', '5']],
      ['States.StringSplit($.multiString, $.multiSplitter)', ['This', 'is', 'a', 'test', 'string']],
      // Intrinsics for arrays
      ['States.Array($.Id)', [123456]],
      ["States.Array('Foo', 2020, $.someJson, null)", ['Foo', 2020, { random: 'abcdefg' }, null]],
      ['States.ArrayPartition($.inputArray,4)', [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
      ['States.ArrayContains($.inputArray, $.lookingFor)', true],
      ['States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
      ['States.ArrayGetItem($.inputArray, $.index)', 6],
      ['States.ArrayLength($.inputArray)', 9],
      ['States.ArrayUnique($.dupes)', [1, 2, 3, 4]],
      // Intrinsics for data encoding and decoding
      ['States.Base64Encode($.base64Input)', 'RGF0YSB0byBlbmNvZGU='],
      ['States.Base64Decode($.base64)', 'Data to encode'],
      // Intrinsics for Math operations
      ['States.MathAdd($.value1, $.step)', 110],
    ])('%s', (expression, expected) => {
      expect(evaluateIntrinsic(expression, input, scope)).toEqual(expected);
    });

    it('States.Hash($.Data, $.Algorithm) returns the SHA-1 hex digest', () => {
      // The guide prints "aaff4a450a104cd177d28d18d7485e8cae074b7", which has one hex digit
      // missing; this is the real SHA-1 of "input data".
      expect(evaluateIntrinsic('States.Hash($.Data, $.Algorithm)', input, scope)).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    });
  });

  describe('States.Format escapes (Reserved characters in intrinsic functions)', () => {
    it.each([
      ["States.Format('escaped \\{\\} and {}', $.name)", 'escaped {} and Arnav'],
      ["States.Format('it\\'s {}', $.name)", "it's Arnav"],
      ["States.Format('back\\\\slash {}', $.name)", 'back\\slash Arnav'],
      ["States.Format('{} {} {} {}', 1.5, true, null, 'x')", '1.5 true null x'],
      ["States.Format('no placeholders')", 'no placeholders'],
      ['States.Format($.pathTemplate, $.name)', 'C:\\dir {} Arnav'],
      ["States.Format('unload (\\'{}\\') to \\'s3://{}\\'', $.name, $.name)", "unload ('Arnav') to 's3://Arnav'"],
    ])('%s', (expression, expected) => {
      expect(evaluateIntrinsic(expression, input, scope)).toBe(expected);
    });
  });

  describe('States.Hash algorithms', () => {
    it.each([
      ['MD5', 'md5'],
      ['SHA-1', 'sha1'],
      ['SHA-256', 'sha256'],
      ['SHA-384', 'sha384'],
      ['SHA-512', 'sha512'],
    ])('%s', (algorithm, nodeName) => {
      const expected = createHash(nodeName).update('input data').digest('hex');
      expect(evaluateIntrinsic(`States.Hash($.Data, '${algorithm}')`, input, scope)).toBe(expected);
    });
  });

  describe('randomness comes from the scope', () => {
    it('States.UUID builds a version 4 UUID from the injected source', () => {
      const uuid = evaluateIntrinsic('States.UUID()', {}, { ...scope, random: scriptedRandom([0]) });
      expect(uuid).toBe('00000000-0000-4000-8000-000000000000');
      const other = evaluateIntrinsic('States.UUID()', {}, { ...scope, random: scriptedRandom([0.999]) });
      expect(other).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    });

    it('States.UUID without an injected source still returns a v4 UUID', () => {
      const uuid = evaluateIntrinsic('States.UUID()', {}, { context: {}, variables: {} });
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it.each([
      [0, 1],
      [0.5, 500],
      [0.999999, 998],
    ])('States.MathRandom($.start, $.end) with random() = %s gives %s (end exclusive)', (r, expected) => {
      expect(evaluateIntrinsic('States.MathRandom($.start, $.end)', input, { ...scope, random: () => r })).toBe(expected);
    });

    it('States.MathRandom with a seed returns the same number every time, whatever the source', () => {
      const a = evaluateIntrinsic('States.MathRandom(1, 999, 42)', {}, { ...scope, random: () => 0 });
      const b = evaluateIntrinsic('States.MathRandom(1, 999, 42)', {}, { ...scope, random: () => 0.9 });
      expect(a).toBe(b);
      expect(a).toBeGreaterThanOrEqual(1);
      expect(a).toBeLessThan(999);
    });
  });

  describe('arguments from the context object, variables and nested calls', () => {
    it.each([
      ["States.Format('{}-{}', $$.Execution.Name, $greeting)", 'run-9-hey'],
      ['States.ArrayLength($nums)', 2],
      ['States.ArrayGetItem(States.StringSplit($.multiString, $.multiSplitter), 4)', 'string'],
      ["States.JsonMerge(States.StringToJson('{\"a\": 1}'), States.StringToJson('{\"NewField\": \"MyValue\" }'), false)", { a: 1, NewField: 'MyValue' }],
      ['States.JsonToString(States.Array(1, 2))', '[1,2]'],
      ['States.MathAdd(1.4, 2.6)', 4],
      // MIME decoding skips line breaks and other characters outside the Base64 alphabet.
      ["States.Base64Decode('RGF0YSB0\r\nbyBlbmNv\nZGU=')", 'Data to encode'],
      ["States.Base64Encode('héllo ✓')", 'aMOpbGxvIOKckw=='],
      ["States.Base64Decode(States.Base64Encode('héllo ✓'))", 'héllo ✓'],
      ['States.ArrayRange(5, 1, -2)', [5, 3, 1]],
      ['States.ArrayRange(1, 0, 1)', []],
      ["States.ArrayContains(States.Array(States.StringToJson('{\"b\":2,\"a\":1}')), States.StringToJson('{\"a\":1,\"b\":2}'))", true],
      ["States.ArrayUnique(States.Array('x', 1, 'x', 1.0, States.StringToJson('[1]'), States.StringToJson('[1]')))", ['x', 1, [1]]],
      ["States.StringSplit(',,a,,b,', ',')", ['a', 'b']],
    ])('%s', (expression, expected) => {
      expect(evaluateIntrinsic(expression, input, scope)).toEqual(expected);
    });

    const arnInput = { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.2.3' } };
    const versionPart = (i: number) =>
      `States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), ${i})`;

    it('resolves deeply nested calls like the myArn example of the guide', () => {
      const expression = `States.Format('{}.{}.{}', ${versionPart(0)}, ${versionPart(1)}, ${versionPart(2)})`;
      expect(evaluateIntrinsic(expression, arnInput, scope)).toBe('1.2.3');
    });

    it('rejects the guide\'s myArn example as printed: three {} but two arguments', () => {
      const expression = `States.Format('{}.{}.{}', ${versionPart(0)}, ${versionPart(1)})`;
      const error = thrown(() => evaluateIntrinsic(expression, arnInput, scope));
      expect(error.name).toBe('States.IntrinsicFailure');
      expect(error.message).toContain('placeholders');
    });
  });

  describe('errors name the function and the argument', () => {
    it.each([
      ["States.Format('{} {}', 'only one')", 'States.IntrinsicFailure', 'States.Format'],
      ["States.Format('{}', 'a', 'b')", 'States.IntrinsicFailure', 'States.Format'],
      ["States.Format('{}', $.someJson)", 'States.IntrinsicFailure', 'States.Format argument 2'],
      ['States.Format($.Id)', 'States.IntrinsicFailure', 'States.Format argument 1'],
      ["States.StringToJson('{not json')", 'States.IntrinsicFailure', 'States.StringToJson argument 1'],
      ['States.ArrayPartition($.inputArray, 0)', 'States.IntrinsicFailure', 'States.ArrayPartition argument 2'],
      ['States.ArrayPartition($.name, 2)', 'States.IntrinsicFailure', 'States.ArrayPartition argument 1'],
      ['States.ArrayRange(1, 9, 0)', 'States.IntrinsicFailure', 'States.ArrayRange argument 3'],
      ['States.ArrayRange(1, 1.5, 1)', 'States.IntrinsicFailure', 'States.ArrayRange argument 2'],
      ['States.ArrayRange(0, 1000, 1)', 'States.IntrinsicFailure', '1001 items'],
      ['States.ArrayGetItem($.inputArray, 9)', 'States.IntrinsicFailure', 'States.ArrayGetItem argument 2'],
      ['States.ArrayLength($.someJson)', 'States.IntrinsicFailure', 'States.ArrayLength argument 1'],
      ['States.Base64Decode($.Id)', 'States.IntrinsicFailure', 'States.Base64Decode argument 1'],
      ["States.Hash('x', 'SHA-3')", 'States.IntrinsicFailure', 'States.Hash argument 2'],
      ['States.JsonMerge($.json1, $.json2, true)', 'States.IntrinsicFailure', 'States.JsonMerge argument 3'],
      ['States.JsonMerge($.json1, $.inputArray, false)', 'States.IntrinsicFailure', 'States.JsonMerge argument 2'],
      ['States.MathRandom(10, 1)', 'States.IntrinsicFailure', 'States.MathRandom argument 2'],
      ["States.MathAdd(1, '2')", 'States.IntrinsicFailure', 'States.MathAdd argument 2'],
      ['States.MathAdd(2147483648, 0)', 'States.IntrinsicFailure', 'States.MathAdd argument 1'],
      ["States.StringSplit($.Id, ',')", 'States.IntrinsicFailure', 'States.StringSplit argument 1'],
      ['States.UUID(1)', 'States.IntrinsicFailure', 'States.UUID'],
      ['States.ArrayLength()', 'States.IntrinsicFailure', 'expected 1 argument(s), got 0'],
      ['States.NoSuchThing(1)', 'States.IntrinsicFailure', 'States.NoSuchThing'],
      ['States.ArrayLength($.missing)', 'States.Runtime', '$.missing'],
    ])('%s raises %s', (expression, errorName, fragment) => {
      const error = thrown(() => evaluateIntrinsic(expression, input, scope));
      expect(error.name).toBe(errorName);
      expect(error.message).toContain(fragment);
    });

    it('limits Base64 and Hash data to 10,000 characters', () => {
      const long = { s: 'x'.repeat(10_001) };
      expect(thrown(() => evaluateIntrinsic('States.Base64Encode($.s)', long, scope)).message).toContain('at most 10000');
      expect(thrown(() => evaluateIntrinsic("States.Hash($.s, 'MD5')", long, scope)).name).toBe('States.IntrinsicFailure');
    });
  });
});

describe('Function: isIntrinsic', () => {
  it.each([
    ['States.Format($.a)', true],
    ['  States.UUID()', true],
    ['$.a', false],
    ['$$.Execution.Id', false],
    ['States.Format', false],
    [42, false],
  ])('%s -> %s', (value, expected) => {
    expect(isIntrinsic(value)).toBe(expected);
  });
});

describe('Function: evaluateIntrinsic error wording', () => {
  it('names the whole call, as AWS does ("The function ... had the following error")', () => {
    const error = thrown(() => evaluateIntrinsic("States.Format('period {} to {}', $.fromDate, $.toDate)", { fromDate: 'a' }, scope));
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toBe(
      "The function 'States.Format('period {} to {}', $.fromDate, $.toDate)' had the following error: " +
        "The JSONPath '$.toDate' could not be found in the input '{\"fromDate\":\"a\"}'",
    );
  });
});
