/** Continuing an interrupted execution: what it carries over, and how its history goes on. */
import type { HistoryEvent } from '../types.ts';
import type { HistoryRecorder } from './history.ts';
import type { ExecutionInfo } from './types.ts';

/**
 * What an interrupted execution carries into its continuation (`RunExecutionOptions.resume`): the
 * dev server after a crash or `kill -9`, or a redrive whose ExecutionRedriven event ends `history`.
 * The recorded events are kept and the ids continue from them; no second ExecutionStarted is
 * recorded; with `enteredEventId` the state it was in (the definition's `StartAt`, given `input` as
 * recorded) is not entered a second time: its recorded `<Type>StateEntered` stands.
 */
export interface ResumeState {
  /** Every event recorded before the interruption, ExecutionStarted first. */
  readonly history: readonly HistoryEvent[];
  /** The execution's start time (ISO), still `$$.Execution.StartTime`. */
  readonly startTime: string;
  /** The execution's own input, still `$$.Execution.Input`. */
  readonly executionInput: unknown;
  /** The top-level variables as the recorded states left them. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /**
   * Id of the recorded `<Type>StateEntered` event of the state the run continues in; without it
   * the run enters its `StartAt` as a new state.
   */
  readonly enteredEventId?: number;
}

/**
 * Seeds the recorder with the interrupted run's events (not streamed again), and answers the
 * resumed state's first `*StateEntered` with the recorded event: recording it twice would show
 * the state entered twice, and its `$$.State.EnteredTime` must stay the first one.
 */
export function continueHistory(history: HistoryRecorder, resume: ResumeState): void {
  history.events.push(...resume.history);
  const enteredEventId = resume.enteredEventId;
  if (enteredEventId === undefined) return;
  const add = history.add.bind(history);
  let pending = true;
  history.add = (type, previousEventId, detailsKey, details) => {
    if (pending && type.endsWith('StateEntered')) {
      pending = false;
      return enteredEventId;
    }
    return add(type, previousEventId, detailsKey, details);
  };
}

/** `$$.Execution` of a resumed run: its redrives (ExecutionRedriven events) still count. */
export function resumedExecutionInfo(id: string, name: string, startDate: string, roleArn: string, resume: ResumeState): ExecutionInfo {
  const redrives = resume.history.filter((event) => event.type === 'ExecutionRedriven');
  const last = redrives[redrives.length - 1];
  return { Id: id, Name: name, Input: resume.executionInput, StartTime: startDate, RoleArn: roleArn, RedriveCount: redrives.length, ...(last ? { RedriveTime: last.timestamp } : {}) };
}

/** The id the first new event points at: 0 for a fresh run; a resumed run that enters its state anew chains on from the last recorded event. */
export function resumedChainStart(resume: ResumeState | undefined): number {
  return resume !== undefined && resume.enteredEventId === undefined ? resume.history.length : 0;
}
