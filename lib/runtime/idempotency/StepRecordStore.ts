/**
 * Powertools' DynamoDB persistence layer, plus the two things Aethon needs beyond it: which
 * execution owns a step's record, and a release that only that execution can make.
 *
 * A record's `data` holds `{ resultJson, owner }`: the result as JSON text and the execution id
 * that performed the side effect. Ownership is per execution, not per attempt, so a retry or a
 * redrive that replays its own record is still the owner.
 *
 * Locally an in-progress record also names its holder (see attemptHolder.ts), so a resumed
 * attempt of the same execution can take over the record of an attempt whose process died.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DeleteItemCommand, GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isAttemptHolder, isDeadHolderOf, type AttemptHolder, type ProcessIdentity } from './attemptHolder.ts';

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
  /** Another execution is performing the side effect, or undoing its own, right now. */
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

// Powertools' attribute names and statuses (its defaults, which Aethon never changes).
const DATA = 'data';
const STATUS = 'status';
const IN_PROGRESS_UNTIL = 'in_progress_expiration';
const COMPLETED = 'COMPLETED';
const IN_PROGRESS = 'INPROGRESS';
/** Aethon's own attribute: who holds an in-progress record (absent on AWS and in older records). */
const HOLDER = 'aethon_holder';

export class StepRecordStore extends DynamoDBPersistenceLayer {
  /** The execution whose attempt is inside withAttempt(), for the in-progress record Powertools writes. */
  private readonly attempt = new AsyncLocalStorage<string>();

  /** @param self this process, when in-progress records name their holder (local runs only) */
  constructor(
    private readonly table: string,
    private readonly dynamodb: DynamoDBClient,
    private readonly self?: ProcessIdentity,
  ) {
    super({ tableName: table, awsSdkV3Client: dynamodb });
  }

  /** Runs `fn` (Powertools' idempotent call) as an attempt of `executionId`. */
  withAttempt<T>(executionId: string, fn: () => Promise<T>): Promise<T> {
    return this.attempt.run(executionId, fn);
  }

  /**
   * Powertools' conditional put of the in-progress record, then (locally) its holder. The holder is
   * a second write: a record without one, for the instant between them or because that write
   * failed, is simply never taken over, which is Powertools' behaviour.
   */
  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    await super._putRecord(record);
    const execution = this.attempt.getStore();
    if (!this.self || execution === undefined || record.getStatus() !== IN_PROGRESS || record.inProgressExpiryTimestamp === undefined) return;
    const holder: AttemptHolder = { execution, host: this.self.host, pid: this.self.pid };
    try {
      await this.conditionally(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { id: { S: record.idempotencyKey } },
          UpdateExpression: 'SET #holder = :holder',
          // Still the record this put wrote (same in-progress expiry, no result yet).
          ConditionExpression: '#status = :inprogress AND #until = :until AND attribute_not_exists(#data)',
          ExpressionAttributeNames: { '#holder': HOLDER, '#status': STATUS, '#until': IN_PROGRESS_UNTIL, '#data': DATA },
          ExpressionAttributeValues: { ':holder': { M: marshall(holder) }, ':inprogress': { S: IN_PROGRESS }, ':until': { N: String(record.inProgressExpiryTimestamp) } },
        }),
      );
    } catch {
      // Best effort (see above): the side effect has not run yet and must not fail for this.
    }
  }

  /**
   * Deletes an in-progress record whose holder is a dead attempt of `executionId` (see
   * isDeadHolderOf), conditionally on that very holder, so a record rewritten meanwhile by a live
   * attempt, or held by another execution, is never touched.
   * @returns the holder removed, or undefined when the record was not such a record
   */
  async takeOver(recordId: string, executionId: string): Promise<AttemptHolder | undefined> {
    if (!this.self) return undefined;
    const { Item } = await this.dynamodb.send(new GetItemCommand({ TableName: this.table, Key: { id: { S: recordId } }, ConsistentRead: true }));
    if (!Item) return undefined;
    const item = unmarshall(Item) as { status?: string; data?: unknown; [HOLDER]?: unknown };
    const holder = item[HOLDER];
    if (item.status !== IN_PROGRESS || item.data !== undefined || !isAttemptHolder(holder) || !isDeadHolderOf(holder, executionId, this.self)) return undefined;
    const deleted = await this.conditionally(
      new DeleteItemCommand({
        TableName: this.table,
        Key: { id: { S: recordId } },
        ConditionExpression: '#status = :inprogress AND attribute_not_exists(#data) AND #holder.#execution = :execution AND #holder.#host = :host AND #holder.#pid = :pid',
        ExpressionAttributeNames: { '#status': STATUS, '#data': DATA, '#holder': HOLDER, '#execution': 'execution', '#host': 'host', '#pid': 'pid' },
        ExpressionAttributeValues: { ':inprogress': { S: IN_PROGRESS }, ':execution': { S: holder.execution }, ':host': { S: holder.host }, ':pid': { N: String(holder.pid) } },
      }),
    );
    return deleted ? holder : undefined;
  }

  /** The record id (`<workflow>.<step>#<hash of the key value>`) of a step input; needs configure() first. */
  recordId(input: unknown): string {
    return this.getHashedIdempotencyKey(input as never);
  }

  async ownership(recordId: string, executionId: string): Promise<RecordOwnership> {
    const { Item } = await this.dynamodb.send(new GetItemCommand({ TableName: this.table, Key: { id: { S: recordId } }, ConsistentRead: true }));
    if (!Item) return { kind: 'absent' };
    const item = unmarshall(Item) as { status?: string; data?: unknown };
    const owner = isStoredResult(item.data) ? item.data.owner : undefined;
    // In progress and ours: an undo of this execution that was interrupted (see hold()).
    if (item.status !== COMPLETED) return owner === executionId ? { kind: 'mine' } : { kind: 'in-progress' };
    if (owner === undefined) return { kind: 'unowned' };
    return owner === executionId ? { kind: 'mine' } : { kind: 'other', owner };
  }

  /**
   * Marks this execution's record as in progress until `untilMs` while its undo runs, so that a
   * duplicate start neither replays a result that is being undone nor creates a second one
   * meanwhile: Powertools answers it IdempotencyAlreadyInProgress and its retry waits.
   * @returns false when the record is no longer this execution's
   */
  async hold(recordId: string, executionId: string, untilMs: number): Promise<boolean> {
    return this.conditionally(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { id: { S: recordId } },
        UpdateExpression: 'SET #status = :inprogress, #until = :until',
        ConditionExpression: '#data.#owner = :owner',
        ExpressionAttributeNames: { '#status': STATUS, '#until': IN_PROGRESS_UNTIL, '#data': DATA, '#owner': 'owner' },
        ExpressionAttributeValues: { ':inprogress': { S: IN_PROGRESS }, ':until': { N: String(untilMs) }, ':owner': { S: executionId } },
      }),
    );
  }

  /** Puts a held record back to COMPLETED: the undo failed, so the side effect still exists. */
  async unhold(recordId: string, executionId: string): Promise<boolean> {
    return this.conditionally(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { id: { S: recordId } },
        UpdateExpression: 'SET #status = :completed REMOVE #until',
        ConditionExpression: '#status = :inprogress AND #data.#owner = :owner',
        ExpressionAttributeNames: { '#status': STATUS, '#until': IN_PROGRESS_UNTIL, '#data': DATA, '#owner': 'owner' },
        ExpressionAttributeValues: { ':completed': { S: COMPLETED }, ':inprogress': { S: IN_PROGRESS }, ':owner': { S: executionId } },
      }),
    );
  }

  /**
   * Deletes the record only while `executionId` owns it (a conditional write), so a late
   * compensation never releases a record that a newer execution wrote after this one's expired.
   * @returns false when the record was gone or owned by someone else by then
   */
  async release(recordId: string, executionId: string | undefined): Promise<boolean> {
    const owned = executionId !== undefined;
    return this.conditionally(
      new DeleteItemCommand({
        TableName: this.table,
        Key: { id: { S: recordId } },
        // An owned record may be held (in progress) by this execution's undo; an unowned one must still be completed.
        ConditionExpression: owned ? '#data.#owner = :owner' : '#status = :completed AND attribute_not_exists(#data.#owner)',
        ExpressionAttributeNames: owned ? { '#data': DATA, '#owner': 'owner' } : { '#status': STATUS, '#data': DATA, '#owner': 'owner' },
        ExpressionAttributeValues: owned ? { ':owner': { S: executionId } } : { ':completed': { S: COMPLETED } },
      }),
    );
  }

  /** Sends a conditional write; false when its condition no longer held. */
  private async conditionally(command: UpdateItemCommand | DeleteItemCommand): Promise<boolean> {
    try {
      await this.dynamodb.send(command as never);
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
