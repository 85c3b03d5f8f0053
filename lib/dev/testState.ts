/**
 * TestState: one state run once on an input, as AWS's TestState API runs it, on the local engine.
 * The state runs inside a machine of its own whose every successor (Next, Default, each Choice's
 * and each Catch's Next) is an end state, so the state that would come next is seen, not run.
 * Retries are not made: a failure a Retry would retry answers RETRIABLE. `mock.result` (or
 * `mock.errorOutput`) stands in for the task's call. Inspection data is the state's input only.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
 */
import { StatesErrors } from '../contracts/statesErrors.ts';
import { TaskFailure } from '../local/taskInvoker.ts';
import type { LocalEngine, RunOptions } from '../local/localEngine.ts';
import type { ExecutionRecord, HistoryEvent } from '../local/types.ts';
import { DevApiError } from './protocol.ts';

/** What TestState answers. */
export interface TestStateResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: { readonly input: string };
}

/** A TestState request, decoded. */
export interface TestStateRequest {
  readonly state: Record<string, unknown>;
  /** The machine's query language, when the state came from a whole machine. */
  readonly queryLanguage?: unknown;
  readonly input: unknown;
  readonly variables: Record<string, unknown>;
  readonly mock?: { readonly result?: string; readonly errorOutput?: { readonly error?: string; readonly cause?: string } };
  readonly inspect: boolean;
}

type Retrier = { readonly ErrorEquals?: readonly string[] };

/** Runs the state and reads what happened from its history. */
export async function testState(engine: LocalEngine, request: TestStateRequest): Promise<TestStateResult> {
  const { state } = request;
  const successors = successorsOf(state);
  const name = uniqueName(successors);
  const { Retry: retriers, ...once } = state;
  const machine = {
    ...(request.queryLanguage !== undefined ? { QueryLanguage: request.queryLanguage } : {}),
    StartAt: name,
    States: { [name]: once, ...Object.fromEntries([...successors.all].map((next) => [next, { Type: 'Succeed' }])) },
  };
  const now = new Date(engine.clock.now()).toISOString();
  const options: RunOptions = {
    input: request.input,
    resume: { history: [], startTime: now, executionInput: request.input, variables: request.variables },
    ...(request.mock ? { mocks: { states: { [name]: mockOf(request.mock) } } } : {}),
  };
  let record: ExecutionRecord;
  try {
    record = await engine.runDefinition(machine, 'TestState', options);
  } catch (error) {
    throw new DevApiError('InvalidDefinition', `Invalid State Machine Definition: ${(error as Error).message}`);
  }
  const inspection = request.inspect ? { inspectionData: { input: JSON.stringify(request.input) } } : {};
  const entered = record.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
  const nextState = entered.find((n) => n !== undefined && n !== name && successors.all.has(n));
  if (record.status !== 'SUCCEEDED') {
    const retriable = (retriers as Retrier[] | undefined)?.some((r) => r.ErrorEquals?.includes(record.error ?? '') || r.ErrorEquals?.includes(StatesErrors.ALL));
    return { status: retriable ? 'RETRIABLE' : 'FAILED', ...(record.error !== undefined ? { error: record.error } : {}), ...(record.cause !== undefined ? { cause: record.cause } : {}), ...inspection };
  }
  const exited = lastExit(record.history, name);
  const output = exited ?? JSON.stringify(record.output ?? null);
  const failure = lastFailure(record.history);
  if (nextState !== undefined && successors.caught.has(nextState) && failure) {
    return { status: 'CAUGHT_ERROR', output, nextState, ...failure, ...inspection };
  }
  return { status: 'SUCCEEDED', output, ...(nextState !== undefined ? { nextState } : {}), ...inspection };
}

function successorsOf(state: Record<string, unknown>): { all: Set<string>; caught: Set<string> } {
  const all = new Set<string>();
  const caught = new Set<string>();
  if (typeof state.Next === 'string') all.add(state.Next);
  if (typeof state.Default === 'string') all.add(state.Default);
  for (const choice of (state.Choices ?? []) as { Next?: unknown }[]) if (typeof choice.Next === 'string') all.add(choice.Next);
  for (const catcher of (state.Catch ?? []) as { Next?: unknown }[]) {
    if (typeof catcher.Next !== 'string') continue;
    all.add(catcher.Next);
    caught.add(catcher.Next);
  }
  return { all, caught };
}

function uniqueName(successors: { all: Set<string> }): string {
  let name = 'TestState';
  while (successors.all.has(name)) name += '_';
  return name;
}

function mockOf(mock: NonNullable<TestStateRequest['mock']>): () => unknown {
  return () => {
    if (mock.errorOutput) throw new TaskFailure(mock.errorOutput.error ?? '', mock.errorOutput.cause ?? '');
    try {
      return JSON.parse(mock.result ?? 'null') as unknown;
    } catch (error) {
      throw new DevApiError('ValidationException', `mock.result is not JSON: ${(error as Error).message}`);
    }
  };
}

function lastExit(history: readonly HistoryEvent[], name: string): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const details = history[i]!.stateExitedEventDetails;
    if (history[i]!.type.endsWith('StateExited') && details?.name === name) return details.output;
  }
  return undefined;
}

function lastFailure(history: readonly HistoryEvent[]): { error?: string; cause?: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const event = history[i]! as Record<string, unknown>;
    if (!/Failed$|TimedOut$/.test(String(event.type)) || event.type === 'ExecutionFailed') continue;
    const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
    const details = (key ? event[key] : {}) as { error?: string; cause?: string };
    return { ...(details.error !== undefined ? { error: details.error } : {}), ...(details.cause !== undefined ? { cause: details.cause } : {}) };
  }
  return undefined;
}
