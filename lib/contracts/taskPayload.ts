/**
 * What every Aethon task function receives: the state input plus the execution context, so logs
 * correlate by execution and idempotency keys can exclude per-attempt data (retryCount).
 */
export interface TaskPayload<TInput = unknown> {
  readonly input: TInput;
  readonly context: ExecutionContext;
}

/** The execution context the compiler puts into every task payload. */
export interface ExecutionContext {
  readonly workflow: string;
  readonly executionId: string;
  readonly executionName: string;
  /** ISO 8601 time the execution started. */
  readonly executionStartTime: string;
  readonly state: string;
  /** 0 on the first attempt, then 1, 2, ... on retries. */
  readonly retryCount: number;
}
