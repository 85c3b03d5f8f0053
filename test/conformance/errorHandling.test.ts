// Encodes examples and rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
import { describe, expect, it } from 'vitest';
import type { TaskInvoker } from '../../lib/local/taskInvoker.ts';
import { VirtualClock } from '../../lib/local/engine/clock.ts';
import { failingTimes, offsets, run, START, types } from './harness.ts';

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const task = (extra: object) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true, ...extra }, Caught: { Type: 'Pass', End: true } } });

describe('Conformance: error handling (Retry and Catch)', () => {
  // "Retrying after an error": IntervalSeconds 3, BackoffRate 1.5, MaxAttempts 2 ->
  // retries 3 s and then 4.5 s after the failures.
  it('backs off by IntervalSeconds x BackoffRate^n on the virtual clock', async () => {
    const definition = task({ Retry: [{ ErrorEquals: ['States.Timeout', 'Boom'], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 1.5 }] });
    const { record } = await run(definition, {}, failingTimes(2, 'Boom'));
    expect(record.status).toBe('SUCCEEDED');
    expect(offsets(record.history, 'TaskScheduled')).toEqual([0, 3000, 7500]);
  });

  // Defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0 -> 1 s, 2 s, 4 s, then fail.
  it('uses the default retrier values and fails after MaxAttempts retries', async () => {
    const { record } = await run(task({ Retry: [{ ErrorEquals: ['States.ALL'] }] }), {}, failingTimes(10, 'Boom'));
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('Boom');
    expect(record.cause).toBe('attempt 4 failed');
    expect(offsets(record.history, 'TaskScheduled')).toEqual([0, 1000, 3000, 7000]);
  });

  // MaxDelaySeconds caps the backoff.
  it('caps the delay with MaxDelaySeconds', async () => {
    const retry = [{ ErrorEquals: ['Boom'], IntervalSeconds: 2, BackoffRate: 10, MaxAttempts: 3, MaxDelaySeconds: 5 }];
    const { record } = await run(task({ Retry: retry }), {}, failingTimes(3, 'Boom'));
    expect(offsets(record.history, 'TaskScheduled')).toEqual([0, 2000, 7000, 12000]);
  });

  // JitterStrategy FULL: each delay is drawn uniformly from [0, backoff].
  it('applies FULL jitter from the injected randomness', async () => {
    const retry = [{ ErrorEquals: ['Boom'], IntervalSeconds: 10, BackoffRate: 1, MaxAttempts: 3, JitterStrategy: 'FULL' }];
    const { record } = await run(task({ Retry: retry }), {}, failingTimes(3, 'Boom'));
    const at = offsets(record.history, 'TaskScheduled');
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(10_000);
    }
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  // MaxAttempts 0: "never retried".
  it('does not retry when MaxAttempts is 0', async () => {
    const { calls } = await run(task({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }] }), {}, failingTimes(1, 'Boom'));
    expect(calls).toHaveLength(1);
  });

  // "Retrier" fields: each retrier keeps its own count; the first matching retrier applies.
  it('counts attempts per retrier', async () => {
    const errors = ['ErrorA', 'ErrorB', 'ErrorC', 'ErrorA'];
    let i = 0;
    const invoker: TaskInvoker = async () => {
      const name = errors[i++];
      if (name === undefined) return 'done';
      const e = new Error(name);
      e.name = name;
      throw e;
    };
    const retry = [
      { ErrorEquals: ['ErrorA', 'ErrorB'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 },
      { ErrorEquals: ['ErrorC'], IntervalSeconds: 5 },
    ];
    const { record } = await run(task({ Retry: retry }), {}, invoker);
    expect(record.status).toBe('SUCCEEDED');
    // A(1s) B(2s) C(5s) A(4s): the first retrier's count continues across A and B.
    expect(offsets(record.history, 'TaskScheduled')).toEqual([0, 1000, 3000, 8000, 12000]);
  });

  // $$.State.RetryCount counts attempts; TaskInvocation.retryCount too.
  it('exposes the retry count to the context object and the invoker', async () => {
    const definition = task({ Parameters: { 'n.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1 }] });
    const { calls } = await run(definition, {}, failingTimes(2, 'Boom'));
    expect(calls.map((c) => [c.retryCount, c.parameters])).toEqual([[0, { n: 0 }], [1, { n: 1 }], [2, { n: 2 }]]);
  });

  // "Catch": the error output {Error, Cause} goes to ResultPath (default $).
  it('Catch with ResultPath keeps the input and adds the error output', async () => {
    const definition = task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught', ResultPath: '$.error-info' }] });
    const { record } = await run(definition, { orderId: 7 }, failingTimes(1, 'Boom'));
    expect(record.output).toEqual({ orderId: 7, 'error-info': { Error: 'Boom', Cause: 'attempt 1 failed' } });
    expect(types(record.history)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited',
      'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded',
    ]);
    expect(record.history[4]).toMatchObject({
      taskFailedEventDetails: { error: 'Boom', cause: 'attempt 1 failed', resource: 'invoke', resourceType: 'lambda' },
    });
  });

  // Retry is tried before Catch; the catcher takes over once retries are exhausted.
  it('retries first, then catches', async () => {
    const definition = task({
      Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1, IntervalSeconds: 2 }],
      Catch: [{ ErrorEquals: ['Boom'], Next: 'Caught' }],
    });
    const { record, calls } = await run(definition, {}, failingTimes(5, 'Boom'));
    expect(calls).toHaveLength(2);
    expect(record.output).toEqual({ Error: 'Boom', Cause: 'attempt 2 failed' });
  });

  // "States.TaskFailed": matches any error except States.Timeout.
  it('States.TaskFailed does not match States.Timeout', async () => {
    const hang: TaskInvoker = ({ signal }) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const definition = task({ TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] });
    const { record } = await run(definition, {}, hang);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Timeout');
    const matched = await run(task({ Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] }), {}, failingTimes(1, 'Custom'));
    expect(matched.record.status).toBe('SUCCEEDED');
  });

  // Task TimeoutSeconds: the invoker's signal aborts and TaskTimedOut is recorded at +5 s.
  it('times a task out with States.Timeout and aborts the invoker', async () => {
    let aborted = false;
    const hang: TaskInvoker = ({ signal }) =>
      new Promise((_, reject) => signal?.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))));
    const definition = task({ TimeoutSeconds: 5, Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1, IntervalSeconds: 1 }] });
    const { record } = await run(definition, {}, hang);
    expect(aborted).toBe(true);
    expect(record.error).toBe('States.Timeout');
    expect(offsets(record.history, 'TaskTimedOut')).toEqual([5000, 11000]);
    expect(record.history.find((e) => e.type === 'TaskScheduled')).toMatchObject({ taskScheduledEventDetails: { timeoutInSeconds: 5 } });
  });

  // HeartbeatSeconds: a task silent for longer fails with States.HeartbeatTimeout.
  it('fails a silent task with States.HeartbeatTimeout', async () => {
    const { record, clock } = await run(task({ TimeoutSeconds: 60, HeartbeatSeconds: 10 }), {}, ({ signal }) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('x')))));
    expect(record.error).toBe('States.HeartbeatTimeout');
    expect(clock.now() - Date.UTC(2024, 0, 1)).toBe(10_000);
  });

  // SendTaskHeartbeat restarts the HeartbeatSeconds window: a task that beats every 8 s outlives
  // a 10 s heartbeat limit and succeeds; one that beats twice and then goes silent fails 10 s
  // after its last beat.
  it('keeps a task that sends heartbeats alive, and fails it once it goes silent', async () => {
    const clock = new VirtualClock({ start: START });
    const beating: TaskInvoker = async ({ signal, heartbeat }) => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(8000, signal);
        heartbeat?.();
      }
      return 'done';
    };
    const definition = task({ TimeoutSeconds: 100, HeartbeatSeconds: 10 });
    const alive = await run(definition, {}, beating, { clock });
    expect(alive.record.output).toBe('done');
    expect(offsets(alive.record.history, 'TaskSucceeded')).toEqual([40_000]);

    const silentClock = new VirtualClock({ start: START });
    const silent: TaskInvoker = async ({ signal, heartbeat }) => {
      for (let i = 0; i < 2; i++) {
        await silentClock.sleep(8000, signal);
        heartbeat?.();
      }
      await silentClock.sleep(60_000, signal);
      return 'never';
    };
    const { record } = await run(definition, {}, silent, { clock: silentClock });
    expect(record.error).toBe('States.HeartbeatTimeout');
    expect(offsets(record.history, 'TaskTimedOut')).toEqual([26_000]);
  });

  // A task that takes virtual time (sleeps on the clock) finishes within its timeout.
  it('lets a task that finishes in time succeed', async () => {
    const clock = new VirtualClock({ start: START });
    const slowTask: TaskInvoker = async ({ signal }) => {
      await clock.sleep(3000, signal);
      return 'ok';
    };
    const { record } = await run(task({ TimeoutSeconds: 10 }), {}, slowTask, { clock });
    expect(record.output).toBe('ok');
    expect(offsets(record.history, 'TaskSucceeded')).toEqual([3000]);
  });

  // "States.ALL ... cannot catch States.DataLimitExceeded or States.Runtime".
  it('does not catch States.DataLimitExceeded with States.ALL', async () => {
    const big = 'x'.repeat(300 * 1024);
    const definition = task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] });
    const { record } = await run(definition, {}, async () => big);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.DataLimitExceeded');
  });

  // Quota: 256 KiB counts UTF-8 bytes (multi-byte characters count more than once).
  it('counts the payload limit in UTF-8 bytes', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const over = await run(definition, 'é'.repeat(140_000));
    expect(over.record.status).toBe('FAILED');
    expect(over.record.error).toBe('States.DataLimitExceeded');
    const fits = await run(definition, 'e'.repeat(200_000));
    expect(fits.record.status).toBe('SUCCEEDED');
  });

  // Execution-level TimeoutSeconds -> TIMED_OUT with States.Timeout.
  it('times the execution out', async () => {
    const definition = { TimeoutSeconds: 30, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } };
    const { record } = await run(definition);
    expect(record.status).toBe('TIMED_OUT');
    expect(record.error).toBe('States.Timeout');
    expect(types(record.history)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    expect(offsets(record.history, 'ExecutionTimedOut')).toEqual([30_000]);
  });

  // Quota: 25,000 history events; an endless loop fails the execution.
  it('fails the execution when the history cap is reached', async () => {
    const definition = { StartAt: 'Loop', States: { Loop: { Type: 'Pass', Next: 'Loop' } } };
    const { record } = await run(definition, {}, undefined, { maxHistoryEvents: 100 });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(record.cause).toContain('maximum number of history events');
    expect(record.history).toHaveLength(100);
    expect(record.history.at(-1)!.type).toBe('ExecutionFailed');
  });

  // Fail state: Error and Cause reach the execution result.
  it('Fail ends the execution with its Error and Cause', async () => {
    const definition = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'ErrorA', Cause: 'Kaiju attack' } } };
    const { record } = await run(definition);
    expect(record).toMatchObject({ status: 'FAILED', error: 'ErrorA', cause: 'Kaiju attack' });
    expect(types(record.history)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(record.history[2]).toMatchObject({ executionFailedEventDetails: { error: 'ErrorA', cause: 'Kaiju attack' } });
  });

  // Fail state with ErrorPath / CausePath (intrinsics allowed).
  it('Fail reads ErrorPath and CausePath', async () => {
    const definition = {
      StartAt: 'F',
      States: { F: { Type: 'Fail', ErrorPath: '$.code', CausePath: "States.Format('Order {} failed', $.id)" } },
    };
    const { record } = await run(definition, { code: 'OrderError', id: 42 });
    expect(record).toMatchObject({ error: 'OrderError', cause: 'Order 42 failed' });
  });
});

