/**
 * Powertools' DynamoDB persistence layer, plus the two things Aethon needs beyond it: which
 * execution owns a step's record, and a release that only that execution can make.
 *
 * A record's `data` holds `{ resultJson, owner }`: the result as JSON text and the execution id
 * that performed the side effect. Ownership is per execution, not per attempt, so a retry or a
 * redrive that replays its own record is still the owner.
 */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DeleteItemCommand, GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** What a record says about who performed a step's side effect. */
export type RecordOwnership =
  /** No record: the step ran in this execution and its record expired, was cleared or was never saved. */
  | { readonly kind: 'absent' }
  /** A completed record written by this execution. */
  | { readonly kind: 'mine' }
  /** A completed record written before records named their owner. */
  | { readonly kind: 'unowned' }
  /** A completed record written by another execution: this one replayed its result. */
  | { readonly kind: 'other'; readonly owner: string }
  /** Another execution is performing the side effect right now. */
  | { readonly kind: 'in-progress' };

/** The stored form of a result: JSON text in one string attribute, never refused by marshall. */
export interface StoredResult {
  readonly resultJson: string;
  /** The execution that performed the side effect; absent on records written before it was kept. */
  readonly owner?: string;
}

export function isStoredResult(value: unknown): value is StoredResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { resultJson, owner, ...rest } = value as Record<string, unknown>;
  return typeof resultJson === 'string' && (owner === undefined || typeof owner === 'string') && Object.keys(rest).length === 0;
}

const DATA = 'data';
const STATUS = 'status';
const COMPLETED = 'COMPLETED';

export class StepRecordStore extends DynamoDBPersistenceLayer {
  constructor(
    private readonly table: string,
    private readonly dynamodb: DynamoDBClient,
  ) {
    super({ tableName: table, awsSdkV3Client: dynamodb });
  }

  /** The record id (`<workflow>.<step>#<hash of the key value>`) of a step input; needs configure() first. */
  recordId(input: unknown): string {
    return this.getHashedIdempotencyKey(input as never);
  }

  async ownership(recordId: string, executionId: string): Promise<RecordOwnership> {
    const { Item } = await this.dynamodb.send(new GetItemCommand({ TableName: this.table, Key: { id: { S: recordId } }, ConsistentRead: true }));
    if (!Item) return { kind: 'absent' };
    const item = unmarshall(Item) as { status?: string; data?: unknown };
    if (item.status !== COMPLETED) return { kind: 'in-progress' };
    const owner = isStoredResult(item.data) ? item.data.owner : undefined;
    if (owner === undefined) return { kind: 'unowned' };
    return owner === executionId ? { kind: 'mine' } : { kind: 'other', owner };
  }

  /**
   * Deletes the record only while `executionId` owns it (a conditional write), so a late
   * compensation never releases a record that a newer execution wrote after this one's expired.
   * @returns false when the record was gone or owned by someone else by then
   */
  async release(recordId: string, executionId: string | undefined): Promise<boolean> {
    try {
      await this.dynamodb.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: { id: { S: recordId } },
          ConditionExpression:
            executionId === undefined ? '#status = :completed AND attribute_not_exists(#data.#owner)' : '#status = :completed AND #data.#owner = :owner',
          ExpressionAttributeNames: { '#status': STATUS, '#data': DATA, ...{ '#owner': 'owner' } },
          ExpressionAttributeValues: { ':completed': { S: COMPLETED }, ...(executionId === undefined ? {} : { ':owner': { S: executionId } }) },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
