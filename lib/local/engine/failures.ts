import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure } from '../errors.ts';

/** An error name plus its cause, as the error output `{ Error, Cause }` carries them. */
export interface FailureInfo {
  readonly error: string;
  readonly cause: string;
}

/**
 * Reads the ASL error name and cause from anything thrown. Handlers report `errorType =
 * error.name` (as the Lambda runtime does), so any Error's `name` is its ASL error.
 */
export function toFailure(thrown: unknown): FailureInfo {
  // A Fail state may leave Error or Cause out; keep them empty rather than invent a name.
  if (thrown instanceof TaskFailure) return { error: thrown.name, cause: thrown.message };
  if (thrown instanceof Error) return { error: thrown.name || 'Error', cause: thrown.message };
  if (typeof thrown === 'string') return { error: 'Error', cause: thrown };
  return { error: 'Error', cause: safeStringify(thrown) };
}

/** Where a state failed, as AWS prefixes the causes of data-processing errors. */
export interface StateLocation {
  readonly name: string;
  readonly enteredEventId: number;
}

const STATE_PREFIX = 'An error occurred while executing the state';

/** `An error occurred while executing the state 'X' (entered at the event id #2).` */
export function stateErrorPrefix(at: StateLocation): string {
  return `${STATE_PREFIX} '${at.name}' (entered at the event id #${at.enteredEventId}).`;
}

/**
 * Turns an error from data processing (paths, templates, intrinsics, JSONata) into the failure
 * the state reports: `States.*` errors keep their name and get AWS's cause prefix; anything else
 * (a TypeError in a helper) becomes States.Runtime naming the field, so a bug never surfaces as
 * an unnamed crash.
 */
export function asRuntimeFailure(thrown: unknown, at: StateLocation, field: string): Error {
  if (thrown instanceof TaskFailure) {
    if (thrown.message.startsWith(STATE_PREFIX)) return thrown;
    return new TaskFailure(thrown.name, `${stateErrorPrefix(at)} ${thrown.message}`, { cause: thrown });
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new TaskFailure(StatesErrors.RUNTIME, `${stateErrorPrefix(at)} Field ${field} failed: ${message}`, { cause: thrown });
}

/** Errors that no Retry or Catch handles through a wildcard. */
const TERMINAL_ERRORS: ReadonlySet<string> = new Set([StatesErrors.RUNTIME, StatesErrors.DATA_LIMIT_EXCEEDED]);

/**
 * Whether an `ErrorEquals` list matches an error name, with the AWS wildcard rules:
 * `States.ALL` matches everything but the terminal States.Runtime and States.DataLimitExceeded;
 * `States.TaskFailed` matches the same set minus States.Timeout; States.Runtime never matches.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export function errorMatches(errorEquals: readonly unknown[], error: string): boolean {
  if (error === StatesErrors.RUNTIME) return false;
  if (errorEquals.includes(error)) return true;
  if (TERMINAL_ERRORS.has(error)) return false;
  if (errorEquals.includes(StatesErrors.ALL)) return true;
  return errorEquals.includes(StatesErrors.TASK_FAILED) && error !== StatesErrors.TIMEOUT;
}

/** JSON.stringify that never throws (cycles, BigInt) and maps `undefined` to `null`. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return String(value);
  }
}
