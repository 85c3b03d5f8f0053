/**
 * Errors a handler throws. Each sets its `name` to a literal from the shared map, because that name
 * is what Step Functions matches in Retry and Catch (Lambda reports errorType = error.name).
 */
import { AethonErrors } from '../contracts/aethonErrors.ts';

/** Context carried by an error, kept out of the message so it stays structured in logs. */
export interface ErrorDetails {
  readonly status?: number;
  readonly url?: string;
  /** Seconds the service asked us to wait (HTTP Retry-After). */
  readonly retryAfterSeconds?: number;
  readonly bodyExcerpt?: string;
}

/** A transient failure: Step Functions retries it with backoff. */
export class RetryableError extends Error {
  override readonly name = AethonErrors.RETRYABLE;
  constructor(message: string, readonly details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A failure retrying cannot fix: never retried, goes straight to Catch or fails the execution. */
export class PermanentError extends Error {
  override readonly name = AethonErrors.PERMANENT;
  constructor(message: string, readonly details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
  }
}
