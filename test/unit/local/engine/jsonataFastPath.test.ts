import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { evaluateExpression, evaluateTemplate, JsonataEvaluationError } from '../../../../lib/local/jsonata/evaluate.ts';
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

describe('Function: evaluateTemplate (synchronous plain-path templates)', () => {
  // Templates of plain paths take the synchronous route; one that also holds a real expression
  // goes to JSONata. Both must give what JSONata gives for each field.
  it('agrees with JSONata field by field, for plain-path and mixed templates', async () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const path = fc.array(key, { maxLength: 3 }).map((steps) => ['$states.input', ...steps].join('.'));
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), path, path, fc.boolean(), async (input, first, second, mixed) => {
        const scope = { states: { input, context: {} }, variables: {}, functions: {} };
        const exprs = { first, second, ...(mixed ? { count: `$count([${first}])` } : {}) };
        const expected: Record<string, unknown> = {};
        let nothing = false;
        for (const [name, source] of Object.entries(exprs)) {
          const value: unknown = await jsonata(source).evaluate(input, { states: scope.states });
          if (value === undefined) nothing = true;
          expected[name] = value;
        }
        const template = Object.fromEntries(Object.entries(exprs).map(([name, source]) => [name, `{% ${source} %}`]));
        const evaluated = evaluateTemplate({ fixed: 'literal', nested: template }, scope, 'Output');
        if (nothing) {
          // A field whose expression returns nothing fails the whole template, naming the field.
          await expect(evaluated).rejects.toBeInstanceOf(JsonataEvaluationError);
          await expect(evaluated).rejects.toMatchObject({ location: expect.stringMatching(/^Output\/nested\/(first|second|count)$/) });
        } else {
          expect(normalize(await evaluated)).toEqual(normalize({ fixed: 'literal', nested: expected }));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a template key named __proto__ as a plain key on both routes', async () => {
    const scope = { states: { input: { a: 1 }, context: {} }, variables: {}, functions: {} };
    const plain = (await evaluateTemplate(JSON.parse('{"__proto__": "{% $states.input.a %}"}'), scope, 'Output')) as object;
    const viaJsonata = (await evaluateTemplate(JSON.parse('{"__proto__": "{% $states.input.a + 1 %}"}'), scope, 'Output')) as object;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(JSON.stringify(plain)).toBe('{"__proto__":1}');
    expect(JSON.stringify(viaJsonata)).toBe('{"__proto__":2}');
  });

  it('evaluates the same template object again with fresh data (no result is cached)', async () => {
    const template = { id: '{% $states.input.id %}', total: '{% $sum($states.input.items) %}' };
    const run = (input: unknown) => evaluateTemplate(template, { states: { input, context: {} }, variables: {}, functions: {} }, 'Output');
    expect(await run({ id: 'a', items: [1, 2] })).toEqual({ id: 'a', total: 3 });
    expect(await run({ id: 'b', items: [5] })).toEqual({ id: 'b', total: 5 });
  });
});

/** Compares as JSON (JSONata sequences carry extra flags; -0 and 0 print alike). */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value)) as unknown;
}
