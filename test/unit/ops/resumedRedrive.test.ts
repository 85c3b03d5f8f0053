/** redriveToResume: what a redrive that a killed server left running carries into its resumed run. */
import { describe, expect, it } from 'vitest';
import { redriveToResume } from '../../../lib/ops/redrive/resumedRedrive.ts';
import type { ExecutionRecord, HistoryEvent } from '../../../lib/local/types.ts';

const RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:fan-out/fan:r-1';
const DEFINITION = {
  StartAt: 'EachItem',
  States: {
    EachItem: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } }, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
};

/** Events with ids 1..n, each chained to the one before. */
function historyOf(...events: readonly Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>[]): HistoryEvent[] {
  return events.map((event, index) => ({ ...event, id: index + 1, previousEventId: index, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString() }) as HistoryEvent);
}

const entered = (name: string, type = 'Map'): Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'> => ({ type: `${type}StateEntered`, stateEnteredEventDetails: { name, input: '{"items":["a","b"]}' } }) as never;
const FAILED_ATTEMPT = [
  { type: 'ExecutionStarted' },
  entered('EachItem'),
  { type: 'MapStateStarted' },
  { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: RUN } },
  { type: 'MapRunFailed' },
  { type: 'MapStateFailed' },
  { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.ExceedToleratedFailureThreshold' } },
] as Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>[];
const REDRIVE_IN_MAP = [{ type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } }, entered('EachItem'), { type: 'MapStateStarted' }, { type: 'MapRunRedriven', mapRunRedrivenEventDetails: { mapRunArn: RUN, redriveCount: 1 } }] as Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>[];

function recordOf(history: HistoryEvent[]): ExecutionRecord {
  return { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:fan-out:fan-1', name: 'fan-1', stateMachineName: 'fan-out', status: 'RUNNING', startDate: history[0]!.timestamp, input: { items: ['a', 'b'] }, history };
}

function child(name: string, status: ExecutionRecord['status']): ExecutionRecord {
  return { executionArn: `arn:aws:states:us-east-1:123456789012:execution:fan-out/fan:${name}`, name, stateMachineName: 'fan-out/fan', status, startDate: '2026-01-01T00:00:00.000Z', input: name, history: [], mapRunArn: RUN };
}

/** A store holding the earlier attempt's children, and which state machines were listed. */
function storeWith(children: readonly ExecutionRecord[]) {
  const listed: string[] = [];
  return { listed, list: async (options: { stateMachineName?: string } = {}) => (listed.push(options.stateMachineName ?? ''), children.filter((c) => c.stateMachineName === options.stateMachineName)) };
}

describe('redriveToResume', () => {
  it('continues the Map Run the redrive had continued, with the earlier attempt\'s stored children', async () => {
    const store = storeWith([child('a', 'SUCCEEDED'), child('b', 'FAILED')]);
    const record = recordOf(historyOf(...FAILED_ATTEMPT, ...REDRIVE_IN_MAP));

    const redrive = await redriveToResume(store, record, DEFINITION, 'EachItem', { kept: true });

    expect(store.listed).toEqual(['fan-out/fan']);
    expect(redrive).toMatchObject({ count: 1, startTime: record.startDate, executionInput: record.input, variables: { kept: true } });
    // The earlier Map Run as the redrive saw it: not yet redriven before that redrive.
    expect(redrive?.mapRuns?.EachItem).toMatchObject({ mapRunArn: RUN, redriveCount: 0 });
    expect(redrive?.mapRuns?.EachItem?.children.map((c) => `${c.name} ${c.status}`)).toEqual(['a SUCCEEDED', 'b FAILED']);
  });

  it('carries nothing for an execution never redriven, or resumed in another state', async () => {
    const store = storeWith([child('a', 'FAILED')]);
    const firstAttempt = recordOf(historyOf(...FAILED_ATTEMPT.slice(0, 4)));
    const redriven = recordOf(historyOf(...FAILED_ATTEMPT, ...REDRIVE_IN_MAP));

    expect(await redriveToResume(store, firstAttempt, DEFINITION, 'EachItem', {})).toBeUndefined();
    expect(await redriveToResume(store, redriven, DEFINITION, 'Done', {})).toBeUndefined();
    expect(store.listed).toEqual([]);
  });

  it('carries nothing once the redrive has left the Map state (a loop back starts a new Map Run)', async () => {
    const store = storeWith([child('a', 'FAILED')]);
    const looped = recordOf(historyOf(...FAILED_ATTEMPT, ...REDRIVE_IN_MAP, { type: 'MapRunSucceeded' }, { type: 'MapStateSucceeded' }, { type: 'MapStateExited', stateExitedEventDetails: { name: 'EachItem' } } as never, entered('EachItem')));

    expect(await redriveToResume(store, looped, DEFINITION, 'EachItem', {})).toBeUndefined();
  });

  it('carries nothing when the earlier children are not stored (the Map Run then starts anew)', async () => {
    const record = recordOf(historyOf(...FAILED_ATTEMPT, ...REDRIVE_IN_MAP));

    expect(await redriveToResume(storeWith([]), record, DEFINITION, 'EachItem', {})).toBeUndefined();
  });
});
