import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../lib/local/engine/clock.ts';
import { AbortScope } from '../../../../lib/local/engine/AbortScope.ts';
import { prepareGraph } from '../../../../lib/local/engine/prepareGraph.ts';
import { DEFAULT_JSONATA_LIMITS } from '../../../../lib/local/jsonata/budget.ts';
import type { Frame, Runtime, StateContext, StatesGraph } from '../../../../lib/local/engine/types.ts';

const graph: StatesGraph = {
  StartAt: 'Shape',
  States: {
    Shape: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $merge([$states.input, { "seen": true }]) %}', Next: 'Total' },
    Total: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% { "total": $sum($states.input.items) } %}', Next: 'Plain' },
    Plain: { Type: 'Pass', ResultPath: '$.copy', Next: 'Odd' },
    Odd: { Type: 'NoSuchType', End: true },
  },
};

/** The context a handler gets for `name`, with just what data evaluation reads. */
function contextFor(name: string): StateContext {
  const prepared = prepareGraph(graph, 'JSONPath').get(name)!;
  const signal = new AbortScope();
  const runtime = {
    clock: new VirtualClock(),
    random: () => 0.5,
    jsonataGuard: { limits: DEFAULT_JSONATA_LIMITS },
    execution: { Id: 'arn:x', Name: 'x', Input: {}, StartTime: '2024-01-01T00:00:00.000Z', RoleArn: 'arn:r', RedriveCount: 0 },
    stateMachine: { Id: 'arn:sm', Name: 'sm' },
    signal,
  } as unknown as Runtime;
  const frame: Frame = { graph, queryLanguage: 'JSONPath', variables: {}, signal, lastEventId: 1 };
  return { name, state: prepared.definition, runtime, frame, io: prepared.io, enteredTime: '2024-01-01T00:00:00.000Z', enteredEventId: 1 };
}

describe('Function: prepareGraph', () => {
  it('resolves each state\'s language once: its own QueryLanguage, else the graph\'s', () => {
    // Act
    const states = prepareGraph(graph, 'JSONPath');
    // Assess
    expect(states.get('Shape')!.io.language).toBe('JSONata');
    expect(states.get('Plain')!.io.language).toBe('JSONPath');
    expect(prepareGraph(graph, 'JSONata').get('Plain')!.io.language).toBe('JSONata');
    expect(prepareGraph(graph, 'JSONPath')).toBe(states);
  });

  it('leaves an unknown Type without a handler, for the interpreter to report when reached', () => {
    expect(prepareGraph(graph, 'JSONPath').get('Odd')!.handler).toBeUndefined();
    expect(prepareGraph(graph, 'JSONPath').get('Plain')!.handler).toBeTypeOf('function');
  });

  it('answers a JSONata state synchronously when its expressions have fast forms, through jsonata otherwise', async () => {
    // Prepare
    const input = { items: [1, 2, 3] };
    const shape = contextFor('Shape');
    const total = contextFor('Total');
    // Act
    const shaped = prepareGraph(graph, 'JSONPath').get('Shape')!.handler!(input, shape);
    const totalled = prepareGraph(graph, 'JSONPath').get('Total')!.handler!(input, total);
    // Assess
    expect(shaped).not.toBeInstanceOf(Promise);
    expect(JSON.stringify((shaped as { output: unknown }).output)).toBe('{"items":[1,2,3],"seen":true}');
    expect(totalled).toBeInstanceOf(Promise);
    expect((await totalled).output).toEqual({ total: 6 });
  });

  it('answers a JSONPath state synchronously', () => {
    const result = prepareGraph(graph, 'JSONPath').get('Plain')!.handler!({ a: 1 }, contextFor('Plain'));
    expect(result).not.toBeInstanceOf(Promise);
    expect((result as { output: unknown }).output).toEqual({ a: 1, copy: { a: 1 } });
  });
});
