/**
 * ListMapRuns and DescribeMapRun: the Map Runs of Distributed Map states, read from the parent's
 * history (MapRunStarted or MapRunRedriven, and the end event that follows it on the same chain)
 * and from the child executions, kept as records of their own when the parent ended. A redrive of
 * the parent continues its Map Run under the same ARN: its redrive count and date come from the
 * MapRunRedriven events, and the children it redrove replace their earlier records. While the
 * parent runs, the counts are those of its last attempt that ended (0 before the first).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import { childStateMachineName } from '../../local/engine/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../../local/types.ts';
import { canonicalExecutionArn, stateMachineArnOf } from '../arns.ts';
import { MAP_RUN_KIND, type KeptMapRun } from '../checkpoints.ts';
import type { DevControlPlane } from '../DevControlPlane.ts';
import { pageOf } from '../pagination.ts';
import { DevApiError, epochSeconds } from '../protocol.ts';
import type { OperationTable } from './types.ts';

interface MapRunSummary {
  readonly mapRunArn: string;
  /** Its first start: a redrive keeps it. */
  readonly startDate: string;
  readonly stopDate?: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  readonly redriveCount: number;
  readonly redriveDate?: string;
}

const END_STATUS: Readonly<Record<string, MapRunSummary['status']>> = { MapRunSucceeded: 'SUCCEEDED', MapRunFailed: 'FAILED', MapRunAborted: 'ABORTED' };

export const MAP_RUN_OPERATIONS: OperationTable = {
  'AWSStepFunctions.ListMapRuns': async (plane, body) => {
    const record = await parentRecord(plane, canonicalExecutionArn(body.executionArn));
    const { page, nextToken } = pageOf(mapRunSummariesOf(record.history), body);
    return {
      mapRuns: page.map((run) => ({ executionArn: record.executionArn, mapRunArn: run.mapRunArn, stateMachineArn: stateMachineArnOf(record.stateMachineName), startDate: epochSeconds(run.startDate), ...(run.stopDate ? { stopDate: epochSeconds(run.stopDate) } : {}) })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
  'AWSStepFunctions.DescribeMapRun': async (plane, body) => {
    const mapRunArn = String(body.mapRunArn ?? '');
    await plane.checkpoints.flush();
    const kept = await plane.store.documents.get<KeptMapRun>(MAP_RUN_KIND, mapRunArn);
    const parentArn = kept?.executionArn ?? plane.runner.live().find((live) => mapRunSummariesOf(live.history).some((run) => run.mapRunArn === mapRunArn))?.executionArn;
    if (parentArn === undefined) throw new DevApiError('ResourceNotFound', `Resource Not Found: no Map Run '${mapRunArn}' in this server`);
    const record = await parentRecord(plane, parentArn);
    const run = mapRunSummariesOf(record.history).find((r) => r.mapRunArn === mapRunArn);
    if (!run) throw new DevApiError('ResourceNotFound', `Resource Not Found: no Map Run '${mapRunArn}' in the history of ${parentArn}`);
    const counts = countsOf(kept === undefined ? [] : await mapRunChildRecords(plane, mapRunArn, kept));
    return {
      mapRunArn,
      executionArn: parentArn,
      status: run.status,
      startDate: epochSeconds(run.startDate),
      ...(run.stopDate ? { stopDate: epochSeconds(run.stopDate) } : {}),
      maxConcurrency: 0,
      toleratedFailurePercentage: 0,
      toleratedFailureCount: 0,
      itemCounts: counts,
      executionCounts: counts,
      redriveCount: run.redriveCount,
      ...(run.redriveDate ? { redriveDate: epochSeconds(run.redriveDate) } : {}),
    };
  },
};

/**
 * The child executions of a Map Run, newest first, once its parent has ended at least once (a
 * redrive's children replace their earlier records under the same ARN, the kept ones stay).
 * @param known its kept document, when the caller has read it already
 * @throws DevApiError ResourceNotFound when no attempt of its parent has ended in this server
 */
export async function mapRunChildRecords(plane: DevControlPlane, mapRunArn: string, known?: KeptMapRun): Promise<ExecutionRecord[]> {
  const kept = known ?? (await plane.store.documents.get<KeptMapRun>(MAP_RUN_KIND, mapRunArn));
  if (!kept) throw new DevApiError('ResourceNotFound', `Resource Not Found: no finished Map Run '${mapRunArn}' in this server`);
  const stored = await plane.store.list({ stateMachineName: childStateMachineName(mapRunArn) });
  return stored.filter((child) => child.mapRunArn === mapRunArn);
}

async function parentRecord(plane: DevControlPlane, executionArn: string): Promise<ExecutionRecord> {
  await plane.checkpoints.flush();
  const record = await plane.store.get(executionArn);
  if (!record) throw new DevApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
  return record;
}

/**
 * Each Map Run once, in the order they started: MapRunStarted opens it, MapRunRedriven (same ARN)
 * opens it again and counts a redrive, and an end event belongs to the start or redrive its chain
 * of previous events leads back to.
 */
export function mapRunSummariesOf(history: readonly HistoryEvent[]): MapRunSummary[] {
  type Run = { -readonly [K in keyof MapRunSummary]: MapRunSummary[K] };
  const byArn = new Map<string, Run>();
  const byOpeningEvent = new Map<number, Run>();
  for (const event of history) {
    if (event.type === 'MapRunStarted' && event.mapRunStartedEventDetails?.mapRunArn) {
      const run: Run = { mapRunArn: event.mapRunStartedEventDetails.mapRunArn, startDate: event.timestamp, status: 'RUNNING', redriveCount: 0 };
      byArn.set(run.mapRunArn, run);
      byOpeningEvent.set(event.id, run);
      continue;
    }
    const redrivenArn = event.type === 'MapRunRedriven' ? event.mapRunRedrivenEventDetails?.mapRunArn : undefined;
    if (redrivenArn !== undefined) {
      const run: Run = byArn.get(redrivenArn) ?? { mapRunArn: redrivenArn, startDate: event.timestamp, status: 'RUNNING', redriveCount: 0 };
      // The event's own count: a redrive resumed after a restart records MapRunRedriven again with the same count.
      const redriveCount = event.mapRunRedrivenEventDetails?.redriveCount ?? run.redriveCount + 1;
      Object.assign(run, { status: 'RUNNING', stopDate: undefined, redriveCount, redriveDate: redriveCount === run.redriveCount ? (run.redriveDate ?? event.timestamp) : event.timestamp });
      byArn.set(redrivenArn, run);
      byOpeningEvent.set(event.id, run);
      continue;
    }
    const status = END_STATUS[event.type];
    if (!status) continue;
    for (let id = event.previousEventId; id > 0; id = history[id - 1]?.previousEventId ?? 0) {
      const run = byOpeningEvent.get(id);
      if (run) {
        if (run.status === 'RUNNING') Object.assign(run, { status, stopDate: event.timestamp });
        break;
      }
    }
  }
  return [...byArn.values()].map(({ stopDate, redriveDate, ...run }) => ({ ...run, ...(stopDate ? { stopDate } : {}), ...(redriveDate ? { redriveDate } : {}) }));
}

/** MapRunItemCounts / MapRunExecutionCounts: one item per child execution (no ItemBatcher counted apart). */
function countsOf(children: readonly ExecutionRecord[]): Record<string, number> {
  const of = (status: string): number => children.filter((c) => c.status === status).length;
  return { pending: 0, running: of('RUNNING'), succeeded: of('SUCCEEDED'), failed: of('FAILED'), timedOut: of('TIMED_OUT'), aborted: of('ABORTED'), total: children.length, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0 };
}
