/**
 * The CLI's local commands while `aethon dev` runs: it owns .aethon/, so they ask it through the
 * Step Functions API (the same SDK client as on AWS) instead of opening the store.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
  type HistoryEvent as SdkHistoryEvent,
} from '@aws-sdk/client-sfn';
import { runningDevServer, type DevServerInfo } from '../../local/store/index.ts';
import type { ExecutionRecord, ExecutionStatus, HistoryEvent } from '../../local/types.ts';
import { OpsError, OpsExit } from '../errors.ts';

/** A running dev server and a client for it. */
export interface DevServerConnection {
  readonly info: DevServerInfo;
  readonly client: SFNClient;
}

/** The ARNs the dev server hands out (its region and account are fixed). */
export const devStateMachineArn = (name: string): string => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
export const devExecutionArn = (stateMachineName: string, name: string): string => `arn:aws:states:us-east-1:123456789012:execution:${stateMachineName}:${name}`;

/** The project's running dev server, if any (`.aethon/dev.json` of a live process). */
export function devServerOf(localDir: string): DevServerConnection | undefined {
  const info = runningDevServer(localDir);
  if (!info) return undefined;
  const client = new SFNClient({ endpoint: info.endpoint, region: 'us-east-1', credentials: { accessKeyId: info.token ?? 'local', secretAccessKey: 'local' }, maxAttempts: 2 });
  return { info, client };
}

/** Calls the dev server; a failure to reach it says which server and what to do. */
export async function devCall<T>(info: DevServerInfo, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = (error as Error)?.name ?? '';
    if (/ECONNREFUSED|ECONNRESET|socket hang up/i.test(String((error as Error)?.message)) || name === 'TimeoutError') {
      throw new OpsError(`${what}: aethon dev (pid ${info.pid}, ${info.endpoint}) does not answer; it may be stopping. Run the command again, or stop that process.`, OpsExit.ENVIRONMENT, { cause: error });
    }
    throw error;
  }
}

/** An execution's whole record (with its full history) from the dev server. */
export async function devServerRecord(connection: DevServerConnection, executionArn: string): Promise<ExecutionRecord> {
  const { client, info } = connection;
  const described = await devCall(info, 'DescribeExecution', () => client.send(new DescribeExecutionCommand({ executionArn })));
  const history: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await devCall(info, 'GetExecutionHistory', () => client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) })));
    history.push(...(page.events ?? []).map(localEvent));
    nextToken = page.nextToken;
  } while (nextToken);
  return {
    executionArn,
    name: described.name!,
    stateMachineName: described.stateMachineArn!.split(':').pop()!,
    status: described.status as ExecutionStatus,
    startDate: described.startDate!.toISOString(),
    ...(described.stopDate ? { stopDate: described.stopDate.toISOString() } : {}),
    input: described.input === undefined ? {} : (JSON.parse(described.input) as unknown),
    ...(described.output !== undefined ? { output: JSON.parse(described.output) as unknown } : {}),
    ...(described.error !== undefined ? { error: described.error } : {}),
    ...(described.cause !== undefined ? { cause: described.cause } : {}),
    history,
  };
}

/** The ARN of an execution given by ARN or by name (looked up on every state machine of the server). */
export async function devServerExecutionArn(connection: DevServerConnection, arnOrName: string): Promise<string | undefined> {
  if (arnOrName.startsWith('arn:')) return arnOrName;
  const { client, info } = connection;
  const { stateMachines = [] } = await devCall(info, 'ListStateMachines', () => client.send(new ListStateMachinesCommand({ maxResults: 1000 })));
  for (const machine of stateMachines) {
    const arn = devExecutionArn(machine.name!, arnOrName);
    try {
      await devCall(info, 'DescribeExecution', () => client.send(new DescribeExecutionCommand({ executionArn: arn })));
      return arn;
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  }
  return undefined;
}

/** A history event as the SDK parsed it, back in the store's shape (ISO timestamp). */
function localEvent(event: SdkHistoryEvent): HistoryEvent {
  const { timestamp, ...rest } = event;
  return { ...rest, id: event.id!, previousEventId: event.previousEventId ?? 0, type: event.type!, timestamp: (timestamp ?? new Date(0)).toISOString() } as HistoryEvent;
}
