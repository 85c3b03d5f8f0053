/**
 * Retry policies: exponential backoff with full jitter by default, Lambda's own transient errors
 * always retried, and Aethon's non-retryable errors never retried, whatever a catch-all says.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
import { AethonErrors, LAMBDA_SERVICE_ERRORS, NON_RETRYABLE_ERRORS, StatesErrors } from '../contracts/index.ts';
import { parseDuration, retrySchema, type RetrySpec } from '../spec/index.ts';
import type { AslRetrier } from './asl.ts';

/** What a task gets when neither the step nor the workflow's defaults say otherwise. */
export const DEFAULT_TASK_RETRY: readonly RetrySpec[] = [retrySchema.parse({})];

/** Transient Lambda service failures (the errors AWS's guide lists, and throttling), with backoff. */
export const LAMBDA_SERVICE_RETRIER: AslRetrier = {
  ErrorEquals: [...LAMBDA_SERVICE_ERRORS],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

export function renderRetrier(retry: RetrySpec): AslRetrier {
  const retrier: AslRetrier = {
    ErrorEquals: [...retry.errors],
    IntervalSeconds: parseDuration(retry.interval),
    MaxAttempts: retry.maxAttempts,
    BackoffRate: retry.backoffRate,
  };
  if (retry.maxDelay) retrier.MaxDelaySeconds = parseDuration(retry.maxDelay);
  retrier.JitterStrategy = retry.jitter === 'none' ? 'NONE' : 'FULL';
  return retrier;
}

/**
 * Retriers match in order, so the guard goes first when a later one would match a non-retryable
 * error: a catch-all, or a retrier that names one (they are never retried, even when asked).
 */
function withPermanentGuard(retriers: AslRetrier[]): AslRetrier[] {
  const nonRetryable = new Set<string>(NON_RETRYABLE_ERRORS);
  const matches = retriers.some((r) => r.ErrorEquals.some((e) => e === StatesErrors.ALL || e === StatesErrors.TASK_FAILED || nonRetryable.has(e)));
  return matches ? [{ ErrorEquals: [...NON_RETRYABLE_ERRORS], MaxAttempts: 0 }, ...retriers] : retriers;
}

/**
 * An idempotent step whose key another attempt still holds answers Aethon.IdempotencyInProgress.
 * That attempt either finishes or its record expires after the step timeout, so back off for
 * long enough to cover the timeout: five tries at timeout/10, doubling, capped at the timeout,
 * wait 2.5 timeouts in all. No jitter: with full jitter the expected wait is half that, and about
 * one run in four would give up before the record expired.
 */
export function idempotencyInProgressRetrier(timeoutSeconds: number): AslRetrier {
  return {
    ErrorEquals: [AethonErrors.IDEMPOTENCY_IN_PROGRESS],
    IntervalSeconds: Math.max(1, Math.ceil(timeoutSeconds / 10)),
    MaxAttempts: 5,
    BackoffRate: 2,
    MaxDelaySeconds: Math.max(1, timeoutSeconds),
    JitterStrategy: 'NONE',
  };
}

/** Retry for a Lambda task state; `idempotentTimeoutSeconds` is set for steps with an idempotency key. */
export function renderTaskRetry(
  stepRetry: readonly RetrySpec[] | undefined,
  workflowDefault: readonly RetrySpec[] | undefined,
  idempotentTimeoutSeconds?: number,
): AslRetrier[] {
  const policy = stepRetry ?? workflowDefault ?? DEFAULT_TASK_RETRY;
  const retriers = [LAMBDA_SERVICE_RETRIER];
  const handlesInProgress = policy.some((r) => r.errors.includes(AethonErrors.IDEMPOTENCY_IN_PROGRESS));
  if (idempotentTimeoutSeconds !== undefined && !handlesInProgress) retriers.push(idempotencyInProgressRetrier(idempotentTimeoutSeconds));
  return withPermanentGuard([...retriers, ...policy.map(renderRetrier)]);
}

/** Retry for Parallel and Map states: only what the step declares. */
export function renderStepRetry(stepRetry: readonly RetrySpec[] | undefined): AslRetrier[] | undefined {
  if (!stepRetry || stepRetry.length === 0) return undefined;
  return withPermanentGuard(stepRetry.map(renderRetrier));
}
