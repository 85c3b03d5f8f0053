/**
 * Maps whatever a step threw to the error Step Functions should see. Powertools' idempotency errors
 * become Aethon names (a conflict is permanent, "already in progress" is retryable); errors from the
 * handler's own AWS SDK calls are classified (throttling and server faults retryable, the SDK error
 * kept as the cause; other client errors keep their own names); Aethon errors and a handler's own named errors
 * (`Aethon.VerificationFailed`) pass unchanged. Names are matched
 * as strings, never with instanceof, so a second copy of a library in a bundle cannot break it.
 */
import { AethonError, IdempotencyConflictError, IdempotencyInProgressError, InvalidInputError, PermanentError, RetryableError } from '../errors.ts';
import { AethonErrors } from '../../contracts/aethonErrors.ts';

/** Powertools Idempotency error names (their `name` fields), by what they mean for a retry. */
const IDEMPOTENCY_RETRYABLE = new Set([
  'IdempotencyPersistenceLayerError',
  'IdempotencyInconsistentStateError',
  'IdempotencyUnknownError',
  'IdempotencyItemNotFoundError',
  'IdempotencyItemAlreadyExistsError',
  'IdempotencyPersistenceConsistencyError',
  'IdempotencyInvalidStatusError',
]);

/** AWS error codes for throttling (the SDK's own list, plus S3's SlowDown and the like). */
const AWS_THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** What the AWS SDK v3 puts on its service errors. */
interface AwsServiceError extends Error {
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export function toStepError(error: unknown): Error {
  if (error instanceof AethonError) return error;
  // A thrown string or object is a bug in the handler, which a retry will not fix.
  if (!(error instanceof Error)) return new PermanentError(`the step threw a non-error value: ${describe(error)}`);
  if (error.name.startsWith('Idempotency')) return fromIdempotencyError(error);
  if ('$fault' in error || '$metadata' in error) return fromAwsError(error as AwsServiceError);
  return error;
}

function fromAwsError(error: AwsServiceError): Error {
  const what = `${error.name}: ${error.message}`;
  const status = error.$metadata?.httpStatusCode;
  const details = status === undefined ? {} : { status };
  if (AWS_THROTTLING.has(error.name) || error.$retryable !== undefined || status === 429) {
    return new RetryableError(`an AWS call was throttled or can be retried (${what})`, details, { cause: error });
  }
  if (error.$fault === 'server' || (status !== undefined && status >= 500)) return new RetryableError(`an AWS service failed (${what})`, details, { cause: error });
  // Other client errors keep their own name: a workflow may catch or retry it by that name
  // (ConditionalCheckFailedException, TransactionConflictException), and Aethon.Permanent would
  // put it behind the non-retryable guard.
  return error;
}

function fromIdempotencyError(original: Error): Error {
  // Powertools attaches the stored record (with the step's earlier result) to its errors; the log
  // line needs what happened, not a copy of that data.
  const error = Object.assign(new Error(original.message, { cause: original.cause }), { name: original.name });
  switch (error.name) {
    case 'IdempotencyValidationError':
      return new IdempotencyConflictError('this idempotency key was already used with a different input; a step input is not allowed to change under its key', {}, { cause: error });
    case 'IdempotencyAlreadyInProgressError':
      return new IdempotencyInProgressError('another attempt with the same idempotency key is still running; retry after it finishes or times out', {}, { cause: error });
    case 'IdempotencyKeyError':
      return new InvalidInputError('the step input has no value for its idempotency key', {}, { cause: error });
  }
  if (IDEMPOTENCY_RETRYABLE.has(error.name)) return new RetryableError(`the idempotency store failed: ${error.message}`, {}, { cause: error });
  return original;
}

/** True when the error's name is one Step Functions retries under the default policy. */
export function isRetryableName(name: string): boolean {
  return name === AethonErrors.RETRYABLE || name === AethonErrors.IDEMPOTENCY_IN_PROGRESS;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}
