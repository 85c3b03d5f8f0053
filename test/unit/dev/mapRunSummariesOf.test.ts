/** The Map Runs ListMapRuns and DescribeMapRun read from a parent's history, redrives included. */
import { describe, expect, it } from 'vitest';
import { mapRunSummariesOf } from '../../../lib/dev/operations/mapRunOperations.ts';
import type { HistoryEvent } from '../../../lib/local/types.ts';

const RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:fan-out/fan:r-1';
const OTHER = 'arn:aws:states:us-east-1:123456789012:mapRun:fan-out/other:r-2';

/** Events with ids 1..n, each chained to the id given (or the one before). */
function historyOf(...events: readonly (Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'> & { after?: number })[]): HistoryEvent[] {
  return events.map(({ after, ...event }, index) => ({ ...event, id: index + 1, previousEventId: after ?? index, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString() }) as HistoryEvent);
}

describe('mapRunSummariesOf', () => {
  it('lists a Map Run once, with its first start, its redrives and the end of its last attempt', () => {
    const history = historyOf(
      { type: 'ExecutionStarted' },
      { type: 'MapStateEntered' },
      { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: RUN } },
      { type: 'MapRunFailed' },
      { type: 'ExecutionFailed' },
      { type: 'ExecutionRedriven' },
      { type: 'MapStateEntered' },
      { type: 'MapRunRedriven', mapRunRedrivenEventDetails: { mapRunArn: RUN, redriveCount: 1 } },
      { type: 'MapRunFailed' },
      { type: 'ExecutionFailed' },
      { type: 'ExecutionRedriven' },
      { type: 'MapStateEntered' },
      { type: 'MapRunRedriven', mapRunRedrivenEventDetails: { mapRunArn: RUN, redriveCount: 2 } },
      { type: 'MapRunSucceeded' },
    );

    expect(mapRunSummariesOf(history)).toEqual([{ mapRunArn: RUN, startDate: history[2]!.timestamp, status: 'SUCCEEDED', stopDate: history[13]!.timestamp, redriveCount: 2, redriveDate: history[12]!.timestamp }]);
  });

  it('shows a redriven Map Run running again until its new attempt ends', () => {
    const history = historyOf(
      { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: RUN } },
      { type: 'MapRunFailed' },
      { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: OTHER }, after: 0 },
      { type: 'MapRunSucceeded' },
      { type: 'MapRunRedriven', mapRunRedrivenEventDetails: { mapRunArn: RUN, redriveCount: 1 }, after: 2 },
    );

    const runs = mapRunSummariesOf(history);

    expect(runs.map((run) => [run.mapRunArn, run.status, run.redriveCount])).toEqual([
      [RUN, 'RUNNING', 1],
      [OTHER, 'SUCCEEDED', 0],
    ]);
    expect(runs[0]!.stopDate).toBeUndefined();
  });

  it('counts a redrive resumed after a restart once: its MapRunRedriven is recorded again with the same count', () => {
    const history = historyOf(
      { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: RUN } },
      { type: 'MapRunFailed' },
      { type: 'ExecutionRedriven' },
      { type: 'MapRunRedriven', mapRunRedrivenEventDetails: { mapRunArn: RUN, redriveCount: 1 } },
      { type: 'MapRunRedriven', mapRunRedrivenEventDetails: { mapRunArn: RUN, redriveCount: 1 } },
      { type: 'MapRunSucceeded' },
    );

    expect(mapRunSummariesOf(history)).toEqual([{ mapRunArn: RUN, startDate: history[0]!.timestamp, status: 'SUCCEEDED', stopDate: history[5]!.timestamp, redriveCount: 1, redriveDate: history[3]!.timestamp }]);
  });
});
