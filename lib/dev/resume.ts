/**
 * Where an interrupted execution continues after a restart, built on the same idea as redrive:
 * from the top-level state that was entered but not exited, with the input it was entered with
 * and the top-level variables as the recorded states left them. Its recorded `*StateEntered`
 * stands (the engine does not record it again), so `$$.State.EnteredTime` and the ids continue.
 *
 * - A Wait resumes with its remaining time: `Seconds` (or `SecondsPath`, or a JSONata `Seconds`)
 *   becomes a `Timestamp` at the recorded entry time plus the seconds.
 * - A Task in flight is invoked again: an idempotent step finds its record and does not repeat
 *   its side effect; a step without idempotency runs again.
 * - A Parallel or Map in flight runs again whole (the events its branches had recorded stay).
 * - With no state in flight (the last write fell between two states) it continues at the `Next`
 *   of the last state that exited; after a Choice or an end state, that state runs again.
 */
import type { ResumeState } from '../local/engine/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../local/types.ts';
import { selectPath } from '../contracts/selectPath.ts';
import { topLevelVariables } from '../ops/redrive/localRedrive.ts';

/** How to run the rest of an execution. */
export interface ResumePlan {
  /** The definition with `StartAt` at the state to continue in (and a Wait's deadline made absolute). */
  readonly definition: Record<string, unknown>;
  /** That state's input. */
  readonly input: unknown;
  readonly resume: ResumeState;
  /** The state it continues in. */
  readonly stateName: string;
}

type States = Record<string, Record<string, unknown>>;

interface StateVisit {
  readonly name: string;
  readonly eventId: number;
  readonly timestamp: string;
  readonly json: string | undefined;
}

/** The plan for a RUNNING record, given the definition it started with. */
export function planResume(record: ExecutionRecord, definition: Record<string, unknown>): ResumePlan {
  const states = definition.States as States;
  const topLevel = new Set(Object.keys(states));
  const { inFlight, lastExited } = lastTopLevelStates(record.history, topLevel);
  const base = { history: record.history, startTime: record.startDate, executionInput: record.input, variables: topLevelVariables(record.history, topLevel) };
  if (inFlight) {
    const input = parse(inFlight.json, record.input);
    const state = absoluteWait(states[inFlight.name]!, inFlight.timestamp, input);
    return {
      definition: { ...definition, StartAt: inFlight.name, States: { ...states, [inFlight.name]: state } },
      input,
      resume: { ...base, enteredEventId: inFlight.eventId },
      stateName: inFlight.name,
    };
  }
  if (lastExited) {
    const state = states[lastExited.name]!;
    const next = typeof state.Next === 'string' && state.Type !== 'Choice' ? state.Next : undefined;
    // Without a Next to follow, the state that exited last runs again on the input it was entered with.
    const name = next ?? lastExited.name;
    const input = next !== undefined ? parse(lastExited.json, record.input) : parse(enteredInput(record.history, lastExited.name), record.input);
    return { definition: { ...definition, StartAt: name }, input, resume: base, stateName: name };
  }
  return { definition, input: record.input, resume: base, stateName: String(definition.StartAt) };
}

function lastTopLevelStates(history: readonly HistoryEvent[], topLevel: ReadonlySet<string>): { inFlight?: StateVisit; lastExited?: StateVisit } {
  let inFlight: StateVisit | undefined;
  let lastExited: StateVisit | undefined;
  for (const event of history) {
    if (event.type.endsWith('StateEntered')) {
      const details = event.stateEnteredEventDetails;
      if (details?.name !== undefined && topLevel.has(details.name)) inFlight = { name: details.name, eventId: event.id, timestamp: event.timestamp, json: details.input };
    } else if (event.type.endsWith('StateExited')) {
      const details = event.stateExitedEventDetails;
      if (details?.name !== undefined && topLevel.has(details.name)) {
        lastExited = { name: details.name, eventId: event.id, timestamp: event.timestamp, json: details.output };
        if (inFlight?.name === details.name) inFlight = undefined;
      }
    }
  }
  return { ...(inFlight ? { inFlight } : {}), ...(lastExited ? { lastExited } : {}) };
}

function enteredInput(history: readonly HistoryEvent[], name: string): string | undefined {
  let input: string | undefined;
  for (const event of history) if (event.type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name === name) input = event.stateEnteredEventDetails.input;
  return input;
}

/**
 * A Wait counted in seconds, rewritten to wait until its first entry time plus those seconds;
 * other states (and Waits until a timestamp) as they are.
 */
export function absoluteWait(state: Record<string, unknown>, enteredAt: string, input: unknown): Record<string, unknown> {
  if (state.Type !== 'Wait') return state;
  const enteredMs = Date.parse(enteredAt);
  const { Seconds, SecondsPath, ...rest } = state;
  if (typeof Seconds === 'number') return { ...rest, Timestamp: new Date(enteredMs + Seconds * 1000).toISOString() };
  if (typeof Seconds === 'string') {
    const expression = /^\{%([\s\S]*)%\}$/.exec(Seconds.trim());
    if (expression) return { ...rest, Timestamp: `{% $fromMillis(${enteredMs} + (${expression[1]}) * 1000) %}` };
  }
  if (typeof SecondsPath === 'string') {
    const effective = typeof state.InputPath === 'string' ? selectPath(input, state.InputPath) : input;
    const seconds = selectPath(effective, SecondsPath);
    if (typeof seconds === 'number') return { ...rest, Timestamp: new Date(enteredMs + seconds * 1000).toISOString() };
  }
  return state;
}

function parse(json: string | undefined, fallback: unknown): unknown {
  return json === undefined ? fallback : (JSON.parse(json) as unknown);
}
