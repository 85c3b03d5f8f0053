import { describe, expect, it } from 'vitest';
import { absoluteWait, planResume } from '../../../lib/dev/resume.ts';
import type { ExecutionRecord, HistoryEvent } from '../../../lib/local/types.ts';

const ENTERED = '2024-01-01T00:00:05.000Z';

describe('Function: absoluteWait', () => {
  it('turns Seconds into the deadline counted from the first entry', () => {
    expect(absoluteWait({ Type: 'Wait', Seconds: 20, Next: 'B' }, ENTERED, {})).toEqual({ Type: 'Wait', Timestamp: '2024-01-01T00:00:25.000Z', Next: 'B' });
  });

  it('reads SecondsPath from the recorded input, after InputPath', () => {
    const state = { Type: 'Wait', InputPath: '$.plan', SecondsPath: '$.delay', Next: 'B' };
    expect(absoluteWait(state, ENTERED, { plan: { delay: 60 } })).toEqual({ Type: 'Wait', InputPath: '$.plan', Timestamp: '2024-01-01T00:01:05.000Z', Next: 'B' });
  });

  it('wraps a JSONata Seconds expression into a Timestamp expression', () => {
    const resumed = absoluteWait({ Type: 'Wait', Seconds: '{% $states.input.delay %}', End: true }, ENTERED, {});
    expect(resumed).toEqual({ Type: 'Wait', Timestamp: `{% $fromMillis(${Date.parse(ENTERED)} + ( $states.input.delay ) * 1000) %}`, End: true });
  });

  it('leaves a Wait until a timestamp, and every other state, as it is', () => {
    const until = { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', End: true };
    expect(absoluteWait(until, ENTERED, {})).toBe(until);
    const task = { Type: 'Task', Resource: 'x', End: true };
    expect(absoluteWait(task, ENTERED, {})).toBe(task);
  });
});

describe('Function: planResume', () => {
  const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Task', Resource: 'x', End: true } } };
  const event = (id: number, type: string, details: Record<string, unknown>): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: ENTERED, type, ...details }) as HistoryEvent;
  const record = (history: HistoryEvent[]): ExecutionRecord => ({ executionArn: 'arn', name: 'n', stateMachineName: 'm', status: 'RUNNING', startDate: ENTERED, input: { start: true }, history });
  const started = event(1, 'ExecutionStarted', {});

  it('continues in the state entered and not exited, reusing its entered event', () => {
    const plan = planResume(record([started, event(2, 'PassStateEntered', { stateEnteredEventDetails: { name: 'A', input: '{}' } }), event(3, 'PassStateExited', { stateExitedEventDetails: { name: 'A', output: '{"x":1}' } }), event(4, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'B', input: '{"x":1}' } })]), definition);
    expect(plan).toMatchObject({ stateName: 'B', input: { x: 1 }, definition: { StartAt: 'B' }, resume: { enteredEventId: 4, startTime: ENTERED, executionInput: { start: true } } });
  });

  it('starts from the beginning when no state was entered', () => {
    const plan = planResume(record([started]), definition);
    expect(plan.stateName).toBe('A');
    expect(plan.input).toEqual({ start: true });
    expect(plan.resume.enteredEventId).toBeUndefined();
  });
});
