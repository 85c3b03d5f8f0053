/**
 * `aethon redrive --local` while `aethon dev` runs: the server owns the store and the engine, so
 * the redrive is its RedriveExecution (checkpointed, resumable after a crash, a Distributed Map's
 * Map Run continued), and the command follows the execution to its end, as a local redrive does
 * without the server.
 */
import { DescribeExecutionCommand, DescribeStateMachineCommand, ListExecutionsCommand, RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import type { MapRunExecution } from '../../local/engine/index.ts';
import type { ExecutionRecord, ExecutionStatus, HistoryEvent } from '../../local/types.ts';
import { NotFoundError } from '../errors.ts';
import { devCall, devServerExecutionArn, devServerRecord, devStateMachineArn, type DevServerConnection } from '../executions/devServerClient.ts';
import { mapRunArnsOf } from '../executions/mapRunsOf.ts';
import { redriveCountOf } from '../executions/redriveCount.ts';
import { failedTopLevelState } from '../executions/statePath.ts';
import { mapRunsToRedrive, NotRedrivableError, type LocalRedriveOutcome } from './localRedrive.ts';

/** How often the command asks whether the redriven execution has ended. */
const POLL_MS = 100;

type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redrives an execution (ARN or name) on the running dev server and waits for its end.
 * @throws NotFoundError when the server has no such execution
 * @throws NotRedrivableError when the server refuses (running, succeeded, ended in a Fail state, ...)
 */
export async function redriveOnDevServer(connection: DevServerConnection, idOrName: string, sleep: Sleep = realSleep): Promise<LocalRedriveOutcome> {
  const { client, info } = connection;
  const notFound = (): NotFoundError => new NotFoundError(`aethon dev (${info.endpoint}) has no execution '${idOrName}'; 'aethon executions <workflow> --local' lists them`);
  const executionArn = await devServerExecutionArn(connection, idOrName);
  if (executionArn === undefined) throw notFound();
  const before = await devServerRecord(connection, executionArn).catch((error: unknown) => {
    throw (error as Error).name === 'ExecutionDoesNotExist' ? notFound() : error;
  });
  const states = await topLevelStates(connection, before);
  try {
    await devCall(info, 'RedriveExecution', () => client.send(new RedriveExecutionCommand({ executionArn })));
  } catch (error) {
    if ((error as Error).name === 'ExecutionNotRedrivable') throw new NotRedrivableError(`aethon dev (${info.endpoint}) will not redrive ${before.name}: ${(error as Error).message}`, 1, { cause: error });
    throw error;
  }
  // What the server resumed from: the state the earlier attempts ended in (the server chose it the same way).
  const failed = failedTopLevelState(before.history, new Set(Object.keys(states)));
  const { warnings } = failed === undefined ? { warnings: [] } : mapRunsToRedrive(states, failed.name, before.history, await mapRunChildren(connection, before.history));
  for (;;) {
    const { status } = await devCall(info, 'DescribeExecution', () => client.send(new DescribeExecutionCommand({ executionArn })));
    if (status !== 'RUNNING') break;
    await sleep(POLL_MS);
  }
  const record = await devServerRecord(connection, executionArn);
  return { record, resumedFrom: failed?.name ?? '(unknown)', redriveCount: redriveCountOf(record.history), warnings };
}

/** The top-level states of the machine the server runs the execution on. */
async function topLevelStates(connection: DevServerConnection, record: ExecutionRecord): Promise<Record<string, { Type?: string }>> {
  const { client, info } = connection;
  const { definition } = await devCall(info, 'DescribeStateMachine', () => client.send(new DescribeStateMachineCommand({ stateMachineArn: devStateMachineArn(record.stateMachineName) })));
  return ((JSON.parse(definition ?? '{}') as { States?: Record<string, { Type?: string }> }).States ?? {});
}

/** The child executions of the record's Map Runs as the server lists them (status only: enough to say what a redrive keeps). */
async function mapRunChildren(connection: DevServerConnection, history: readonly HistoryEvent[]): Promise<MapRunExecution[]> {
  const { client, info } = connection;
  const children: MapRunExecution[] = [];
  for (const mapRunArn of mapRunArnsOf(history)) {
    try {
      const { executions = [] } = await devCall(info, 'ListExecutions', () => client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000 })));
      for (const child of executions) {
        const record: ExecutionRecord = { executionArn: child.executionArn!, name: child.name!, stateMachineName: child.stateMachineArn!.split(':').pop()!, status: child.status as ExecutionStatus, startDate: child.startDate!.toISOString(), input: undefined, history: [], mapRunArn };
        children.push({ mapRunArn, record });
      }
    } catch (error) {
      // A Map Run whose parent never ended in this server has no children to list.
      if ((error as Error).name !== 'ResourceNotFound') throw error;
    }
  }
  return children;
}
