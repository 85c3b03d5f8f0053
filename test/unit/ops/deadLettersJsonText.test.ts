/**
 * The exact text of a part of a JSON document: what a replay hands the target must be the bytes
 * the sender wrote, never a re-serialization (big integers, 1.10, 1e2, escapes stay as written).
 */
import { describe, expect, it } from 'vitest';
import { jsonTextAt, numbersThatChange, selectJsonText, simplePathSteps } from '../../../lib/ops/deadLetters/jsonText.ts';

const DOC = `{
  "id": "ev-1",
  "detail": { "big": 12345678901234567891, "price": 1.10, "hundred": 1e2, "neg": -0,
    "text": "caf\\u00e9 \\"quoted\\" {not: an object} [nor, an array]",
    "items": [ {"sku": "a\\\\b", "qty": 2.50}, {"sku": "}{", "qty": 3} ],
    "nested": {"a": {"b": [1, [2, {"c": "d"}]]}} },
  "detail": { "dup": "the last of duplicate keys counts, as with JSON.parse" },
  "x/y": true
}`;

describe('Function: simplePathSteps', () => {
  it('reads dotted names and indexes, and nothing else', () => {
    expect(simplePathSteps('$')).toEqual([]);
    expect(simplePathSteps('$.detail.items[1].sku')).toEqual([{ key: 'detail' }, { key: 'items' }, { index: 1 }, { key: 'sku' }]);
    expect(simplePathSteps('$.x/y')).toEqual([{ key: 'x/y' }]);
    expect(simplePathSteps('$.detail.*')).toBeUndefined();
    expect(simplePathSteps("$['detail']")).toBeUndefined();
    expect(simplePathSteps('detail')).toBeUndefined();
  });
});

describe('Function: jsonTextAt', () => {
  const first = DOC.slice(0, DOC.indexOf('"detail": { "dup"')) + '"z": 0\n}';

  it('returns the source span of the value, numbers and escapes as written', () => {
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'big' }])).toBe('12345678901234567891');
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'price' }])).toBe('1.10');
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'hundred' }])).toBe('1e2');
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'text' }])).toBe('"caf\\u00e9 \\"quoted\\" {not: an object} [nor, an array]"');
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'items' }, { index: 1 }])).toBe('{"sku": "}{", "qty": 3}');
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'items' }, { index: 0 }, { key: 'sku' }])).toBe('"a\\\\b"');
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'nested' }, { key: 'a' }, { key: 'b' }, { index: 1 }, { index: 1 }])).toBe('{"c": "d"}');
    expect(jsonTextAt(first, [])).toBe(first.trim());
  });

  it('takes the whole object span, inner braces and quotes in strings included', () => {
    const detail = jsonTextAt(first, [{ key: 'detail' }])!;
    expect(detail.startsWith('{ "big": 12345678901234567891')).toBe(true);
    expect(detail.endsWith('"c": "d"}]]}} }')).toBe(true);
    expect(JSON.parse(detail)).toEqual(JSON.parse(first).detail);
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    expect(jsonTextAt(DOC, [{ key: 'detail' }])).toBe('{ "dup": "the last of duplicate keys counts, as with JSON.parse" }');
  });

  it('finds nothing where nothing is, and refuses text that is not JSON', () => {
    expect(jsonTextAt(first, [{ key: 'missing' }])).toBeUndefined();
    expect(jsonTextAt(first, [{ key: 'detail' }, { key: 'items' }, { index: 5 }])).toBeUndefined();
    expect(jsonTextAt(first, [{ key: 'id' }, { key: 'deeper' }])).toBeUndefined();
    expect(() => jsonTextAt('{"a": 1', [{ key: 'a' }])).toThrow(SyntaxError);
    expect(() => jsonTextAt('{"a": 1} trailing', [{ key: 'a' }])).toThrow(SyntaxError);
  });
});

describe('Function: numbersThatChange', () => {
  it('names the numbers JavaScript would write otherwise', () => {
    expect(numbersThatChange(DOC)).toEqual(['12345678901234567891', '1.10', '1e2', '-0', '2.50']);
    expect(numbersThatChange('{"a": [1, 2.5, -3, 1e-7, 0.1]}')).toEqual([]);
  });
});

describe('Function: selectJsonText', () => {
  it('gives the exact text for a plain path', () => {
    expect(selectJsonText('{"detail": {"n": 1.10}}', '$.detail')).toEqual({ ok: true, text: '{"n": 1.10}', exact: true });
  });

  it('re-serializes a path that is not plain when no number changes, and refuses it otherwise', () => {
    expect(selectJsonText('{"detail": {"a": 1, "b": "x"}}', '$.detail.*')).toEqual({ ok: true, text: '[1,"x"]', exact: false });
    expect(selectJsonText(`{"detail": {"a b": {"n": 2}}}`, "$.detail['a b']")).toEqual({ ok: true, text: '{"n":2}', exact: false });
    const refused = selectJsonText('{"detail": {"a": 1.10}}', '$.detail.*');
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/not a plain dotted path.*would rewrite the number 1\.10/) });
  });
});
