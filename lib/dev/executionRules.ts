/** The Step Functions rules an execution of `aethon dev` follows: its name, input, records and refusals. */
import type { ExecutionRecord } from '../local/types.ts';
import type { LiveExecution } from './ExecutionRunner.ts';
import { DevApiError } from './protocol.ts';

/** StopExecution's error and cause. */
export interface StopReason {
  readonly error?: string;
  readonly cause?: string;
}

/** Step Functions' execution name rule: 1-80 characters, none of whitespace, brackets, wildcards, punctuation or control characters. */
const NAME_RULE = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;

/** @throws DevApiError InvalidName */
export function checkExecutionName(name: string): void {
  if (!NAME_RULE.test(name)) throw new DevApiError('InvalidName', `Invalid Name: '${name}' (1 to 80 characters, no whitespace, brackets, wildcards or the characters " # % \\ ^ | ~ \` $ & , ; : /)`);
}

/** The record of a running execution as checkpointed. */
export function runningRecord(tracked: LiveExecution): ExecutionRecord {
  return {
    executionArn: tracked.executionArn,
    name: tracked.name,
    stateMachineName: tracked.stateMachineName,
    status: 'RUNNING',
    startDate: tracked.startDate ?? tracked.history[0]?.timestamp ?? new Date(0).toISOString(),
    input: tracked.input,
    history: [...tracked.history],
  };
}

/** StopExecution's error and cause on the ABORTED record and its ExecutionAborted event, as AWS shows them. */
export function withStopReason(record: ExecutionRecord, reason: StopReason | undefined): ExecutionRecord {
  if (record.status !== 'ABORTED' || reason === undefined || (reason.error === undefined && reason.cause === undefined)) return record;
  const details = { ...(reason.error !== undefined ? { error: reason.error } : {}), ...(reason.cause !== undefined ? { cause: reason.cause } : {}) };
  const history = record.history.map((event) => (event.type === 'ExecutionAborted' ? { ...event, executionAbortedEventDetails: details } : event));
  return { ...record, ...details, history };
}

export function parseInput(inputJson: string): unknown {
  try {
    return JSON.parse(inputJson) as unknown;
  } catch (error) {
    throw new DevApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: the input is not JSON: ${(error as Error).message}`);
  }
}

export function notRedrivable(executionArn: string, why: string): DevApiError {
  return new DevApiError('ExecutionNotRedrivable', `Execution Not Redrivable: '${executionArn}': ${why}`);
}

export function alreadyExists(executionArn: string, why: string): DevApiError {
  return new DevApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}' ${why}`);
}
