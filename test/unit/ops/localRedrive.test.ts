import { describe, expect, it } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../../../lib/local/types.ts';
import { NotRedrivableError, redriveLocally, type RunFrom } from '../../../lib/ops/redrive/localRedrive.ts';

const T = '2026-11-28T03:00:00.000Z';
const ev = (id: number, type: string, details: Record<string, unknown> = {}): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: T, type, ...details });
const workflow = (states: Record<string, unknown>) => ({ name: 'wf', definition: { StartAt: 'a', States: states } }) as unknown as CompiledWorkflow;

function failedAt(state: string, type: string): ExecutionRecord {
  return {
    executionArn: 'arn:aws:states:us-east-1:1:execution:wf:n1',
    name: 'n1',
    stateMachineName: 'wf',
    status: 'FAILED',
    startDate: T,
    stopDate: T,
    input: { x: 1 },
    error: 'Boom',
    history: [
      ev(1, 'ExecutionStarted'),
      ev(2, 'PassStateEntered', { stateEnteredEventDetails: { name: 'a', input: '{"x":1}' } }),
      ev(3, 'PassStateExited', { stateExitedEventDetails: { name: 'a', output: '{"x":2}' } }),
      ev(4, `${type}StateEntered`, { stateEnteredEventDetails: { name: state, input: '{"x":2}' } }),
      ev(5, 'ExecutionFailed', { executionFailedEventDetails: { error: 'Boom' } }),
    ],
  };
}

describe('Function: redriveLocally', () => {
  it('resumes from the failed state with its recorded input, same name, and appends the new attempt', async () => {
    // Prepare
    const calls: { startAt: unknown; input: unknown; name: string }[] = [];
    const runFrom: RunFrom = async (resumed, input, name) => {
      calls.push({ startAt: (resumed.definition as { StartAt: string }).StartAt, input, name });
      return { ...failedAt('b', 'Task'), status: 'SUCCEEDED', output: { done: true }, startDate: '2026-11-29T00:00:00.000Z', history: [ev(1, 'ExecutionStarted'), ev(2, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'b', input: '{"x":2}' } }), ev(3, 'TaskStateExited', { stateExitedEventDetails: { name: 'b' } }), ev(4, 'ExecutionSucceeded')] };
    };
    // Act
    const outcome = await redriveLocally(workflow({ a: { Type: 'Pass' }, b: { Type: 'Task' } }), failedAt('b', 'Task'), runFrom);
    // Assess
    expect(calls).toEqual([{ startAt: 'b', input: { x: 2 }, name: 'n1' }]);
    expect(outcome).toMatchObject({ resumedFrom: 'b', redriveCount: 1, warnings: [] });
    expect(outcome.record).toMatchObject({ status: 'SUCCEEDED', startDate: T, input: { x: 1 }, executionArn: 'arn:aws:states:us-east-1:1:execution:wf:n1' });
    expect(outcome.record.history.map((e) => `${e.id}<${e.previousEventId} ${e.type}`)).toEqual([
      '1<0 ExecutionStarted',
      '2<1 PassStateEntered',
      '3<2 PassStateExited',
      '4<3 TaskStateEntered',
      '5<4 ExecutionFailed',
      '6<5 ExecutionRedriven',
      '7<6 TaskStateEntered',
      '8<7 TaskStateExited',
      '9<8 ExecutionSucceeded',
    ]);
  });

  it('warns that a Map re-runs whole', async () => {
    // Prepare
    const runFrom: RunFrom = async () => ({ ...failedAt('m', 'Map'), status: 'SUCCEEDED', history: [ev(1, 'ExecutionStarted'), ev(2, 'ExecutionSucceeded')] });
    // Act
    const outcome = await redriveLocally(workflow({ a: { Type: 'Pass', Assign: { v: 1 } }, m: { Type: 'Map' } }), failedAt('m', 'Map'), runFrom);
    // Assess
    expect(outcome.warnings).toEqual(["'m' is a Map state and runs again whole (idempotent steps inside skip their side effects)"]);
  });

  it('carries over the top-level variables, the first start time and the redrive count', async () => {
    // Prepare: 'a' assigned v and w; a state inside a Map ('inner') assigned v in its own scope;
    // an earlier redrive already happened and 'a2' then reassigned w.
    const record = failedAt('b', 'Task');
    const exited = (id: number, name: string, assignedVariables: Record<string, string>) =>
      ev(id, 'PassStateExited', { stateExitedEventDetails: { name, output: '{}', assignedVariables } });
    const history = [
      ev(1, 'ExecutionStarted'),
      exited(2, 'a', { v: '1', w: '{"deep":[1,2]}' }),
      exited(3, 'inner', { v: '"inner only"' }),
      ev(4, 'ExecutionFailed'),
      ev(5, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: 1 } }),
      exited(6, 'a2', { w: 'null' }),
      ev(7, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'b', input: '{"x":2}' } }),
      ev(8, 'ExecutionFailed'),
    ];
    const seen: unknown[] = [];
    const runFrom: RunFrom = async (_resumed, _input, _name, redrive) => {
      seen.push(redrive);
      return { ...record, status: 'SUCCEEDED', history: [ev(1, 'ExecutionStarted'), ev(2, 'ExecutionSucceeded')] };
    };
    // Act
    await redriveLocally(workflow({ a: { Type: 'Pass' }, a2: { Type: 'Pass' }, m: { Type: 'Map' }, b: { Type: 'Task' } }), { ...record, history }, runFrom);
    // Assess
    expect(seen).toEqual([{ count: 2, startTime: T, executionInput: { x: 1 }, variables: { v: 1, w: null } }]);
  });

  it('refuses an execution that ended in a Fail state, and one that succeeded', async () => {
    // Prepare
    const never: RunFrom = async () => {
      throw new Error('must not run');
    };
    // Act / Assess
    await expect(redriveLocally(workflow({ a: { Type: 'Pass' }, f: { Type: 'Fail' } }), failedAt('f', 'Fail'), never)).rejects.toThrow(/ended in the Fail state 'f' .* would only fail again/);
    await expect(redriveLocally(workflow({ a: { Type: 'Pass' } }), { ...failedAt('a', 'Pass'), status: 'SUCCEEDED' }, never)).rejects.toBeInstanceOf(NotRedrivableError);
  });
});
