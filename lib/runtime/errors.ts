/**
 * Errors a handler throws. Each sets its `name` to a literal from the shared map, because that name
 * is what Step Functions matches in Retry and Catch (Lambda reports errorType = error.name), and
 * carries its context in typed fields rather than in the message, so logs stay structured.
 */
import { AethonErrors } from '../contracts/aethonErrors.ts';

/** Context carried by an error, kept out of the message so it stays structured in logs. */
export interface ErrorDetails {
  /** HTTP status of the answer that caused the error. */
  readonly status?: number;
  /** The URL requested (without its query string). */
  readonly url?: string;
  /** Seconds the service asked us to wait (HTTP Retry-After). */
  readonly retryAfterSeconds?: number;
  /** The first characters of the body that could not be used. */
  readonly bodyExcerpt?: string;
  /** Where a 3xx answer pointed (without its query string); redirects are not followed. */
  readonly location?: string;
  /** The logical name of a secret, or the config source, that failed. */
  readonly resource?: string;
  /** Schema or input problems, one line each. */
  readonly issues?: readonly string[];
}

/** Base class: a literal `name`, typed `details`, and a `retryable` flag matching the ASL policy. */
export abstract class AethonError extends Error {
  abstract override readonly name: string;
  abstract readonly retryable: boolean;
  readonly details: ErrorDetails;
  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
  }
}

/** A transient failure (5xx, 429, network error, timeout): Step Functions retries it with backoff. */
export class RetryableError extends AethonError {
  override readonly name = AethonErrors.RETRYABLE;
  readonly retryable = true;
}

/** A failure retrying cannot fix: never retried, goes straight to Catch or fails the execution. */
export class PermanentError extends AethonError {
  override readonly name = AethonErrors.PERMANENT;
  readonly retryable = false;
}

/** The step input failed its schema (or lacks its idempotency key): never retried. */
export class InvalidInputError extends AethonError {
  override readonly name = AethonErrors.INVALID_INPUT;
  readonly retryable = false;
}

/** A step replayed its idempotency record with a different payload: never retried (a start under an existing name is contracts' ExecutionInputConflictError). */
export class IdempotencyConflictError extends AethonError {
  override readonly name = AethonErrors.IDEMPOTENCY_CONFLICT;
  readonly retryable = false;
}

/** Another attempt with the same idempotency key is still running: retry after a backoff. */
export class IdempotencyInProgressError extends AethonError {
  override readonly name = AethonErrors.IDEMPOTENCY_IN_PROGRESS;
  readonly retryable = true;
}

/** The dynamic configuration failed its JSON Schema and no last good value exists. */
export class ConfigInvalidError extends AethonError {
  override readonly name = AethonErrors.CONFIG_INVALID;
  readonly retryable = false;
}

/** A secret the step needs does not exist (or the function may not read it): never retried. */
export class SecretNotFoundError extends AethonError {
  override readonly name = AethonErrors.SECRET_NOT_FOUND;
  readonly retryable = false;
}
