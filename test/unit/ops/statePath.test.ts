import { describe, expect, it } from 'vitest';
import { failedTopLevelState, statePath } from '../../../lib/ops/executions/statePath.ts';

const t = (s: number) => new Date(Date.UTC(2026, 10, 28, 3, 0, s)).toISOString();
const entered = (id: number, type: string, name: string, s: number, input = '{}') => ({ id, type: `${type}StateEntered`, timestamp: t(s), stateEnteredEventDetails: { name, input } });
const exited = (id: number, type: string, name: string, s: number) => ({ id, type: `${type}StateExited`, timestamp: t(s), stateExitedEventDetails: { name, output: '{}' } });

describe('Function: statePath', () => {
  it('lists each state with status, retries, error and timing', () => {
    // Prepare
    const history = [
      { id: 1, type: 'ExecutionStarted', timestamp: t(0) },
      entered(2, 'Task', 'build', 0),
      { id: 3, type: 'TaskScheduled', timestamp: t(0) },
      { id: 4, type: 'TaskFailed', timestamp: t(1), taskFailedEventDetails: { error: 'Aethon.Retryable', cause: '{"errorMessage":"503"}' } },
      { id: 5, type: 'TaskScheduled', timestamp: t(3) },
      { id: 6, type: 'TaskSucceeded', timestamp: t(4) },
      exited(7, 'Task', 'build', 4),
      entered(8, 'Task', 'deploy', 4, '{"artifact":"a"}'),
      { id: 9, type: 'TaskScheduled', timestamp: t(4) },
      { id: 10, type: 'TaskFailed', timestamp: t(6), taskFailedEventDetails: { error: 'Aethon.Permanent', cause: '{"errorMessage":"quota"}' } },
      { id: 11, type: 'ExecutionFailed', timestamp: t(6), executionFailedEventDetails: { error: 'Aethon.Permanent', cause: 'quota' } },
    ];
    // Act
    const path = statePath(history);
    // Assess
    expect(path.map(({ name, type, status, retries, error, cause, durationMs }) => ({ name, type, status, retries, error, cause, durationMs }))).toEqual([
      { name: 'build', type: 'Task', status: 'SUCCEEDED', retries: 1, error: undefined, cause: undefined, durationMs: 4000 },
      { name: 'deploy', type: 'Task', status: 'FAILED', retries: 0, error: 'Aethon.Permanent', cause: 'quota', durationMs: 2000 },
    ]);
    expect(failedTopLevelState(history, new Set(['build', 'deploy']))).toMatchObject({ name: 'deploy', input: '{"artifact":"a"}' });
  });

  it('marks a failure handled by a Catch as CAUGHT and the Fail state as FAILED', () => {
    // Prepare
    const history = [
      entered(1, 'Task', 'ship', 0),
      { id: 2, type: 'TaskScheduled', timestamp: t(0) },
      { id: 3, type: 'TaskFailed', timestamp: t(1), taskFailedEventDetails: { error: 'Aethon.Permanent' } },
      exited(4, 'Task', 'ship', 1),
      entered(5, 'Fail', 'Fail after compensation', 1),
      { id: 6, type: 'ExecutionFailed', timestamp: t(1), executionFailedEventDetails: { error: 'Aethon.Permanent' } },
    ];
    // Act
    const path = statePath(history);
    // Assess
    expect(path.map((v) => [v.name, v.status, v.error])).toEqual([
      ['ship', 'CAUGHT', 'Aethon.Permanent'],
      ['Fail after compensation', 'FAILED', 'Aethon.Permanent'],
    ]);
  });

  it('accepts AWS SDK events with Date timestamps, and timeouts', () => {
    // Prepare
    const history = [
      { id: 1, type: 'TaskStateEntered', timestamp: new Date(t(0)), stateEnteredEventDetails: { name: 'wait' } },
      { id: 2, type: 'LambdaFunctionScheduled', timestamp: new Date(t(0)) },
      { id: 3, type: 'LambdaFunctionTimedOut', timestamp: new Date(t(9)), lambdaFunctionTimedOutEventDetails: {} },
      { id: 4, type: 'ExecutionTimedOut', timestamp: new Date(t(9)), executionTimedOutEventDetails: {} },
    ];
    // Act
    const [visit] = statePath(history);
    // Assess
    expect(visit).toMatchObject({ name: 'wait', status: 'TIMED_OUT', error: 'States.Timeout', durationMs: 9000 });
  });

  it('finds no failed state in a successful execution', () => {
    expect(failedTopLevelState([entered(1, 'Pass', 'a', 0), exited(2, 'Pass', 'a', 0)], new Set(['a']))).toBeUndefined();
  });
});
