/**
 * The child executions of a Distributed Map run, the same locally and on AWS: `aethon executions
 * --map-run <arn>` lists them (ListExecutions with mapRunArn on AWS and on a
 * running `aethon dev`; the records the store keeps for each child otherwise).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
 */
import { ListExecutionsCommand, type ExecutionStatus, type SFNClient } from '@aws-sdk/client-sfn';
import { childStateMachineName } from '../../local/engine/index.ts';
import type { ExecutionStore } from '../../local/store/index.ts';
import { awsCall } from '../aws/awsErrors.ts';
import { listedExecutionRow } from './awsExecutions.ts';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import { checkStatus, summaryOf } from './localExecutions.ts';
import type { ExecutionQuery, ExecutionSummary } from './types.ts';

/** Checks the shape of a Map Run ARN, so a typo is told as such rather than as "not found". */
export function checkMapRunArn(mapRunArn: string): string {
  if (!/^arn:aws[a-z-]*:states:[^:]*:\d*:mapRun:[^:]+\/[^:]+:[^:]+$/.test(mapRunArn)) {
    throw new InvalidRequestError(`--map-run takes a Map Run ARN (arn:aws:states:<region>:<account>:mapRun:<state machine>/<map state>:<id>), as 'aethon execution <name>' lists them; got '${mapRunArn}'`);
  }
  return mapRunArn;
}

/** ListExecutions with mapRunArn, newest first, at most `limit` (AWS, or a running `aethon dev`). */
export async function listMapRunExecutions(client: Pick<SFNClient, 'send'>, mapRunArn: string, query: ExecutionQuery = {}): Promise<ExecutionSummary[]> {
  const status = checkStatus(query.status);
  const limit = query.limit ?? 20;
  const rows: ExecutionSummary[] = [];
  let token: string | undefined;
  do {
    const request = new ListExecutionsCommand({ mapRunArn, maxResults: Math.min(1000, limit - rows.length), ...(status ? { statusFilter: status as ExecutionStatus } : {}), ...(token ? { nextToken: token } : {}) });
    const page = await awsCall({ action: 'ListExecutions', resource: mapRunArn }, async () => {
      try {
        return await client.send(request);
      } catch (error) {
        // Step Functions (and aethon dev) answer ResourceNotFound for a Map Run they do not know.
        if ((error as Error).name === 'ResourceNotFound') throw new NotFoundError(`no Map Run ${mapRunArn}; 'aethon execution <name>' lists the Map Runs of an execution`, { cause: error });
        throw error;
      }
    });
    for (const item of page.executions ?? []) rows.push(listedExecutionRow(item, childStateMachineName(mapRunArn)));
    token = page.nextToken;
  } while (token && rows.length < limit);
  return rows;
}

/** The child executions the local store keeps for a Map Run (each a record naming its Map Run). */
export async function listStoredMapRunExecutions(store: Pick<ExecutionStore, 'list'>, mapRunArn: string, query: ExecutionQuery = {}): Promise<ExecutionSummary[]> {
  const status = checkStatus(query.status);
  const children = (await store.list({ stateMachineName: childStateMachineName(mapRunArn) })).filter((record) => record.mapRunArn === mapRunArn);
  if (children.length === 0) throw new NotFoundError(`no child executions of Map Run ${mapRunArn} in the local store; 'aethon execution <name> --local' lists the Map Runs of an execution`);
  return children
    .filter((record) => status === undefined || record.status === status)
    .sort((a, b) => b.startDate.localeCompare(a.startDate))
    .slice(0, query.limit ?? 20)
    .map(summaryOf);
}
