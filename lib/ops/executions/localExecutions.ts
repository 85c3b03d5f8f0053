/** `aethon executions|execution --local`: the executions the local engine recorded under .aethon/. */
import type { ExecutionStore } from '../../local/store/index.ts';
import type { ExecutionRecord, ExecutionStatus } from '../../local/types.ts';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import { withMapRuns } from './mapRunsOf.ts';
import { redriveCountOf } from './redriveCount.ts';
import { statePath } from './statePath.ts';
import { durationBetween, EXECUTION_STATUSES, type ExecutionDetail, type ExecutionQuery, type ExecutionSummary } from './types.ts';

/** Newest first, one workflow's, filtered by status. */
export async function listLocalExecutions(store: ExecutionStore, workflow: string, query: ExecutionQuery = {}): Promise<ExecutionSummary[]> {
  const status = checkStatus(query.status);
  const records = await store.list({ stateMachineName: workflow, ...(status ? { status: status as ExecutionStatus } : {}), limit: query.limit ?? 20 });
  return records.map(summaryOf);
}

/** One execution by ARN or name, with its path through the states. */
export async function describeLocalExecution(store: ExecutionStore, idOrName: string): Promise<ExecutionDetail> {
  const record = await store.get(idOrName);
  if (!record) throw new NotFoundError(`no local execution '${idOrName}'; 'aethon executions <workflow> --local' lists them (runs are recorded by 'aethon run' and 'aethon start --local')`);
  return detailOf(record);
}

/** A record as the operations show it. */
export function detailOf(record: ExecutionRecord): ExecutionDetail {
  return {
    ...summaryOf(record),
    input: record.input,
    ...(record.output !== undefined ? { output: record.output } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(record.cause !== undefined ? { cause: record.cause } : {}),
    redriveCount: redriveCountOf(record.history),
    path: statePath(record.history),
    ...withMapRuns(record.history),
  };
}

/** A record as one row of `aethon executions`. */
export function summaryOf(record: ExecutionRecord): ExecutionSummary {
  const durationMs = durationBetween(record.startDate, record.stopDate);
  return {
    name: record.name,
    executionArn: record.executionArn,
    stateMachineName: record.stateMachineName,
    status: record.status,
    startDate: record.startDate,
    ...(record.stopDate ? { stopDate: record.stopDate } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

/** Refuses a status Step Functions does not have, listing those it does. */
export function checkStatus(status: string | undefined): string | undefined {
  if (status === undefined) return undefined;
  const upper = status.toUpperCase();
  if (!(EXECUTION_STATUSES as readonly string[]).includes(upper)) throw new InvalidRequestError(`--status must be one of ${EXECUTION_STATUSES.join(', ')}; got '${status}'`);
  return upper;
}
