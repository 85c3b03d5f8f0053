import type { PathScope } from '../jsonpath/scope.ts';
import type { JsonataScope, JsonataStates } from '../jsonata/evaluate.ts';
import type { Clock } from './clock.ts';
import { stepFunctionsJsonataFunctions } from '../jsonata/functions.ts';
import type { Runtime, StateContext } from './types.ts';

/** Per-attempt facts that the context object shows besides the execution and state. */
export interface AttemptInfo {
  readonly retryCount: number;
  /** `$$.Task.Token` for `.waitForTaskToken` integrations. */
  readonly taskToken?: string;
}

/**
 * Builds the context object (`$$` in JSONPath, `$states.context` in JSONata).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
export function contextObject(ctx: StateContext, attempt: AttemptInfo = { retryCount: 0 }): Record<string, unknown> {
  const context: Record<string, unknown> = {
    Execution: ctx.runtime.execution,
    State: { EnteredTime: ctx.enteredTime, Name: ctx.name, RetryCount: attempt.retryCount },
    StateMachine: ctx.runtime.stateMachine,
  };
  if (attempt.taskToken !== undefined) context.Task = { Token: attempt.taskToken };
  return context;
}

/** The scope JSONPath paths, templates and intrinsics read from. */
export function pathScope(ctx: StateContext, context: unknown): PathScope {
  return { context, variables: ctx.frame.variables, random: ctx.runtime.random };
}

// The Step Functions JSONata functions depend only on the clock and the randomness: executions
// that share both share one set (building it per execution was a visible cost).
const functionsByClock = new WeakMap<Clock, WeakMap<() => number, Record<string, unknown>>>();

function jsonataFunctions(runtime: Runtime): Record<string, unknown> {
  const { clock, random } = runtime;
  let byRandom = functionsByClock.get(clock);
  if (byRandom === undefined) functionsByClock.set(clock, (byRandom = new WeakMap()));
  let functions = byRandom.get(random);
  if (functions === undefined) {
    functions = stepFunctionsJsonataFunctions({ now: () => clock.now(), random });
    byRandom.set(random, functions);
  }
  return functions;
}

/** The scope JSONata expressions read from (`$states` and variables). */
export function jsonataScope(
  ctx: StateContext,
  context: unknown,
  input: unknown,
  extra?: { result?: unknown; errorOutput?: unknown },
): JsonataScope {
  const { runtime } = ctx;
  return {
    states: statesBinding(input, context, extra),
    variables: ctx.frame.variables,
    functions: jsonataFunctions(runtime),
    guard: runtime.jsonataGuard,
    signal: ctx.frame.signal,
  };
}

/** `$states`: `result` and `errorOutput` only where the field can read them (absent, not undefined). */
function statesBinding(input: unknown, context: unknown, extra: { result?: unknown; errorOutput?: unknown } | undefined): JsonataStates {
  if (extra === undefined) return { input, context };
  const states: { input: unknown; context: unknown; result?: unknown; errorOutput?: unknown } = { input, context };
  if ('result' in extra) states.result = extra.result;
  if ('errorOutput' in extra) states.errorOutput = extra.errorOutput;
  return states;
}
