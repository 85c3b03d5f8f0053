import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../../../lib/local/jsonata/evaluate.ts';
import { parseSimplePath } from '../../../../lib/local/jsonata/fastPath.ts';

describe('Function: evaluateExpression (simple-path shortcut)', () => {
  it('parses only plain paths', () => {
    expect(parseSimplePath('$states.input.a.b')).toEqual({ root: 'states', steps: ['input', 'a', 'b'] });
    expect(parseSimplePath(' $count ')).toEqual({ root: 'count', steps: [] });
    expect(parseSimplePath('$states.other')).toBeUndefined();
    expect(parseSimplePath('$states.input.a[0]')).toBeUndefined();
    expect(parseSimplePath('$sum($states.input.a)')).toBeUndefined();
  });

  // The shortcut must agree with JSONata on every JSON value, arrays and nulls included.
  it('agrees with JSONata on arbitrary JSON', async () => {
    const key = fc.constantFrom('a', 'b', 'c');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.array(key, { maxLength: 3 }), async (input, steps) => {
        const source = ['$states.input', ...steps].join('.');
        const scope = { states: { input, context: {} }, variables: { v: input }, functions: {} };
        const expected: unknown = await jsonata(source).evaluate(input, { states: { input, context: {} } });
        const actual = await evaluateExpression(`{% ${source} %}`, scope, 'Output');
        expect(normalize(actual)).toEqual(normalize(expected));
        const viaVariable = await evaluateExpression(`{% ${['$v', ...steps].join('.')} %}`, scope, 'Output');
        expect(normalize(viaVariable)).toEqual(normalize(expected));
      }),
      { numRuns: 300 },
    );
  });
});

/** Compares as JSON (JSONata sequences carry extra flags; -0 and 0 print alike). */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value)) as unknown;
}
