/**
 * Error names that Aethon handlers throw and workflows match in Retry and Catch. The Lambda runtime
 * reports `errorType = error.name`, so these literal strings, never `constructor.name` (minifiers
 * rename classes), are what the spec, compiler, runtime and engine agree on.
 */
export const AethonErrors = {
  /** A transient failure (5xx, 429, network error, timeout): retry with backoff. */
  RETRYABLE: 'Aethon.Retryable',
  /** A failure that will not go away by retrying (4xx, bad data): never retried. */
  PERMANENT: 'Aethon.Permanent',
  /** The step input failed its schema: never retried. */
  INVALID_INPUT: 'Aethon.InvalidInput',
  /** The same idempotency key arrived with a different payload: never retried. */
  IDEMPOTENCY_CONFLICT: 'Aethon.IdempotencyConflict',
  /** Another attempt with the same idempotency key is still running: retry later. */
  IDEMPOTENCY_IN_PROGRESS: 'Aethon.IdempotencyInProgress',
  /** The dynamic configuration failed its JSON Schema and no last good value exists. */
  CONFIG_INVALID: 'Aethon.ConfigInvalid',
  /** A secret the step needs does not exist: never retried. */
  SECRET_NOT_FOUND: 'Aethon.SecretNotFound',
  /**
   * A workflow failed and at least one compensation failed too: the cause (JSON) holds the
   * original error and each compensation that failed. Someone must look.
   */
  COMPENSATION_FAILED: 'Aethon.CompensationFailed',
} as const;

export type AethonErrorName = (typeof AethonErrors)[keyof typeof AethonErrors];

/** Errors that no retrier may retry; the compiler guards them ahead of any catch-all retrier. */
export const NON_RETRYABLE_ERRORS: readonly AethonErrorName[] = [
  AethonErrors.PERMANENT,
  AethonErrors.INVALID_INPUT,
  AethonErrors.IDEMPOTENCY_CONFLICT,
  AethonErrors.CONFIG_INVALID,
  AethonErrors.SECRET_NOT_FOUND,
  // Running the failed part again would repeat side effects whose undo already failed once.
  AethonErrors.COMPENSATION_FAILED,
];
