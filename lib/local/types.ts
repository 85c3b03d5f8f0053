/**
 * Types shared by the local engine's parts (interpreter, task invokers, execution store).
 * Shapes follow the Step Functions API (DescribeExecution, GetExecutionHistory) so that what the
 * local engine records reads like what AWS returns.
 */

/** @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/**
 * One history event, as GetExecutionHistory returns it: `type` plus one `<type>EventDetails`
 * field in camelCase (for example `stateEnteredEventDetails: { name, input }`).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  /** ISO 8601, from the injected clock. */
  readonly timestamp: string;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** The outcome of one execution, with its full history. */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineName: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly history: readonly HistoryEvent[];
}
