/** What a handler receives next to its input. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { ExecutionContext } from '../../contracts/taskPayload.ts';
import type { HttpClient } from '../http/HttpClient.ts';

/** The execution this attempt belongs to. */
export interface StepExecution extends ExecutionContext {
  /** 1 on the first attempt, 2 on the first retry, ... (retryCount + 1). */
  readonly attempt: number;
}

export interface StepContext {
  /** Powertools Logger with the execution's keys; secret values are redacted from every line. */
  readonly logger: Logger;
  /** Powertools Metrics with the workflow's namespace and dimensions; flushed after the step. */
  readonly metrics: Metrics;
  readonly execution: StepExecution;
  /** HTTP client with timeouts and Aethon error classification. */
  readonly http: HttpClient;
  /**
   * The step's idempotency key as an opaque header-safe string, when the workflow declares
   * `idempotency.key` for the step; stable across retries and executions for the same input.
   */
  readonly idempotencyKey: string | undefined;
  /** The Lambda context, when invoked by Lambda or the local runner. */
  readonly lambdaContext: Context | undefined;
  /**
   * The workflow's dynamic configuration (validated against its JSON Schema, cached), over
   * `defaults` for keys the document lacks.
   * @throws ConfigInvalidError when the document is invalid and no good value was ever read
   */
  config<T extends object = Record<string, unknown>>(defaults?: Partial<T>): Promise<T>;
  /**
   * A secret by its logical name from the workflow's `secrets:`; the value is redacted from logs,
   * errors and the step's output from now on.
   * @throws SecretNotFoundError when the step did not declare it or it does not exist
   */
  secret(name: string): Promise<string>;
  /** A service base URL from the environment (PAYMENTS_API_URL, ...), without trailing slash. */
  serviceUrl(variable: string): string;
}
