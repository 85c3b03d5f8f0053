import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { evaluateExpression, evaluateTemplate, evaluateTemplateSync, JsonataEvaluationError } from '../../../../lib/local/jsonata/evaluate.ts';
import { compileFastPath, FALL_BACK, type Node } from '../../../../lib/local/jsonata/fastPath.ts';

/** JSON values whose objects use the keys the generated paths walk, so paths often land. */
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(0, 1, -2, 0.5, 3, 1e308, '', 'x', 'a', true, false, null),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.record({ a: tie('json'), b: tie('json'), c: tie('json') }, { requiredKeys: [] }),
  ),
}));

/** Expressions built from the forms the fast path compiles, and a few it must leave to jsonata. */
const { expression } = fc.letrec((tie) => {
  const e = tie('expression') as fc.Arbitrary<string>;
  const key = fc.constantFrom('a', 'b', 'c');
  const path = fc.tuple(fc.constantFrom('$states.input', '$states.result', '$v', '$r', '$missing'), fc.array(key, { maxLength: 3 }))
    .map(([root, steps]) => [root, ...steps].join('.'));
  const literal = fc.constantFrom('1', '0', '-2', '0.5', '"x"', '"a"', '""', 'true', 'false', 'null', '$states.input', '$v');
  const op = fc.constantFrom('=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '&', 'and', 'or', 'in');
  return {
    expression: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: path, weight: 4 },
      { arbitrary: literal, weight: 4 },
      { arbitrary: fc.tuple(literal, op, literal).map(([l, o, r]) => `${l} ${o} ${r}`), weight: 2 },
      fc.tuple(e, op, e).map(([l, o, r]) => `(${l}) ${o} (${r})`),
      fc.tuple(e, e).map(([a, b]) => `{ "a": ${a}, "b": ${b} }`),
      fc.tuple(e, e).map(([a, b]) => `[${a}, [${b}]]`),
      fc.tuple(e, e).map(([a, b]) => `$merge([${a}, ${b}])`),
      fc.tuple(fc.constantFrom('$exists', '$not', '$count', '$string'), e).map(([f, a]) => `${f}(${a})`),
      fc.tuple(e, e, e).map(([c, t, f]) => `(${c}) ? (${t}) : (${f})`),
      fc.tuple(e, e).map(([a, b]) => `($r := ${a}; ${b})`),
      e.map((a) => `-(${a})`),
      path.map((p) => `${p}[0]`),
    ),
  };
});

describe('Function: compileFastPath', () => {
  // The synchronous evaluator must give exactly jsonata's result, or leave the expression to jsonata.
  it('agrees with jsonata wherever it answers, on arbitrary expressions and JSON', async () => {
    let answered = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(expression, json, json, json, async (source, input, result, v) => {
        runs++;
        const states = { input, context: {}, result };
        const compiled = jsonata(source);
        const fast = compileFastPath(compiled.ast() as unknown as Node);
        if (fast === undefined) return;
        const actual = fast({ states, variables: { v }, functions: {} }, null);
        if (actual === FALL_BACK) return;
        answered++;
        const expected: unknown = await compiled.evaluate(input, { states, v });
        expect(canonical(actual), source).toBe(canonical(expected));
      }),
      { numRuns: 3000 },
    );
    // The property means something only if the fast path answers often (random operands make
    // many type errors, which it leaves to jsonata; about a sixth of the runs are answered).
    expect(answered).toBeGreaterThan(runs / 8);
  }, 60_000);

  it('compiles the forms compiled workflows emit, and refuses what needs jsonata', () => {
    const compiles = (source: string) => compileFastPath(jsonata(source).ast() as unknown as Node) !== undefined;
    expect(compiles('($result := $states.result.Payload; $merge([$states.input, { "userId": $result.userId }]))')).toBe(true);
    expect(compiles('$states.context.Execution.Id')).toBe(true);
    expect(compiles('$failure.Error in ["A", "B"] or $failure.Error != "States.Timeout"')).toBe(true);
    expect(compiles('$exists($states.input.a) and $states.input.n >= 3 * 2')).toBe(true);
    expect(compiles('$states.input.items[0]')).toBe(false);
    expect(compiles('$sum($states.input.items)')).toBe(false);
    expect(compiles('$.a')).toBe(false);
    expect(compiles('{ "a": 1, "a": 2 }')).toBe(false);
    expect(compiles('$x := 1')).toBe(false);
  });

  it('keeps jsonata\'s singleton-array and missing-field results, and leaves mapping over arrays to jsonata', async () => {
    const input = { one: [5], none: [], obj: { k: 1 }, rows: [{ b: 1 }, { b: 2 }] };
    const states = { input, context: {} };
    const cases: [string, string | typeof FALL_BACK][] = [
      ['$states.input.one', '[5]'],
      ['$states.input.none', '[]'],
      ['[$states.input.one, 6]', '[5,6]'],
      ['[[$states.input.one]]', '[[5]]'],
      ['{ "k": $states.input.missing, "j": 1 }', '{"j":1}'],
      ['$states.input.missing', '(undefined)'],
      ['$exists($states.input.missing)', 'false'],
      ['$states.input.missing = null', 'false'],
      ['$count($states.input.obj)', '1'],
      ['$states.input.rows.b', FALL_BACK],
      ['$states.input.one[0]', FALL_BACK],
    ];
    for (const [source, wanted] of cases) {
      const fast = compileFastPath(jsonata(source).ast() as unknown as Node);
      const actual = fast === undefined ? FALL_BACK : fast({ states, variables: {}, functions: {} }, null);
      if (wanted === FALL_BACK) {
        expect(actual, source).toBe(FALL_BACK);
        continue;
      }
      expect(canonical(actual), source).toBe(wanted);
      expect(canonical(await jsonata(source).evaluate(input, { states })), source).toBe(wanted);
    }
  });

  it('keeps a key named __proto__ as a plain key, as jsonata does', () => {
    const states = { input: { a: 1 }, context: {} };
    for (const source of ['{ "__proto__": $states.input.a }', '$merge([{ "__proto__": 1 }, { "b": 2 }])']) {
      const value = compileFastPath(jsonata(source).ast() as unknown as Node)!({ states, variables: {}, functions: {} }, null) as object;
      expect(Object.getPrototypeOf(value), source).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(value, '__proto__'), source).toBe(true);
    }
  });

  it('leaves a $merge that a variable or function of that name shadows to jsonata', () => {
    const fast = compileFastPath(jsonata('$merge([{ "a": 1 }])').ast() as unknown as Node)!;
    const states = { input: {}, context: {} };
    expect(JSON.stringify(fast({ states, variables: {}, functions: {} }, null))).toBe('{"a":1}');
    expect(fast({ states, variables: { merge: 1 }, functions: {} }, null)).toBe(FALL_BACK);
    expect(fast({ states, variables: {}, functions: { merge: () => 1 } }, null)).toBe(FALL_BACK);
  });
});

describe('Function: evaluateExpression (synchronous fast path)', () => {
  // The shortcut must agree with JSONata on every JSON value, arrays and nulls included.
  it('agrees with JSONata on arbitrary JSON', async () => {
    const key = fc.constantFrom('a', 'b', 'c');
    await fc.assert(
      fc.asyncProperty(json, fc.array(key, { maxLength: 3 }), async (input, steps) => {
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

  it('answers without awaiting jsonata for the compiled task output form', () => {
    const scope = { states: { input: { email: 'a@b' }, context: {}, result: { Payload: { userId: 'u1' } } }, variables: {}, functions: {} };
    const output = evaluateTemplateSync('{% ($result := $states.result.Payload; $merge([$states.input, { "userId": $result.userId }])) %}', scope, 'Output');
    expect(JSON.stringify(output)).toBe('{"email":"a@b","userId":"u1"}');
    expect(evaluateTemplateSync('{% $sum($states.input.items) %}', scope, 'Output')).toBe(FALL_BACK);
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

/** The value as JSON text, key order included; `undefined` stays apart from `null`. */
function canonical(value: unknown): string {
  return value === undefined ? '(undefined)' : JSON.stringify(value);
}

/** Compares as JSON (JSONata sequences carry extra flags; -0 and 0 print alike). */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value)) as unknown;
}
