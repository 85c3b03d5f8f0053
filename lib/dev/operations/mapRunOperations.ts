/**
 * ListMapRuns and DescribeMapRun: the Map Runs of Distributed Map states, read from the parent's
 * history (MapRunStarted and the end event that follows it on the same chain) and from the child
 * executions kept when the parent ended. While the parent still runs, the item counts are 0.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import type { ExecutionRecord, HistoryEvent } from '../../local/types.ts';
import { canonicalExecutionArn, stateMachineArnOf } from '../arns.ts';
import { MAP_RUN_KIND, type KeptMapRun } from '../checkpoints.ts';
import type { DevControlPlane } from '../DevControlPlane.ts';
import { pageOf } from '../pagination.ts';
import { DevApiError, epochSeconds } from '../protocol.ts';
import type { OperationTable } from './types.ts';

interface MapRunSummary {
  readonly mapRunArn: string;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
}

const END_STATUS: Readonly<Record<string, MapRunSummary['status']>> = { MapRunSucceeded: 'SUCCEEDED', MapRunFailed: 'FAILED', MapRunAborted: 'ABORTED' };

export const MAP_RUN_OPERATIONS: OperationTable = {
  'AWSStepFunctions.ListMapRuns': async (plane, body) => {
    const record = await parentRecord(plane, canonicalExecutionArn(body.executionArn));
    const { page, nextToken } = pageOf(mapRunsOf(record.history), body);
    return {
      mapRuns: page.map((run) => ({ executionArn: record.executionArn, mapRunArn: run.mapRunArn, stateMachineArn: stateMachineArnOf(record.stateMachineName), startDate: epochSeconds(run.startDate), ...(run.stopDate ? { stopDate: epochSeconds(run.stopDate) } : {}) })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
  'AWSStepFunctions.DescribeMapRun': async (plane, body) => {
    const mapRunArn = String(body.mapRunArn ?? '');
    await plane.checkpoints.flush();
    const kept = await plane.store.documents.get<KeptMapRun>(MAP_RUN_KIND, mapRunArn);
    const parentArn = kept?.executionArn ?? plane.runner.live().find((live) => mapRunsOf(live.history).some((run) => run.mapRunArn === mapRunArn))?.executionArn;
    if (parentArn === undefined) throw new DevApiError('ResourceNotFound', `Resource Not Found: no Map Run '${mapRunArn}' in this server`);
    const record = await parentRecord(plane, parentArn);
    const run = mapRunsOf(record.history).find((r) => r.mapRunArn === mapRunArn);
    if (!run) throw new DevApiError('ResourceNotFound', `Resource Not Found: no Map Run '${mapRunArn}' in the history of ${parentArn}`);
    const counts = countsOf(kept?.children ?? []);
    return {
      mapRunArn,
      executionArn: parentArn,
      status: run.status,
      startDate: epochSeconds(run.startDate),
      ...(run.stopDate ? { stopDate: epochSeconds(run.stopDate) } : {}),
      maxConcurrency: 0,
      toleratedFailurePercentage: 0,
      toleratedFailureCount: 0,
      itemCounts: { ...counts, resultsWritten: 0 },
      executionCounts: { ...counts, resultsWritten: 0 },
      redriveCount: 0,
    };
  },
};

async function parentRecord(plane: DevControlPlane, executionArn: string): Promise<ExecutionRecord> {
  await plane.checkpoints.flush();
  const record = await plane.store.get(executionArn);
  if (!record) throw new DevApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
  return record;
}

/** Each MapRunStarted, with the end event whose chain of previous events leads back to it. */
export function mapRunsOf(history: readonly HistoryEvent[]): MapRunSummary[] {
  const runs = new Map<number, { mapRunArn: string; startDate: string; stopDate?: string; status: MapRunSummary['status'] }>();
  for (const event of history) {
    if (event.type === 'MapRunStarted' && event.mapRunStartedEventDetails?.mapRunArn) runs.set(event.id, { mapRunArn: event.mapRunStartedEventDetails.mapRunArn, startDate: event.timestamp, status: 'RUNNING' });
  }
  for (const event of history) {
    const status = END_STATUS[event.type];
    if (!status) continue;
    for (let id = event.previousEventId; id > 0; id = history[id - 1]?.previousEventId ?? 0) {
      const run = runs.get(id);
      if (run) {
        if (run.status === 'RUNNING') Object.assign(run, { status, stopDate: event.timestamp });
        break;
      }
    }
  }
  return [...runs.values()];
}

function countsOf(children: KeptMapRun['children']): Record<string, number> {
  const of = (status: string): number => children.filter((c) => c.status === status).length;
  return { pending: 0, running: of('RUNNING'), succeeded: of('SUCCEEDED'), failed: of('FAILED'), timedOut: of('TIMED_OUT'), aborted: of('ABORTED'), total: children.length };
}
