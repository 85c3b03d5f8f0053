/** The engine's inspector hook (TestState's inspection data): every step of a state's data processing, as computed. */
import { describe, expect, it } from 'vitest';
import { runExecution, VirtualClock, type InspectionStep, type StateInspector } from '../../../../lib/local/engine/index.ts';

function collect(): { inspector: StateInspector; seen: [string, InspectionStep, unknown][] } {
  const seen: [string, InspectionStep, unknown][] = [];
  return { seen, inspector: (ctx, step, value) => seen.push([ctx.name, step, value]) };
}

describe('engine inspector', () => {
  it('reports a JSONPath Task from InputPath to ResultPath, in order, with the task result', async () => {
    const { inspector, seen } = collect();
    const definition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', InputPath: '$.a', Parameters: { 'x.$': '$.b' }, ResultSelector: { 'y.$': '$.r' }, ResultPath: '$.out', OutputPath: '$.out', End: true } },
    };
    const record = await runExecution({ definition, input: { a: { b: 3 } }, taskInvoker: async ({ parameters }) => ({ r: (parameters as { x: number }).x * 2 }), clock: new VirtualClock(), inspector });
    expect(record.output).toEqual({ y: 6 });
    expect(seen).toEqual([
      ['T', 'afterInputPath', { b: 3 }],
      ['T', 'afterParameters', { x: 3 }],
      ['T', 'result', { r: 6 }],
      ['T', 'afterResultSelector', { y: 6 }],
      ['T', 'afterResultPath', { a: { b: 3 }, out: { y: 6 } }],
    ]);
  });

  it('reports JSONata Arguments evaluated by jsonata itself (asynchronously), then the result', async () => {
    const { inspector, seen } = collect();
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      // $uppercase has no fast form: jsonata's asynchronous evaluator answers.
      States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Arguments: { s: '{% $uppercase($states.input.s) %}' }, End: true } },
    };
    await runExecution({ definition, input: { s: 'ab' }, taskInvoker: async () => 'done', clock: new VirtualClock(), inspector });
    expect(seen).toEqual([
      ['T', 'afterArguments', { s: 'AB' }],
      ['T', 'result', 'done'],
    ]);
  });

  it('reports nothing and changes nothing when no inspector is given', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': '$.a' }, End: true } } };
    const record = await runExecution({ definition, input: { a: 1 }, taskInvoker: async () => null, clock: new VirtualClock() });
    expect(record.output).toEqual({ v: 1 });
  });
});
