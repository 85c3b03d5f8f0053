/** Executions as the operations show them, the same locally and on AWS. */
import type { StateVisit } from './statePath.ts';

/** One row of `aethon executions`. */
export interface ExecutionSummary {
  readonly name: string;
  readonly executionArn: string;
  readonly stateMachineName: string;
  readonly status: string;
  /** ISO 8601. */
  readonly startDate: string;
  readonly stopDate?: string;
  readonly durationMs?: number;
}

/** `aethon execution <id|name>`: the summary, input and outcome, and the path through the states. */
export interface ExecutionDetail extends ExecutionSummary {
  readonly input?: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly path: readonly StateVisit[];
  /** The execution in the Step Functions console (AWS only). */
  readonly consoleUrl?: string;
  readonly redriveCount?: number;
  /** The Distributed Map runs it started (`aethon executions --map-run <arn>` lists their children). */
  readonly mapRuns?: readonly { readonly mapRunArn: string; readonly stateName?: string }[];
}

/** Filters of `aethon executions`. */
export interface ExecutionQuery {
  readonly status?: string;
  /** @default 20 */
  readonly limit?: number;
}

/** The statuses ListExecutions filters by. */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

/** Milliseconds between two ISO dates, when both are known. */
export function durationBetween(start: string, stop: string | undefined): number | undefined {
  return stop ? Date.parse(stop) - Date.parse(start) : undefined;
}
