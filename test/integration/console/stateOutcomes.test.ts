/**
 * The page's reading of an execution history (lib/console/static/lib/outcomes.js): which state
 * succeeded, failed, was caught, retried (with its delays), compensated or is running. Pure; the
 * histories are written as GetExecutionHistory returns them, each event chained to its cause.
 */
import { describe, expect, it } from 'vitest';
import { failedStateOf, stateOutcomes, type HistoryEvent } from '../../../lib/console/static/lib/outcomes.js';

/** Builds a history: each entry is [type, details, previous (defaults to the entry before), seconds]. */
function history(...entries: Array<[type: string, details?: Record<string, unknown>, previous?: number, at?: number]>): HistoryEvent[] {
  return entries.map(([type, details, previous, at], index) => {
    const key = type.charAt(0).toLowerCase() + type.slice(1);
    const detailsKey = type.endsWith('StateEntered') ? 'stateEnteredEventDetails' : type.endsWith('StateExited') ? 'stateExitedEventDetails' : `${key}EventDetails`;
    return { id: index + 1, previousEventId: previous ?? index, type, timestamp: at ?? index, ...(details ? { [detailsKey]: details } : {}) };
  });
}

describe('Function: stateOutcomes', () => {
  it('marks a task that failed, waited and then succeeded as retried, with the delay', () => {
    // Prepare
    const events = history(
      ['ExecutionStarted', {}, 0, 0],
      ['TaskStateEntered', { name: 'charge', input: '{}' }, 1, 0],
      ['TaskScheduled', {}, 2, 0],
      ['TaskFailed', { error: 'Aethon.Retryable', cause: '503' }, 3, 1],
      ['TaskScheduled', {}, 4, 3.5],
      ['TaskSucceeded', {}, 5, 4],
      ['TaskStateExited', { name: 'charge', output: '{"ok":true}' }, 6, 4],
      ['ExecutionSucceeded', {}, 7, 4],
    );
    // Act
    const charge = stateOutcomes(events, { status: 'SUCCEEDED' }).get('charge')!;
    // Assess
    expect(charge.outcome).toBe('retried');
    expect(charge.retries).toEqual([{ error: 'Aethon.Retryable', cause: '503', delaySeconds: 2.5 }]);
    expect(charge.output).toBe('{"ok":true}');
  });

  it('marks a failure that a Catch sent elsewhere as caught, whether or not the state records an exit', () => {
    const exited = history(
      ['ExecutionStarted', {}, 0],
      ['TaskStateEntered', { name: 'fetch' }, 1],
      ['TaskScheduled', {}, 2],
      ['TaskFailed', { error: 'States.Timeout' }, 3],
      ['TaskStateExited', { name: 'fetch' }, 4],
      ['PassStateEntered', { name: 'useCache' }, 5],
    );
    expect(stateOutcomes(exited, { status: 'RUNNING' }).get('fetch')?.outcome).toBe('caught');
    const events = history(
      ['ExecutionStarted', {}, 0],
      ['TaskStateEntered', { name: 'fetch' }, 1],
      ['TaskScheduled', {}, 2],
      ['TaskFailed', { error: 'States.Timeout' }, 3],
      ['PassStateEntered', { name: 'useCache' }, 4],
      ['PassStateExited', { name: 'useCache' }, 5],
      ['ExecutionSucceeded', {}, 6],
    );
    const outcomes = stateOutcomes(events, { status: 'SUCCEEDED' });
    expect(outcomes.get('fetch')).toMatchObject({ outcome: 'caught', error: 'States.Timeout' });
    expect(outcomes.get('useCache')?.outcome).toBe('succeeded');
    expect(failedStateOf(outcomes)).toBeUndefined();
  });

  it('names the failed step, and the step its compensation undid, when compensation ran before the Fail state', () => {
    const events = history(
      ['ExecutionStarted', {}, 0],
      ['TaskStateEntered', { name: 'reserve' }, 1],
      ['TaskStateExited', { name: 'reserve' }, 2],
      ['TaskStateEntered', { name: 'charge' }, 3],
      ['TaskScheduled', {}, 4],
      ['TaskFailed', { error: 'Aethon.Permanent', cause: 'card declined' }, 5],
      // As the local engine and AWS record a Catch: the state exits after the failure.
      ['TaskStateExited', { name: 'charge' }, 6],
      ['TaskStateEntered', { name: 'Compensate reserve' }, 7],
      ['TaskScheduled', {}, 8],
      ['TaskSucceeded', {}, 9],
      ['TaskStateExited', { name: 'Compensate reserve' }, 10],
      ['FailStateEntered', { name: 'Failed' }, 11],
      ['ExecutionFailed', { error: 'Aethon.Permanent', cause: 'card declined' }, 12],
    );
    const outcomes = stateOutcomes(events, { status: 'FAILED', error: 'Aethon.Permanent' });
    expect(outcomes.get('reserve')).toMatchObject({ outcome: 'compensated', compensatedBy: 'Compensate reserve' });
    expect(outcomes.get('charge')).toMatchObject({ outcome: 'failed', cause: 'card declined' });
    expect(failedStateOf(outcomes)?.name).toBe('charge');
  });

  it('keeps interleaved Parallel branches apart through the previousEventId chain', () => {
    const events = history(
      ['ExecutionStarted', {}, 0],
      ['ParallelStateEntered', { name: 'both' }, 1],
      ['TaskStateEntered', { name: 'left' }, 2],
      ['TaskStateEntered', { name: 'right' }, 2],
      ['TaskScheduled', {}, 3],
      ['TaskScheduled', {}, 4],
      ['TaskFailed', { error: 'Boom' }, 6],
      ['TaskSucceeded', {}, 5],
      ['TaskStateExited', { name: 'left' }, 8],
    );
    const outcomes = stateOutcomes(events, { status: 'RUNNING' });
    expect(outcomes.get('left')?.outcome).toBe('succeeded');
    expect(outcomes.get('right')).toMatchObject({ outcome: 'failed', error: 'Boom' });
    expect(outcomes.get('both')?.outcome).toBe('running');
  });

  it("matches a Parallel state's exit by name, though it follows its last branch's events", () => {
    // As the local engine records it: the exit's previousEventId is the last branch state's exit.
    const events = history(
      ['ExecutionStarted', {}, 0],
      ['ParallelStateEntered', { name: 'both' }, 0],
      ['ParallelStateStarted', {}, 2],
      ['PassStateEntered', { name: 'pack' }, 3],
      ['PassStateExited', { name: 'pack' }, 4],
      ['ParallelStateSucceeded', {}, 5],
      ['ParallelStateExited', { name: 'both', output: '[{}]' }, 5],
      ['ExecutionSucceeded', {}, 7],
    );
    const outcomes = stateOutcomes(events, { status: 'SUCCEEDED' });
    expect(outcomes.get('both')).toMatchObject({ outcome: 'succeeded', output: '[{}]' });
    expect(outcomes.get('pack')?.outcome).toBe('succeeded');
  });

  it('shows what a redrive made of a state that had failed', () => {
    const events = history(
      ['ExecutionStarted', {}, 0],
      ['TaskStateEntered', { name: 'charge' }, 1],
      ['TaskFailed', { error: 'Aethon.Permanent' }, 2],
      ['ExecutionFailed', { error: 'Aethon.Permanent' }, 3],
      ['ExecutionRedriven', {}, 4],
      ['TaskStateEntered', { name: 'charge' }, 5],
      ['TaskStateExited', { name: 'charge' }, 6],
      ['ExecutionSucceeded', {}, 7],
    );
    expect(stateOutcomes(events, { status: 'SUCCEEDED' }).get('charge')?.outcome).toBe('succeeded');
  });

  it('says a visit still open is running while the execution runs, and failed once it timed out', () => {
    const events = history(['ExecutionStarted', {}, 0], ['WaitStateEntered', { name: 'hold' }, 1]);
    expect(stateOutcomes(events, { status: 'RUNNING' }).get('hold')?.outcome).toBe('running');
    expect(stateOutcomes(events, { status: 'TIMED_OUT' }).get('hold')?.outcome).toBe('failed');
    expect(stateOutcomes(events, { status: 'ABORTED' }).get('hold')?.outcome).toBe('aborted');
  });
});
