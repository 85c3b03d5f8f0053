/**
 * Listing and clearing a stage's idempotency records: the same DynamoDB calls on the deployed
 * table and on the local engine's dynalite.
 */
import { DeleteItemCommand, GetItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsCall, translateAwsError } from '../aws/awsErrors.ts';
import { NotFoundError, OpsError, OpsExit } from '../errors.ts';
import { candidateRecordIds, recordPrefix, toRecordView, type IdempotencyRecordView } from './records.ts';
import { ToolErrors } from '../../contracts/toolErrors.ts';

export interface RecordTable {
  readonly client: DynamoDBClient;
  readonly table: string;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface ListRecordsQuery {
  readonly workflow: string;
  /** The workflow's step names, to tell the step from the hash. */
  readonly steps: readonly string[];
  /** One step only. */
  readonly step?: string;
  /** @default 1000 */
  readonly limit?: number;
}

/** The records of a workflow (or one of its steps), oldest expiry first. */
export async function listIdempotencyRecords(where: RecordTable, query: ListRecordsQuery): Promise<IdempotencyRecordView[]> {
  const prefix = recordPrefix(query.workflow, query.step);
  const limit = query.limit ?? 1000;
  const now = (where.now ?? Date.now)();
  const records: IdempotencyRecordView[] = [];
  let start: Record<string, AttributeValue> | undefined;
  // The table's only key is the record id: a filtered scan is the one way to find a prefix.
  do {
    const page = await awsCall({ action: 'Scan of the idempotency table', resource: where.table }, () =>
      where.client.send(
        new ScanCommand({
          TableName: where.table,
          FilterExpression: 'begins_with(#id, :prefix)',
          ExpressionAttributeNames: { '#id': 'id' },
          ExpressionAttributeValues: { ':prefix': { S: prefix } },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    for (const item of page.Items ?? []) records.push(toRecordView(item, query.workflow, query.steps, now));
    start = page.LastEvaluatedKey;
  } while (start && records.length < limit);
  return records.sort((a, b) => (a.expiresAt ?? '').localeCompare(b.expiresAt ?? '')).slice(0, limit);
}

export interface ClearRecordRequest {
  readonly workflow: string;
  readonly step: string;
  /** The key value as text (or JSON), or the record id. */
  readonly key: string;
  /** Also clear a record whose attempt is in progress. */
  readonly force?: boolean;
}

/** A record in progress: clearing it would let a duplicate run while the first still runs. Exit 1. */
export class RecordInProgressError extends OpsError {
  override readonly name = ToolErrors.RECORD_IN_PROGRESS;
  constructor(readonly record: IdempotencyRecordView) {
    super(
      `the record of ${record.workflow}.${record.step} for this key is IN PROGRESS${record.inProgressUntil ? ` until ${record.inProgressUntil}` : ''}${record.heldBy ? `, held by execution ${record.heldBy.execution} (process ${record.heldBy.pid} on ${record.heldBy.host})` : ''}: an attempt is running, and clearing it would let a duplicate run beside it. Wait for it, or pass --force.`,
      OpsExit.FAILED,
    );
  }
}

/** Finds the record a key names, without changing anything. */
export async function findIdempotencyRecord(where: RecordTable, request: ClearRecordRequest): Promise<IdempotencyRecordView> {
  const now = (where.now ?? Date.now)();
  const ids = candidateRecordIds(where.table, where.client, request.workflow, request.step, request.key);
  for (const id of ids) {
    const { Item } = await awsCall({ action: 'GetItem on the idempotency table', resource: where.table }, () =>
      where.client.send(new GetItemCommand({ TableName: where.table, Key: { id: { S: id } }, ConsistentRead: true })),
    );
    if (Item) return toRecordView(Item, request.workflow, [request.step], now);
  }
  throw new NotFoundError(`no idempotency record of ${request.workflow}.${request.step} for key ${JSON.stringify(request.key)} (looked for ${ids.join(', ')}); 'aethon idempotency list ${request.workflow} --step ${request.step}' shows the records there are`);
}

/**
 * Deletes the record a key names, only as it was found (same status and owner): a record that
 * changed meanwhile is not the one the operator decided to clear.
 * @returns the record removed
 */
export async function clearIdempotencyRecord(where: RecordTable, request: ClearRecordRequest, found?: IdempotencyRecordView): Promise<IdempotencyRecordView> {
  const record = found ?? (await findIdempotencyRecord(where, request));
  if (record.status === 'INPROGRESS' && !request.force) throw new RecordInProgressError(record);
  try {
    await where.client.send(
      new DeleteItemCommand({
        TableName: where.table,
        Key: { id: { S: record.id } },
        ConditionExpression: record.owner ? '#status = :status AND #data.#owner = :owner' : '#status = :status',
        ExpressionAttributeNames: { '#status': 'status', ...(record.owner ? { '#data': 'data', '#owner': 'owner' } : {}) },
        ExpressionAttributeValues: { ':status': { S: record.status }, ...(record.owner ? { ':owner': { S: record.owner } } : {}) },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      throw new OpsError(`the record ${record.id} changed while it was being cleared (another execution wrote or released it); nothing was removed. Look again with 'aethon idempotency list ${record.workflow} --step ${record.step}'.`);
    }
    throw translateAwsError(error, { action: 'DeleteItem on the idempotency table', resource: where.table });
  }
  return record;
}
