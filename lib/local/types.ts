/**
 * Types shared by the local engine's parts (interpreter, task invokers, execution store).
 * Shapes follow the Step Functions API (DescribeExecution, GetExecutionHistory) so that what the
 * local engine records reads like what AWS returns.
 */
import type { HistoryEvent as SfnHistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

/** @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** The `<type>EventDetails` fields of a history event, typed as the Step Functions API types them. */
export type HistoryEventDetails = {
  readonly [K in Exclude<keyof SfnHistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>]?: SfnHistoryEvent[K];
};

/**
 * One history event, as GetExecutionHistory returns it: `type` plus one `<type>EventDetails`
 * field in camelCase (for example `stateEnteredEventDetails: { name, input }`). The details use
 * @aws-sdk/client-sfn's types, so a field AWS does not have is a type error; the timestamp is
 * ISO 8601 text here (the SDK parses it into a Date).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
export type HistoryEvent = HistoryEventDetails & {
  readonly id: number;
  readonly previousEventId: number;
  /** ISO 8601, from the injected clock. */
  readonly timestamp: string;
  /** One of the API's HistoryEventType values; plain text is accepted where events are built by hand. */
  readonly type: HistoryEventType | (string & Record<never, never>);
};

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
  /** For a child execution of a Distributed Map, the Map Run that started it (as DescribeExecution says). */
  readonly mapRunArn?: string;
}
