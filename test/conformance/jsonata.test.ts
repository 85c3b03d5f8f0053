// Encodes examples and rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
import { describe, expect, it } from 'vitest';
import type { TaskInvoker } from '../../lib/local/taskInvoker.ts';
import { failingTimes, offsets, run, types } from './harness.ts';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('Conformance: JSONata', () => {
  // "Transforming data with JSONata": Arguments, Output, $states.input / $states.result.
  it('evaluates Arguments and Output with $states', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Arguments: { FunctionName: 'f', Payload: { total: '{% $sum($states.input.items.price) %}', nested: ['{% $uppercase($states.input.name) %}', 'plain'] } },
          Output: { result: '{% $states.result.Payload %}', from: '{% $states.input.name %}' },
          End: true,
        },
      },
    };
    const { record, calls } = await run(definition, { name: 'ab', items: [{ price: 2 }, { price: 3 }] }, async ({ parameters }) => ({ Payload: parameters }));
    expect(calls[0]!.parameters).toEqual({ FunctionName: 'f', Payload: { total: 5, nested: ['AB', 'plain'] } });
    expect(record.output).toEqual({ result: { FunctionName: 'f', Payload: { total: 5, nested: ['AB', 'plain'] } }, from: 'ab' });
  });

  // Without Output, a JSONata Task's output is its result.
  it('outputs the task result by default', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } };
    const { record } = await run(definition, { a: 1 }, async () => ({ r: 2 }));
    expect(record.output).toEqual({ r: 2 });
  });

  // Variables in JSONata: Assign then $name; Assign and Output see pre-assignment values.
  it('assigns and reads variables in JSONata', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { n: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { n: '{% $n + 1 %}', old: '{% $n %}' }, Output: { seen: '{% $n %}' }, Next: 'C' },
        C: { Type: 'Pass', Output: { n: '{% $n %}', old: '{% $old %}', prev: '{% $states.input.seen %}' }, End: true },
      },
    };
    const { record } = await run(definition);
    expect(record.output).toEqual({ n: 2, old: 1, prev: 1 });
  });

  // Choice with Condition; Output on the matched rule.
  it('routes a Choice with Condition', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { size: 'big' } },
            { Condition: '{% $states.input.n > 0 %}', Next: 'Small' },
          ],
          Default: 'Zero',
        },
        Big: { Type: 'Succeed' },
        Small: { Type: 'Pass', Output: 'small', End: true },
        Zero: { Type: 'Pass', Output: 'zero', End: true },
      },
    };
    expect((await run(definition, { n: 20 })).record.output).toEqual({ size: 'big' });
    expect((await run(definition, { n: 5 })).record.output).toBe('small');
    expect((await run(definition, { n: 0 })).record.output).toBe('zero');
  });

  // Wait Seconds / Timestamp as expressions.
  it('waits for a JSONata Seconds expression', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'W', States: { W: { Type: 'Wait', Seconds: '{% $states.input.delay * 2 %}', End: true } } };
    const { record } = await run(definition, { delay: 4 });
    expect(offsets(record.history, 'WaitStateExited')).toEqual([8000]);
  });

  // Fail with Error / Cause expressions.
  it('builds Fail Error and Cause from expressions', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'F', States: { F: { Type: 'Fail', Error: '{% $states.input.code %}', Cause: "{% 'Bad order ' & $states.input.id %}" } } };
    const { record } = await run(definition, { code: 'OrderError', id: '7' });
    expect(record).toMatchObject({ error: 'OrderError', cause: 'Bad order 7' });
  });

  // Map with Items and ItemSelector using $states.context.Map.Item.
  it('runs a Map over Items with an ItemSelector', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% $states.input.list %}',
          ItemSelector: { value: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}', tag: '{% $states.input.tag %}' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          Output: '{% $states.result.value %}',
          End: true,
        },
      },
    };
    const { record } = await run(definition, { list: ['a', 'b'], tag: 't' });
    expect(record.output).toEqual(['a', 'b']);
  });

  // Catch Output and Assign read $states.errorOutput.
  it('exposes $states.errorOutput in a Catch', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Catch: [{ ErrorEquals: ['States.ALL'], Output: { failed: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' }, Assign: { cause: '{% $states.errorOutput.Cause %}' }, Next: 'R' }],
          End: true,
        },
        R: { Type: 'Pass', Output: { out: '{% $states.input %}', cause: '{% $cause %}' }, End: true },
      },
    };
    const { record } = await run(definition, { x: 1 }, failingTimes(1, 'Nope'));
    expect(record.output).toEqual({ out: { failed: 'Nope', input: { x: 1 } }, cause: 'attempt 1 failed' });
  });

  // Evaluation errors raise States.QueryEvaluationError, which Catch can handle.
  it('raises States.QueryEvaluationError for failing expressions', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: LAMBDA, Arguments: '{% $states.input.a + "x" %}', Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'R' }], End: true },
        R: { Type: 'Pass', End: true },
      },
    };
    const { record } = await run(definition, { a: 1 });
    expect(record.output).toMatchObject({ Error: 'States.QueryEvaluationError' });
    const undef = await run({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input.nope %}', End: true } } });
    expect(undef.record).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });

  // Per-state QueryLanguage override inside a JSONPath machine.
  it('mixes JSONPath and JSONata states', async () => {
    const definition = {
      StartAt: 'Path',
      States: {
        Path: { Type: 'Pass', Parameters: { 'v.$': '$.v' }, Next: 'Ata' },
        Ata: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v * 10 %}', End: true },
      },
    };
    expect((await run(definition, { v: 4 })).record.output).toBe(40);
  });

  // Step Functions JSONata functions; $now / $uuid come from the injected clock / randomness.
  it('provides $partition, $range, $hash, $parse, $uuid and a clock-driven $now', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'F',
      States: {
        F: {
          Type: 'Pass',
          Output: {
            parts: '{% $partition([1,2,3,4,5], 2) %}',
            range: '{% $range(0, 10, 5) %}',
            hash: "{% $hash('abc', 'SHA-256') %}",
            parsed: '{% $parse(\'{"a":1}\') %}',
            uuid: '{% $uuid() %}',
            now: '{% $now() %}',
          },
          End: true,
        },
      },
    };
    const { record } = await run(definition);
    expect(record.output).toMatchObject({
      parts: [[1, 2], [3, 4], [5]],
      range: [0, 5, 10],
      hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      parsed: { a: 1 },
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      now: '2024-01-01T00:00:00.000Z',
    });
  });

  // TimeoutSeconds as an expression.
  it('evaluates a TimeoutSeconds expression', async () => {
    const hang: TaskInvoker = ({ signal }) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('x'))));
    const definition = { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: '{% $states.input.t %}', End: true } } };
    const { record } = await run(definition, { t: 3 }, hang);
    expect(record.error).toBe('States.Timeout');
    expect(offsets(record.history, 'TaskTimedOut')).toEqual([3000]);
    expect(types(record.history)).toContain('TaskTimedOut');
  });

  // AWS fails a field whose expression returns nothing, at any depth, and names the field.
  it.each([
    [{ Output: { v: '{% $states.input.missing %}' } }, 'Output/v'],
    [{ Output: { a: { b: '{% $states.input.missing %}' } } }, 'Output/a/b'],
    [{ Output: '{% $states.input.missing %}' }, 'Output'],
    [{ Assign: { x: '{% $states.input.missing %}' } }, 'Assign/x'],
    [{ Output: { list: [1, '{% $states.input.missing %}'] } }, 'Output/list[1]'],
  ])('fails %j naming field %s', async (fields, field) => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'E', States: { E: { Type: 'Pass', ...fields, End: true } } };
    const { record } = await run(definition);
    expect(record.error).toBe('States.QueryEvaluationError');
    expect(record.cause).toBe(
      `An error occurred while executing the state 'E' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field '${field}' returned nothing (undefined).`,
    );
  });
});
