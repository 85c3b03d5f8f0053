/**
 * TestState: one state run once on an input, as AWS's TestState API runs it, on the local engine.
 * The state runs inside a machine of its own whose every successor (Next, Default, each Choice's
 * and each Catch's Next) is an end state, so the state that would come next is seen, not run.
 * Retries are not made: a failure a Retry would retry answers RETRIABLE. `mock.result` (or
 * `mock.errorOutput`) stands in for the task's call. At DEBUG and TRACE the engine reports each
 * step of the state's data processing (testStateInspection.ts).
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
 */
import { StatesErrors } from '../contracts/statesErrors.ts';
import { retryDelayMs, runExecution, type Retrier } from '../local/engine/index.ts';
import { errorMatches } from '../local/engine/failures.ts';
import { createFunctionMockInvoker } from '../local/mocks/createFunctionMockInvoker.ts';
import { TaskFailure, type TaskInvoker } from '../local/taskInvoker.ts';
import type { LocalEngine } from '../local/localEngine.ts';
import type { ExecutionRecord, HistoryEvent } from '../local/types.ts';
import { DevApiError } from './protocol.ts';
import { InspectionCollector, type InspectionData, type InspectionErrorDetails } from './testStateInspection.ts';

/** What TestState answers. */
export interface TestStateResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: InspectionData;
}

/** INFO answers no inspection data; DEBUG the data processing; TRACE adds an HTTP Task's request and response. */
export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';

/** A TestState request, decoded. */
export interface TestStateRequest {
  readonly state: Record<string, unknown>;
  /** The machine's query language, when the state came from a whole machine. */
  readonly queryLanguage?: unknown;
  readonly input: unknown;
  readonly variables: Record<string, unknown>;
  readonly mock?: { readonly result?: string; readonly errorOutput?: { readonly error?: string; readonly cause?: string } };
  readonly inspectionLevel: InspectionLevel;
  /** `stateConfiguration.retrierRetryCount`: retries already made, so an exhausted Retry answers FAILED. */
  readonly retrierRetryCount?: number;
}

/** Runs the state and reads what happened from its history and the engine's inspection steps. */
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
  const collector = request.inspectionLevel === 'INFO' ? undefined : new InspectionCollector(machine, name);
  const invoker = taskInvoker(name, request.mock);
  const now = new Date(engine.clock.now()).toISOString();
  let record: ExecutionRecord;
  try {
    record = await runExecution({
      definition: machine,
      input: request.input,
      taskInvoker: invoker,
      clock: engine.clock,
      holdClockWhileTasksRun: true,
      stateMachineName: 'TestState',
      resume: { history: [], startTime: now, executionInput: request.input, variables: request.variables },
      ...(collector ? { inspector: collector.inspector } : {}),
    });
  } catch (error) {
    throw new DevApiError('InvalidDefinition', `Invalid State Machine Definition: ${(error as Error).message}`);
  }
  const entered = record.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
  const nextState = entered.find((n) => n !== undefined && n !== name && successors.all.has(n));
  const inspect = (errorDetails?: InspectionErrorDetails) =>
    collector ? { inspectionData: collector.data(request.input, variablesAfter(request.variables, record.history, name), errorDetails) } : {};
  const retryFor = (error: string | undefined) => retryOf((retriers ?? []) as Retrier[], error ?? '', request.retrierRetryCount ?? 0);
  if (record.status !== 'SUCCEEDED') {
    const retry = retryFor(record.error);
    const failure = { ...(record.error !== undefined ? { error: record.error } : {}), ...(record.cause !== undefined ? { cause: record.cause } : {}) };
    return { status: retry ? 'RETRIABLE' : 'FAILED', ...failure, ...inspect(retry) };
  }
  const output = lastExit(record.history, name) ?? JSON.stringify(record.output ?? null);
  const failure = lastFailure(record.history);
  if (nextState !== undefined && successors.caught.has(nextState) && failure) {
    // Retry comes before Catch, as in an execution: a Catch takes the error only once no Retry would retry it.
    const retry = retryFor(failure.error);
    if (retry) return { status: 'RETRIABLE', ...failure, ...inspect(retry) };
    const catchers = (state.Catch ?? []) as { ErrorEquals?: readonly string[] }[];
    const catchIndex = catchers.findIndex((c) => errorMatches(c.ErrorEquals ?? [], failure.error ?? ''));
    return { status: 'CAUGHT_ERROR', output, nextState, ...failure, ...inspect(catchIndex >= 0 ? { catchIndex } : undefined) };
  }
  return { status: 'SUCCEEDED', output, ...(nextState !== undefined ? { nextState } : {}), ...inspect() };
}

/** The Retry that would retry `error` after `retried` retries, with its backoff (the engine's own rules). */
function retryOf(retriers: readonly Retrier[], error: string, retried: number): InspectionErrorDetails | undefined {
  const retryIndex = retriers.findIndex((r) => errorMatches(r.ErrorEquals ?? [], error));
  const retrier = retriers[retryIndex];
  if (retrier === undefined || retried >= (retrier.MaxAttempts ?? 3)) return undefined;
  return { retryIndex, retryBackoffIntervalSeconds: retryDelayMs(retrier, retried, Math.random) / 1000 };
}

/** The mock's result or error for the tested state; without a mock, a Task fails saying what to pass. */
function taskInvoker(name: string, mock: TestStateRequest['mock']): TaskInvoker {
  if (mock === undefined) {
    return async ({ stateName, resource }) => {
      throw new TaskFailure(StatesErrors.RUNTIME, `TestState on aethon dev calls no real service: state '${stateName}' calls ${resource}; pass mock.result or mock.errorOutput`);
    };
  }
  let result: unknown;
  if (!mock.errorOutput) {
    try {
      result = JSON.parse(mock.result ?? 'null') as unknown;
    } catch (error) {
      throw new DevApiError('ValidationException', `mock.result is not JSON: ${(error as Error).message}`);
    }
  }
  return createFunctionMockInvoker({
    [name]: () => {
      if (mock.errorOutput) throw new TaskFailure(mock.errorOutput.error ?? '', mock.errorOutput.cause ?? '');
      return result;
    },
  });
}

/** The variables after the state: the request's, with what the state assigned. */
function variablesAfter(given: Readonly<Record<string, unknown>>, history: readonly HistoryEvent[], name: string): Record<string, unknown> {
  const assigned = history.find((e) => e.type.endsWith('StateExited') && e.stateExitedEventDetails?.name === name)?.stateExitedEventDetails?.assignedVariables;
  const variables: Record<string, unknown> = { ...given };
  for (const [key, json] of Object.entries(assigned ?? {})) variables[key] = JSON.parse(json) as unknown;
  return variables;
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
