/**
 * Runs a step's side effect at most once per idempotency key, with Powertools Idempotency and its
 * DynamoDB persistence layer (conditional writes). Records are keyed `<workflow>.<step>#<hash>`
 * rather than by function name, so a redeploy that replaces the function keeps its records.
 *
 * - The key is the identity of the side effect. By default nothing else is compared: the same key
 *   with other fields replays the stored result. `validate` names what must match too (a
 *   different value is refused: IdempotencyValidationError, surfaced as Aethon.IdempotencyConflict).
 * - The record names the execution that performed the side effect (its owner). A compensation
 *   undoes the side effect only when its execution is the owner, then releases the record so the
 *   next start performs the step again (see ownership() and release()).
 * - The in-progress record expires when the step's time is up (the remaining time of the Lambda
 *   context, or the state timeout locally), so a crashed attempt blocks its key only that long.
 * - A failed attempt deletes its in-progress record, leaving the key free for the retry.
 * - Locally the in-progress record names its holder (execution, host, pid): an attempt that finds
 *   its own execution's record held by a process that no longer exists (a `kill -9` of `aethon
 *   dev`) takes it over and runs, instead of waiting for the expiry. On AWS nothing changes.
 * - The result is stored as its JSON text (`{ resultJson, owner }`), which DynamoDB's marshall
 *   always accepts; records in older shapes (the result itself, no owner) still replay as they are.
 * - When the success record cannot be saved after the side effect ran, the result is returned
 *   anyway and one ERROR line is logged: failing the attempt would only make the retry repeat it.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { thisProcess, type ProcessIdentity } from './attemptHolder.ts';
import { ensureLocalIdempotencyTable } from './ensureLocalTable.ts';
import { idempotencyKeyHeader, idempotencyKeyValue } from './idempotencyKey.ts';
import { isStoredResult, StepRecordStore, type RecordOwnership, type StoredResult } from './StepRecordStore.ts';

export interface StepIdempotencyOptions {
  readonly workflow: string;
  readonly step: string;
  readonly table: string;
  /** JMESPath over the step input. */
  readonly key: string;
  /** JMESPath of the input fields a replay must match. @default the key alone */
  readonly validate?: string;
  readonly ttlSeconds: number;
  /** Local runs: dynalite's endpoint; the table is created there when missing. */
  readonly endpoint?: string;
  /** @default a client for `endpoint`, or from the Lambda environment */
  readonly client?: DynamoDBClient;
  /** Where a success record that could not be saved (error) and a takeover (warn) are reported. @default console */
  readonly logger?: Pick<Logger, 'error'> & Partial<Pick<Logger, 'warn'>>;
  /**
   * The process attempts run in, so that in-progress records name their holder and a dead one's
   * record can be taken over. @default this process for local runs (`endpoint` set), none on AWS
   */
  readonly holderIdentity?: ProcessIdentity;
}

/** What execute() did: ran the work, or replayed a stored result (and whose). */
export interface IdempotentOutcome<O> {
  readonly result: O;
  readonly replayed: boolean;
  /** The execution that performed the side effect; undefined for records older than owners. */
  readonly owner: string | undefined;
}

/** Carries the invocation's work and deadline through Powertools, which sees it as a Lambda context. */
interface Carrier {
  getRemainingTimeInMillis(): number;
  work(): Promise<unknown>;
}

export class StepIdempotency {
  private readonly client: DynamoDBClient;
  private readonly records: StepRecordStore;
  private readonly run: (input: unknown, carrier: Carrier) => Promise<unknown>;

  constructor(private readonly options: StepIdempotencyOptions) {
    this.client = options.client ?? new DynamoDBClient(options.endpoint ? localClientConfig(options.endpoint) : {});
    this.records = new StepRecordStore(options.table, this.client, options.holderIdentity ?? (options.endpoint ? thisProcess() : undefined));
    const config = new IdempotencyConfig({
      eventKeyJmesPath: options.key,
      ...(options.validate ? { payloadValidationJmesPath: options.validate } : {}),
      expiresAfterSeconds: options.ttlSeconds,
      throwOnNoIdempotencyKey: true,
    });
    const keyPrefix = `${options.workflow}.${options.step}`;
    // Called as (input, carrier): Powertools takes the carrier for a Lambda context (it has
    // getRemainingTimeInMillis), registers it for the in-progress expiry and hashes the input.
    const guarded = (_input: unknown, carrier: Carrier): Promise<unknown> => carrier.work();
    this.run = makeIdempotent(guarded as unknown as (input: unknown, context: Context) => Promise<unknown>, {
      persistenceStore: this.records,
      config,
      keyPrefix,
    }) as unknown as (input: unknown, carrier: Carrier) => Promise<unknown>;
    // makeIdempotent configures the store on first use; recordId() may come first (compensations).
    this.records.configure({ config, keyPrefix });
  }

  /**
   * The step's key for this input as an opaque header value (see idempotencyKeyHeader).
   * @throws InvalidInputError when the key expression selects nothing from the input
   */
  keyHeader(input: unknown): string {
    return idempotencyKeyHeader(this.options.workflow, this.options.step, idempotencyKeyValue(input, this.options.key));
  }

  /**
   * Runs `work` unless a completed record for the input's key exists, in which case its stored
   * result is returned. `owner` (the execution id) is stored with a result the work produced.
   * Throws Powertools' idempotency errors unchanged (see toStepError).
   */
  async execute<O>(input: unknown, remainingTimeMs: () => number, owner: string, work: () => Promise<O>): Promise<IdempotentOutcome<O>> {
    await this.ready();
    let completed: { result: O } | undefined;
    const stored = async (): Promise<StoredResult> => {
      const result = await work();
      completed = { result };
      return { resultJson: JSON.stringify(result) ?? 'null', owner };
    };
    try {
      // Math.max: Powertools skips the in-progress expiry (and warns) on a zero remaining time.
      const attempt = () => this.records.withAttempt(owner, () => this.run(input, { getRemainingTimeInMillis: () => Math.max(1, remainingTimeMs()), work: stored }));
      const outcome = await this.orTakeOver(input, owner, attempt);
      if (completed) return { result: completed.result, replayed: false, owner };
      if (isStoredResult(outcome)) return { result: JSON.parse(outcome.resultJson) as O, replayed: true, owner: outcome.owner };
      return { result: outcome as O, replayed: true, owner: undefined };
    } catch (error) {
      // After the work returned, the only thing Powertools still does is save the success record.
      if (!completed || (error as Error).name !== 'IdempotencyPersistenceLayerError') throw error;
      const log = this.options.logger ?? { error: (message: string, fields: object) => console.error(message, fields) };
      log.error('the step succeeded but its idempotency record could not be saved; returning the result, since a retry would repeat the side effect', {
        error: { name: (error as Error).name, message: (error as Error).message, cause: String(((error as Error).cause as Error | undefined)?.message ?? '') },
      });
      return { result: completed.result, replayed: false, owner };
    }
  }

  /**
   * Runs the attempt; when its record is in progress under a dead attempt of this same execution,
   * removes that record and runs once more (a live holder's record answers in progress again).
   */
  private async orTakeOver(input: unknown, owner: string, attempt: () => Promise<unknown>): Promise<unknown> {
    try {
      return await attempt();
    } catch (error) {
      if ((error as Error).name !== 'IdempotencyAlreadyInProgressError') throw error;
      const holder = await this.records.takeOver(this.records.recordId(input), owner);
      if (!holder) throw error;
      const warn = this.options.logger?.warn?.bind(this.options.logger) ?? ((message: string, fields: object) => console.warn(message, fields));
      warn('took over the in-progress idempotency record of an earlier attempt of this execution whose process is gone', { idempotencyHolder: { host: holder.host, pid: holder.pid } });
      return attempt();
    }
  }

  /** Who performed the side effect of this step input, as its record says. */
  async ownership(input: unknown, executionId: string): Promise<RecordOwnership> {
    await this.ready();
    return this.records.ownership(this.records.recordId(input), executionId);
  }

  /** While this execution's undo runs, its record answers duplicates "in progress" (until `untilMs`). */
  async hold(input: unknown, executionId: string, untilMs: number): Promise<boolean> {
    await this.ready();
    return this.records.hold(this.records.recordId(input), executionId, untilMs);
  }

  /** The undo failed: the side effect still exists, and its record replays again. */
  async unhold(input: unknown, executionId: string): Promise<boolean> {
    await this.ready();
    return this.records.unhold(this.records.recordId(input), executionId);
  }

  /**
   * Releases the record of this step input so the next start performs the step again, only
   * while `executionId` owns it (undefined: a record older than owners).
   * @returns false when the record was gone or belonged to another execution by then
   */
  async release(input: unknown, executionId: string | undefined): Promise<boolean> {
    await this.ready();
    return this.records.release(this.records.recordId(input), executionId);
  }

  private async ready(): Promise<void> {
    if (this.options.endpoint) await ensureLocalIdempotencyTable(this.client, this.options.table, this.options.endpoint);
  }
}

/** dynalite accepts any credentials; fixed ones keep the SDK from searching the machine for some. */
function localClientConfig(endpoint: string): DynamoDBClientConfig {
  return {
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  };
}
