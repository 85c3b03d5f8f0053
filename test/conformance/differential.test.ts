// Reference:
//   https://github.com/nibble-4bits/aws-local-stepfunctions (reference interpreter, dev dependency)
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './harness.ts';

// aws-local-stepfunctions 3 targets Node 22: give Node 20 the one API it needs before loading it.
type WithResolvers = <T>() => { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };
const PromiseCtor = Promise as unknown as { withResolvers?: WithResolvers };
PromiseCtor.withResolvers ??= <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

type Handler = (input: unknown) => unknown;
let ReferenceMachine: new (definition: unknown, options?: unknown) => {
  run(input: unknown, options?: unknown): { result: Promise<unknown> };
};

beforeAll(async () => {
  ({ StateMachine: ReferenceMachine } = (await import('aws-local-stepfunctions')) as unknown as { StateMachine: typeof ReferenceMachine });
});

/** Runs a definition on the reference interpreter with waits and retry delays set to zero. */
async function runReference(definition: Record<string, unknown>, input: unknown, handlers: Record<string, Handler>): Promise<unknown> {
  const machine = new ReferenceMachine(definition, { validationOptions: { checkArn: false, checkPaths: false } });
  const zeroWaits: Record<string, number> = {};
  const zeroRetries: Record<string, number> = {};
  collectStates(definition, (name, state) => {
    if (state.Type === 'Wait') zeroWaits[name] = 0;
    if (state.Retry !== undefined) zeroRetries[name] = 0;
  });
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: zeroWaits, retryIntervalOverrides: zeroRetries },
  });
  return execution.result;
}

function collectStates(graph: Record<string, unknown>, visit: (name: string, state: Record<string, unknown>) => void): void {
  for (const [name, state] of Object.entries(graph.States as Record<string, Record<string, unknown>>)) {
    visit(name, state);
    for (const branch of (state.Branches as Record<string, unknown>[] | undefined) ?? []) collectStates(branch, visit);
    const inner = (state.ItemProcessor ?? state.Iterator) as Record<string, unknown> | undefined;
    if (inner !== undefined) collectStates(inner, visit);
  }
}

/** Runs the same definition on Aethon's engine with the same per-state task functions. */
async function runAethon(definition: unknown, input: unknown, handlers: Record<string, Handler>): Promise<unknown> {
  const { record } = await run(definition, input, async ({ stateName, parameters }) => handlers[stateName]!(parameters));
  expect(record.status).toBe('SUCCEEDED');
  return record.output;
}

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';

const cases: Array<{ name: string; definition: Record<string, unknown>; input: unknown; handlers: Record<string, Handler> }> = [
  {
    name: 'paths and templates through a task chain',
    definition: {
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Parameters: { 'order.$': '$.order', 'tags.$': '$.tags[0:2]', static: 1 }, ResultPath: '$.prepared', Next: 'Price' },
        Price: {
          Type: 'Task',
          Resource: LAMBDA,
          InputPath: '$.prepared',
          Parameters: { 'id.$': '$.order.id', 'qty.$': '$.order.qty' },
          ResultSelector: { 'total.$': '$.total', 'currency.$': '$.meta.currency' },
          ResultPath: '$.price',
          Next: 'Shape',
        },
        Shape: { Type: 'Pass', OutputPath: '$.price', End: true },
      },
    },
    input: { order: { id: 'o-1', qty: 3 }, tags: ['a', 'b', 'c'] },
    handlers: { Price: (p) => ({ total: (p as { qty: number }).qty * 10, meta: { currency: 'EUR' } }) },
  },
  {
    name: 'choice routing with compound rules',
    definition: {
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [
            { And: [{ Variable: '$.n', NumericGreaterThan: 10 }, { Variable: '$.kind', StringEquals: 'big' }], Next: 'Big' },
            { Or: [{ Variable: '$.n', NumericLessThan: 0 }, { Variable: '$.kind', StringMatches: 'neg*' }], Next: 'Negative' },
          ],
          Default: 'Other',
        },
        Big: { Type: 'Pass', Result: 'big', ResultPath: '$.route', End: true },
        Negative: { Type: 'Pass', Result: 'negative', ResultPath: '$.route', End: true },
        Other: { Type: 'Pass', Result: 'other', ResultPath: '$.route', End: true },
      },
    },
    input: { n: -1, kind: 'negative' },
    handlers: {},
  },
  {
    name: 'Map with ItemSelector and a task per item',
    definition: {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ItemSelector: { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'factor.$': '$.factor' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Scale',
            States: { Scale: { Type: 'Task', Resource: LAMBDA, End: true } },
          },
          ResultPath: '$.scaled',
          End: true,
        },
      },
    },
    input: { items: [1, 2, 3], factor: 5 },
    handlers: { Scale: (p) => { const { item, index, factor } = p as { item: number; index: number; factor: number }; return item * factor + index; } },
  },
  {
    name: 'Parallel branches with waits and intrinsics',
    definition: {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 3, Next: 'Format' }, Format: { Type: 'Pass', Parameters: { 'msg.$': "States.Format('Hi {}', $.who)" }, End: true } } },
            { StartAt: 'Count', States: { Count: { Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength($.list)' }, End: true } } },
          ],
          ResultSelector: { 'greeting.$': '$[0].msg', 'count.$': '$[1].n' },
          End: true,
        },
      },
    },
    input: { who: 'Ada', list: [1, 2, 3, 4] },
    handlers: {},
  },
  {
    name: 'Retry then Catch with ResultPath',
    definition: {
      StartAt: 'Flaky',
      States: {
        Flaky: {
          Type: 'Task',
          Resource: LAMBDA,
          Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 2, IntervalSeconds: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
          End: true,
        },
        Recover: { Type: 'Pass', Parameters: { 'recovered.$': '$.error.Error', 'input.$': '$.id' }, End: true },
      },
    },
    input: { id: 9 },
    handlers: {
      Flaky: () => {
        const error = new Error('always fails');
        error.name = 'Transient';
        throw error;
      },
    },
  },
];

describe('Differential: Aethon engine vs aws-local-stepfunctions (JSONPath)', () => {
  it.each(cases)('$name gives the same output', async ({ definition, input, handlers }) => {
    const expected = await runReference(definition, input, handlers);
    const actual = await runAethon(definition, input, handlers);
    expect(actual).toEqual(expected);
  });
});
