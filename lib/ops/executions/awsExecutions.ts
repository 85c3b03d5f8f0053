/**
 * `aethon executions|execution` on AWS: ListExecutions, DescribeExecution and
 * GetExecutionHistory, shown as the local store's executions are, with the console URL.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type ExecutionListItem,
  type ExecutionStatus,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { executionArnOf } from '../../contracts/executionName.ts';
import { awsCall } from '../aws/awsErrors.ts';
import { InvalidRequestError } from '../errors.ts';
import { checkStatus } from './localExecutions.ts';
import { withMapRuns } from './mapRunsOf.ts';
import { statePath } from './statePath.ts';
import { durationBetween, type ExecutionDetail, type ExecutionQuery, type ExecutionSummary } from './types.ts';

/** Step Functions keeps at most 25,000 events; 1000 per page. */
const MAX_HISTORY_PAGES = 25;

/** Newest first, filtered by status, at most `limit`. */
export async function listAwsExecutions(client: Pick<SFNClient, 'send'>, stateMachineArn: string, query: ExecutionQuery = {}): Promise<ExecutionSummary[]> {
  const status = checkStatus(query.status);
  const limit = query.limit ?? 20;
  const rows: ExecutionSummary[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall({ action: 'ListExecutions', resource: stateMachineArn }, () =>
      client.send(
        new ListExecutionsCommand({
          stateMachineArn,
          maxResults: Math.min(1000, limit - rows.length),
          ...(status ? { statusFilter: status as ExecutionStatus } : {}),
          ...(token ? { nextToken: token } : {}),
        }),
      ),
    );
    for (const item of page.executions ?? []) rows.push(listedExecutionRow(item, stateMachineArn.split(':')[6] ?? ''));
    token = page.nextToken;
  } while (token && rows.length < limit);
  return rows;
}

/**
 * One execution by ARN, or by name given the state machine's ARN.
 * @throws NotFoundError when it does not exist
 */
export async function describeAwsExecution(client: Pick<SFNClient, 'send'>, idOrName: string, stateMachineArn: string | undefined): Promise<ExecutionDetail> {
  const executionArn = resolveExecutionArn(idOrName, stateMachineArn);
  const described = await awsCall({ action: 'DescribeExecution', resource: executionArn }, () => client.send(new DescribeExecutionCommand({ executionArn })));
  const events: HistoryEvent[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await awsCall({ action: 'GetExecutionHistory', resource: executionArn }, () =>
      client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: true, ...(token ? { nextToken: token } : {}) })),
    );
    events.push(...(page.events ?? []));
    token = page.nextToken;
  } while (token && ++pages < MAX_HISTORY_PAGES);
  const startDate = described.startDate!.toISOString();
  const stopDate = described.stopDate?.toISOString();
  const durationMs = durationBetween(startDate, stopDate);
  return {
    name: described.name!,
    executionArn,
    stateMachineName: described.stateMachineArn?.split(':')[6] ?? '',
    status: described.status!,
    startDate,
    ...(stopDate ? { stopDate } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(described.input !== undefined ? { input: parseJson(described.input) } : {}),
    ...(described.output !== undefined ? { output: parseJson(described.output) } : {}),
    ...(described.error !== undefined ? { error: described.error } : {}),
    ...(described.cause !== undefined ? { cause: described.cause } : {}),
    ...(described.redriveCount !== undefined ? { redriveCount: described.redriveCount } : {}),
    path: statePath(events as unknown as Parameters<typeof statePath>[0]),
    ...withMapRuns(events),
    consoleUrl: executionConsoleUrl(executionArn),
  };
}

/** The execution's page in the Step Functions console. */
export function executionConsoleUrl(executionArn: string): string {
  const region = executionArn.split(':')[3];
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** An ARN as given, or the ARN of a name under the workflow's state machine. */
export function resolveExecutionArn(idOrName: string, stateMachineArn: string | undefined): string {
  if (idOrName.startsWith('arn:')) {
    if (idOrName.split(':')[5] !== 'execution') throw new InvalidRequestError(`'${idOrName}' is not an execution ARN (arn:aws:states:<region>:<account>:execution:<state machine>:<name>)`);
    return idOrName;
  }
  if (!stateMachineArn) throw new InvalidRequestError(`to find execution '${idOrName}' by name on AWS, name its workflow: aethon execution ${idOrName} --workflow <workflow> (or give the execution ARN)`);
  return executionArnOf(stateMachineArn, idOrName);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A ListExecutions item as a summary row; `fallbackStateMachine` names it when the item's ARN does not. */
export function listedExecutionRow(item: ExecutionListItem, fallbackStateMachine: string): ExecutionSummary {
  const startDate = item.startDate!.toISOString();
  const stopDate = item.stopDate?.toISOString();
  const durationMs = durationBetween(startDate, stopDate);
  return {
    name: item.name!,
    executionArn: item.executionArn!,
    stateMachineName: item.stateMachineArn?.split(':')[6] ?? fallbackStateMachine,
    status: item.status!,
    startDate,
    ...(stopDate ? { stopDate } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}
