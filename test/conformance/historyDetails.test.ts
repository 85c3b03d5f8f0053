// Encodes examples and rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
//   https://docs.aws.amazon.com/step-functions/latest/apireference/API_EvaluationFailedEventDetails.html
import { describe, expect, it } from 'vitest';
import { run, types } from './harness.ts';

describe('Conformance: history events of branches, iterations and failures', () => {
  // API reference "HistoryEvent": MapIteration* events carry { name, index } under their own key.
  it('records MapIteration events with their own details keys', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    const { record } = await run(definition, ['a']);
    expect(record.history.find((e) => e.type === 'MapIterationStarted')).toMatchObject({ mapIterationStartedEventDetails: { name: 'M', index: 0 } });
    expect(record.history.find((e) => e.type === 'MapIterationSucceeded')).toMatchObject({ mapIterationSucceededEventDetails: { name: 'M', index: 0 } });
  });

  // A branch stopped because its sibling failed records <Type>StateAborted.
  it('records WaitStateAborted for a branch stopped by a failing sibling', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } },
            { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } },
          ],
          End: true,
        },
      },
    };
    const { record } = await run(definition);
    expect(types(record.history)).toEqual([
      'ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted', 'WaitStateEntered', 'FailStateEntered',
      'WaitStateAborted', 'ParallelStateFailed', 'ExecutionFailed',
    ]);
    // previousEventId follows each branch's own chain.
    const aborted = record.history.find((e) => e.type === 'WaitStateAborted')!;
    expect(aborted.previousEventId).toBe(record.history.find((e) => e.type === 'WaitStateEntered')!.id);
  });

  // JSONata failures add an EvaluationFailed event naming the state and field.
  it('records EvaluationFailed for a failing JSONata expression', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: { x: '{% $number("abc") + $undefinedFn() %}' }, End: true } } };
    const { record } = await run(definition);
    expect(record.error).toBe('States.QueryEvaluationError');
    expect(record.history.find((e) => e.type === 'EvaluationFailed')).toMatchObject({
      evaluationFailedEventDetails: { state: 'P', location: 'Output/x', error: 'States.QueryEvaluationError' },
    });
  });

  // "Supported JSONata version": $eval is not available in Step Functions.
  it('rejects $eval', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: "{% $eval('1+1') %}", End: true } } };
    const { record } = await run(definition);
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(record.cause).toContain('$parse');
  });

  // Activities record Activity* events.
  it('records Activity events for an activity ARN', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve', End: true } } };
    const { record } = await run(definition, {}, async () => ({ ok: true }));
    expect(types(record.history)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
  });

  // StopExecution locally: an external AbortSignal ends the run as ABORTED.
  it('aborts an execution through its signal', async () => {
    const controller = new AbortController();
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    const { record } = await run(definition, {}, ({ signal }) => {
      queueMicrotask(() => controller.abort());
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('stopped'))));
    }, { signal: controller.signal });
    expect(record.status).toBe('ABORTED');
    expect(record.history.at(-1)!.type).toBe('ExecutionAborted');
  });

  // A failing state without Catch: no <Type>StateExited, ExecutionFailed carries error and cause.
  it('records TaskFailed then ExecutionFailed without TaskStateExited', async () => {
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    const { record } = await run(definition, {}, async () => {
      throw Object.assign(new Error('bad input'), { name: 'Aethon.Permanent' });
    });
    expect(types(record.history)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
    expect(record.history.at(-1)).toMatchObject({ executionFailedEventDetails: { error: 'Aethon.Permanent', cause: 'bad input' } });
  });
});
