/**
 * The seam between the interpreter and whatever runs a Task state's work: a local Lambda handler
 * in a worker thread, a MockConfigFile response, or a test's own function.
 */
export interface TaskInvocation {
  /** The state's name, for messages and for mocks keyed by state. */
  readonly stateName: string;
  /** The Task state's `Resource`, as written (placeholders already substituted where known). */
  readonly resource: string;
  /**
   * `Parameters` (JSONPath) or `Arguments` (JSONata) after evaluation; the state input if neither.
   * A copy made from its JSON for this call, as a Lambda function receives its input.
   */
  readonly parameters: unknown;
  /** 0 on the first attempt. */
  readonly retryCount: number;
  /** The state's TimeoutSeconds, if any; the invoker enforces it by ending the work. */
  readonly timeoutSeconds?: number;
  /** Aborted when the execution stops (timeout, failure elsewhere in a Parallel, abort). */
  readonly signal?: AbortSignal;
  /**
   * Reports that the task is alive, as SendTaskHeartbeat does on AWS: each call restarts the
   * state's HeartbeatSeconds. Absent or a no-op when the state sets no heartbeat limit.
   */
  readonly heartbeat?: () => void;
  /**
   * For `.sync`, `.sync:2` and `.waitForTaskToken` integrations: reports that the service accepted
   * the request, with its response (a StartExecution or SendMessage answer), before the work ends;
   * the history records `TaskSubmitted` then. Without it the engine records TaskSubmitted just
   * before the outcome. Absent or a no-op for other resources.
   */
  readonly submitted?: (response: unknown) => void;
}

/**
 * Runs a task and resolves with its result, or rejects with a {@link TaskFailure}-like error whose
 * `name` is the ASL error name (matched by Retry/Catch) and whose `message` becomes the Cause.
 */
export type TaskInvoker = (invocation: TaskInvocation) => Promise<unknown>;

/** The error a TaskInvoker throws: `name` is the ASL error, `message` the cause. */
export { TaskFailure } from './errors.ts';
