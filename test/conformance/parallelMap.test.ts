// Encodes examples and rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
import { describe, expect, it } from 'vitest';
import type { TaskInvoker } from '../../lib/local/taskInvoker.ts';
import { offsets, run, types } from './harness.ts';

const pass = (name: string, extra: object = {}) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true, ...extra } } });

describe('Conformance: Parallel', () => {
  // "Parallel state": the output is an array of branch outputs, in branch order.
  it('returns the branch outputs in branch order, whatever finishes first', async () => {
    const definition = {
      StartAt: 'LookupCustomerInfo',
      States: {
        LookupCustomerInfo: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 5, Next: 'A' }, A: { Type: 'Pass', Result: 'address', End: true } } },
            pass('Phone', { Result: 'phone' }),
          ],
        },
      },
    };
    const { record } = await run(definition, {});
    expect(record.output).toEqual(['address', 'phone']);
    expect(types(record.history).filter((t) => t.startsWith('Parallel'))).toEqual([
      'ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateSucceeded', 'ParallelStateExited',
    ]);
  });

  // Branches run concurrently: two 10 s waits take 10 s, not 20 s.
  it('runs branches concurrently in virtual time', async () => {
    const wait = (n: string) => ({ StartAt: n, States: { [n]: { Type: 'Wait', Seconds: 10, End: true } } });
    const { record } = await run({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [wait('A'), wait('B')], End: true } } });
    expect(offsets(record.history, 'ParallelStateSucceeded')).toEqual([10_000]);
  });

  // "If any branch fails ... the entire Parallel state fails and all its branches are stopped";
  // the branch's own error reaches the Parallel state's Catch.
  it('stops sibling branches and propagates the branch error to Catch', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Long', States: { Long: { Type: 'Wait', Seconds: 100, Next: 'After' }, After: { Type: 'Pass', End: true } } },
            { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'CustomError', Cause: 'branch failed' } } },
          ],
          Catch: [{ ErrorEquals: ['CustomError'], Next: 'Handled', ResultPath: '$.err' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      },
    };
    const { record, clock } = await run(definition, { in: 1 });
    expect(record.output).toEqual({ in: 1, err: { Error: 'CustomError', Cause: 'branch failed' } });
    expect(types(record.history)).toContain('ParallelStateFailed');
    expect(types(record.history)).toContain('WaitStateEntered');
    expect(types(record.history)).not.toContain('WaitStateExited');
    expect(record.history.some((e) => (e.stateEnteredEventDetails as { name?: string } | undefined)?.name === 'After')).toBe(false);
    expect(clock.now() - Date.UTC(2024, 0, 1)).toBe(0);
  });

  // Parameters select the branch input; ResultSelector / ResultPath apply to the array.
  it('applies Parameters, ResultSelector and ResultPath', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Parameters: { 'v.$': '$.value' },
          Branches: [pass('A'), pass('B', { Parameters: { 'double.$': 'States.MathAdd($.v, $.v)' } })],
          ResultSelector: { 'first.$': '$[0].v', 'second.$': '$[1].double' },
          ResultPath: '$.results',
          End: true,
        },
      },
    };
    const { record } = await run(definition, { value: 21 });
    expect(record.output).toEqual({ value: 21, results: { first: 21, second: 42 } });
  });
});

describe('Conformance: Map (inline)', () => {
  // "Map state" page, ItemsPath + ItemSelector with $$.Map.Item.Value.
  const shipment = {
    'ship-date': '2016-03-14T01:59:00Z',
    detail: {
      'delivery-partner': 'UQS',
      shipped: [
        { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
        { prod: 'S39', 'dest-code': 9511, quantity: 40 },
        { prod: 'R31', 'dest-code': 9833, quantity: 12 },
      ],
    },
  };
  it('runs the ItemProcessor per item with ItemSelector', async () => {
    const definition = {
      StartAt: 'Validate-All',
      States: {
        'Validate-All': {
          Type: 'Map',
          InputPath: '$.detail',
          ItemsPath: '$.shipped',
          MaxConcurrency: 0,
          ItemSelector: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.delivery-partner', 'index.$': '$$.Map.Item.Index' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Validate',
            States: { Validate: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', OutputPath: '$.Payload', End: true } },
          },
          ResultPath: '$.detail.shipped',
          End: true,
        },
      },
    };
    const invoker: TaskInvoker = async ({ parameters }) => ({ Payload: { ok: (parameters as { index: number }).index } });
    const { record, calls } = await run(definition, shipment, invoker);
    expect(calls.map((c) => c.parameters)).toEqual(
      shipment.detail.shipped.map((parcel, index) => ({ parcel, courier: 'UQS', index })),
    );
    expect(record.output).toEqual({ ...shipment, detail: { ...shipment.detail, shipped: [{ ok: 0 }, { ok: 1 }, { ok: 2 }] } });
    expect(record.history.find((e) => e.type === 'MapStateStarted')).toMatchObject({ mapStateStartedEventDetails: { length: 3 } });
    expect(types(record.history).filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
  });

  // Legacy fields: Iterator + Parameters.
  it('supports the legacy Iterator and Parameters fields', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          Parameters: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
          Iterator: pass('Echo'),
          End: true,
        },
      },
    };
    const { record } = await run(definition, { items: ['a', 'b'] });
    expect(record.output).toEqual([{ i: 0, v: 'a' }, { i: 1, v: 'b' }]);
  });

  // MaxConcurrency 1: iterations run one after another (waits add up).
  it('limits concurrency with MaxConcurrency', async () => {
    const processor = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } };
    const serial = await run({ StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: processor, End: true } } }, [1, 2, 3]);
    expect(offsets(serial.record.history, 'MapStateSucceeded')).toEqual([15_000]);
    const two = await run({ StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrency: 2, ItemProcessor: processor, End: true } } }, [1, 2, 3]);
    expect(offsets(two.record.history, 'MapStateSucceeded')).toEqual([10_000]);
    const all = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } }, [1, 2, 3]);
    expect(offsets(all.record.history, 'MapStateSucceeded')).toEqual([5_000]);
  });

  // Interleaving follows virtual time: shorter waits finish first.
  it('interleaves iterations with waits as real time would', async () => {
    const processor = { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$', Next: 'T' }, T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    const { calls } = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } }, [30, 10, 20], async ({ parameters }) => parameters);
    expect(calls.map((c) => c.parameters)).toEqual([10, 20, 30]);
  });

  // An iteration failure fails the Map with that error (no tolerance configured).
  it('fails on the first failed iteration', async () => {
    const processor = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'F' }], Default: 'OK' }, F: { Type: 'Fail', Error: 'Bad', Cause: 'two' }, OK: { Type: 'Succeed' } } };
    const { record } = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } }, [1, 2, 3]);
    expect(record).toMatchObject({ status: 'FAILED', error: 'Bad', cause: 'two' });
    expect(types(record.history)).toContain('MapIterationFailed');
    expect(types(record.history)).toContain('MapStateFailed');
  });

  // ToleratedFailureCount / ToleratedFailurePercentage -> States.ExceedToleratedFailureThreshold.
  it('tolerates failures up to the threshold', async () => {
    const processor = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$', NumericGreaterThan: 2, Next: 'F' }], Default: 'OK' }, F: { Type: 'Fail', Error: 'Bad', Cause: 'big' }, OK: { Type: 'Succeed' } } };
    const map = (extra: object) => ({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true, ...extra } } });
    const ok = await run(map({ ToleratedFailureCount: 2 }), [1, 2, 3, 4]);
    expect(ok.record.status).toBe('SUCCEEDED');
    expect(ok.record.output).toEqual([1, 2, { Error: 'Bad', Cause: 'big' }, { Error: 'Bad', Cause: 'big' }]);
    const over = await run(map({ ToleratedFailureCount: 1 }), [1, 2, 3, 4]);
    expect(over.record.error).toBe('States.ExceedToleratedFailureThreshold');
    const pct = await run(map({ ToleratedFailurePercentage: 25 }), [1, 2, 3, 4]);
    expect(pct.record.error).toBe('States.ExceedToleratedFailureThreshold');
    const pctOk = await run(map({ ToleratedFailurePercentage: 50 }), [1, 2, 3, 4]);
    expect(pctOk.record.status).toBe('SUCCEEDED');
  });

  // Retry on a Map re-runs all iterations.
  it('retries a failed Map state as a whole', async () => {
    let n = 0;
    const invoker: TaskInvoker = async () => {
      if (++n === 2) throw Object.assign(new Error('flaky'), { name: 'Flaky' });
      return n;
    };
    const processor = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: processor, Retry: [{ ErrorEquals: ['Flaky'] }], End: true } } };
    const { record } = await run(definition, ['a', 'b'], invoker);
    expect(record.output).toEqual([3, 4]);
    expect(types(record.history).filter((t) => t === 'MapStateStarted')).toHaveLength(2);
  });

  it('returns [] for an empty item list', async () => {
    const { record } = await run({ StartAt: 'M', States: { M: { Type: 'Map', ToleratedFailurePercentage: 10, ItemProcessor: pass('P'), End: true } } }, []);
    expect(record.output).toEqual([]);
    expect(record.history.find((e) => e.type === 'MapStateStarted')).toMatchObject({ mapStateStartedEventDetails: { length: 0 } });
  });

  it('fails with a clear message for a Map over a non-array', async () => {
    const { record } = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.x', ItemProcessor: pass('P'), End: true } } }, { x: 5 });
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(record.cause).toContain('JSON array');
  });

  // "ItemReader": a Distributed Map reads its items from S3; locally through the task invoker.
  it('reads ItemReader items through the task invoker, under the Map state name', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'b', Key: 'k' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...pass('P') },
          End: true,
        },
      },
    };
    const { record, calls } = await run(definition, {}, async ({ stateName }) => (stateName === 'M' ? '[{"n":1},{"n":2}]' : {}));
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: [{ n: 1 }, { n: 2 }] });
    expect(calls[0]).toMatchObject({ stateName: 'M', resource: 'arn:aws:states:::s3:getObject', parameters: { Bucket: 'b', Key: 'k' } });
  });

  // A distributed Map with inline items runs like inline; ItemBatcher groups items.
  it('runs a distributed Map without ItemReader, with ItemBatcher', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'job.$': '$$.Execution.Name' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...pass('P') },
          End: true,
        },
      },
    };
    const { record } = await run(definition, [1, 2, 3]);
    const job = { job: 'test-execution' };
    expect(record.output).toEqual([{ BatchInput: job, Items: [1, 2] }, { BatchInput: job, Items: [3] }]);
  });
});
