/**
 * Idempotency records as operators see them: which step and key they guard, their status, the
 * execution that owns the side effect, and when they expire. Record ids are
 * `<workflow>.<step>#<hash of the key value>`, hashed exactly as Powertools hashes them.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isAttemptHolder, type AttemptHolder } from '../../runtime/idempotency/attemptHolder.ts';
import { isStoredResult, StepRecordStore } from '../../runtime/idempotency/StepRecordStore.ts';

export interface IdempotencyRecordView {
  /** The DynamoDB partition key. */
  readonly id: string;
  readonly workflow: string;
  readonly step: string;
  /** COMPLETED, or INPROGRESS while an attempt runs. */
  readonly status: string;
  /** The execution that performed the side effect (its ARN); absent on older records or in progress. */
  readonly owner?: string;
  /** When the record stops counting (ISO 8601). */
  readonly expiresAt?: string;
  /** While in progress: when the attempt's hold on the key ends (ISO 8601). */
  readonly inProgressUntil?: string;
  /** While in progress, on local runs: the execution and process whose attempt holds it. */
  readonly heldBy?: AttemptHolder;
  /** True when the record has expired but DynamoDB's TTL has not removed it yet: it no longer replays. */
  readonly expired: boolean;
}

/** `<workflow>.<step>#`, or `<workflow>.` for every step of a workflow. */
export function recordPrefix(workflow: string, step?: string): string {
  return step === undefined ? `${workflow}.` : `${workflow}.${step}#`;
}

export function toRecordView(item: Record<string, AttributeValue>, workflow: string, steps: readonly string[], now: number): IdempotencyRecordView {
  const record = unmarshall(item) as { id: string; status?: string; expiration?: number; in_progress_expiration?: number; data?: unknown; aethon_holder?: unknown };
  // The step is what sits between `<workflow>.` and `#`; step names may hold dots, so match known names first.
  const rest = record.id.slice(workflow.length + 1);
  const step = steps.find((s) => rest.startsWith(`${s}#`)) ?? rest.slice(0, rest.lastIndexOf('#'));
  const owner = isStoredResult(record.data) ? record.data.owner : undefined;
  return {
    id: record.id,
    workflow,
    step,
    status: record.status ?? 'UNKNOWN',
    ...(owner ? { owner } : {}),
    ...(record.expiration ? { expiresAt: new Date(record.expiration * 1000).toISOString() } : {}),
    ...(record.status === 'INPROGRESS' && record.in_progress_expiration ? { inProgressUntil: new Date(record.in_progress_expiration).toISOString() } : {}),
    ...(record.status === 'INPROGRESS' && isAttemptHolder(record.aethon_holder) ? { heldBy: record.aethon_holder } : {}),
    expired: record.expiration !== undefined && record.expiration * 1000 <= now,
  };
}

/**
 * The record ids a key given on the command line may mean: the text itself as the key value
 * (`acme`), and, when it parses as JSON of another kind, that value (`42`, `["svc","a1"]`),
 * since a key expression may select a number or a list. A full record id is taken as it is.
 */
export function candidateRecordIds(table: string, client: DynamoDBClient, workflow: string, step: string, key: string): string[] {
  const prefix = recordPrefix(workflow, step);
  if (key.startsWith(prefix)) return [key];
  const values: unknown[] = [key];
  try {
    const parsed: unknown = JSON.parse(key);
    if (typeof parsed !== 'string') values.push(parsed);
  } catch {
    // plain text: the string alone
  }
  // The very code the runtime uses: `@` selects the key value itself, hashed as Powertools does.
  const store = new StepRecordStore(table, client);
  store.configure({ config: new IdempotencyConfig({ eventKeyJmesPath: '@' }), keyPrefix: `${workflow}.${step}` });
  return values.map((value) => store.recordId(value));
}
