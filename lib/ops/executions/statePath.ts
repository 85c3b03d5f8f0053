/**
 * An execution's path through its states, read from its history (GetExecutionHistory's shape,
 * which the local engine records too): each state entered, in order, with its status, retries,
 * last error and timing.
 */
import { causeText } from './causeText.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';

/** One history event, local or from AWS (timestamps as ISO text or Date). */
export interface HistoryEventLike {
  readonly id?: number;
  readonly type?: string;
  readonly timestamp?: string | Date;
  readonly [details: string]: unknown;
}

/** One visit of one state. */
export interface StateVisit {
  readonly name: string;
  /** ASL type: Task, Choice, Map, ... */
  readonly type: string;
  /** SUCCEEDED, FAILED, CAUGHT (failed, then handled by a Catch), RUNNING, ABORTED, TIMED_OUT. */
  status: string;
  /** Task attempts beyond the first. */
  retries: number;
  error?: string;
  cause?: string;
  readonly enteredAt: string;
  exitedAt?: string;
  durationMs?: number;
  /** The state's input as recorded (JSON text), for redrive. */
  readonly input?: string;
}

const FAILURE_TYPES = /(Failed|TimedOut)$/;

/**
 * The visits, in the order states were entered (states inside Map and Parallel included).
 * @example
 * statePath(record.history).map((v) => `${v.name} ${v.status}`); // ['reserve SUCCEEDED', 'charge FAILED']
 */
export function statePath(history: readonly HistoryEventLike[]): StateVisit[] {
  const visits: StateVisit[] = [];
  const open: StateVisit[] = [];
  for (const event of history) {
    const type = event.type ?? '';
    const at = iso(event.timestamp);
    if (type.endsWith('StateEntered')) {
      const details = event.stateEnteredEventDetails as { name?: string; input?: string } | undefined;
      const visit: StateVisit = { name: details?.name ?? '?', type: type.slice(0, -'StateEntered'.length), status: 'RUNNING', retries: -1, enteredAt: at, ...(details?.input !== undefined ? { input: details.input } : {}) };
      if (visit.type !== 'Task') visit.retries = 0;
      visits.push(visit);
      open.push(visit);
    } else if (type.endsWith('StateExited')) {
      const name = (event.stateExitedEventDetails as { name?: string } | undefined)?.name;
      const index = findLastIndex(open, (v) => v.name === name);
      if (index >= 0) {
        const [visit] = open.splice(index, 1);
        visit!.status = visit!.error ? 'CAUGHT' : 'SUCCEEDED';
        close(visit!, at);
      }
    } else if (type.endsWith('StateAborted')) {
      const visit = open.pop();
      if (visit) close(Object.assign(visit, { status: 'ABORTED' }), at);
    } else if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled' || type === 'ActivityScheduled') {
      const task = lastOpenTask(open);
      if (task) {
        task.retries++;
        // A new attempt: an earlier attempt's error no longer decides how the state ends.
        delete task.error;
        delete task.cause;
      }
    } else if (FAILURE_TYPES.test(type) && !type.startsWith('Execution') && !type.startsWith('Map') && !type.startsWith('Parallel')) {
      const task = lastOpenTask(open);
      const details = detailsOf(event);
      if (task) Object.assign(task, failure(details, type));
    } else if (type === 'ExecutionFailed' || type === 'ExecutionTimedOut' || type === 'ExecutionAborted') {
      const details = detailsOf(event);
      const status = type === 'ExecutionFailed' ? 'FAILED' : type === 'ExecutionTimedOut' ? 'TIMED_OUT' : 'ABORTED';
      // States still open when the execution ended are where it stopped.
      for (const visit of open.splice(0)) {
        visit.status = status;
        if (!visit.error && details.error) Object.assign(visit, failure(details, type));
        close(visit, at);
      }
    }
  }
  for (const visit of visits) if (visit.retries < 0) visit.retries = 0;
  return visits;
}

/**
 * The top-level state where a failed execution stopped: the last state entered and never exited
 * among the states of the outer machine (a Map or Parallel that failed, not the iteration inside).
 */
export function failedTopLevelState(history: readonly HistoryEventLike[], topLevelStates: ReadonlySet<string>): StateVisit | undefined {
  const visits = statePath(history).filter((v) => topLevelStates.has(v.name));
  const last = visits[visits.length - 1];
  return last && ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(last.status) ? last : undefined;
}

function lastOpenTask(open: readonly StateVisit[]): StateVisit | undefined {
  for (let i = open.length - 1; i >= 0; i--) if (open[i]!.type === 'Task') return open[i];
  return undefined;
}

function detailsOf(event: HistoryEventLike): { error?: string; cause?: string } {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return (key ? event[key] : {}) as { error?: string; cause?: string };
}

function failure(details: { error?: string; cause?: string }, type: string): { error: string; cause?: string } {
  return { error: details.error ?? (type.endsWith('TimedOut') ? StatesErrors.TIMEOUT : 'unknown'), ...(details.cause ? { cause: causeText(details.cause) } : {}) };
}

/** A Lambda error's cause is JSON with a stack; people need its message. */

function close(visit: StateVisit, at: string): void {
  visit.exitedAt = at;
  visit.durationMs = Date.parse(at) - Date.parse(visit.enteredAt);
}

function iso(timestamp: string | Date | undefined): string {
  if (timestamp instanceof Date) return timestamp.toISOString();
  return timestamp ?? new Date(0).toISOString();
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
