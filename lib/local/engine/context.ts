import type { PathScope } from '../jsonpath/scope.ts';
import type { JsonataScope } from '../jsonata/evaluate.ts';
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

const functionsByRuntime = new WeakMap<Runtime, Record<string, unknown>>();

/** The scope JSONata expressions read from (`$states` and variables). */
export function jsonataScope(
  ctx: StateContext,
  context: unknown,
  input: unknown,
  extra?: { result?: unknown; errorOutput?: unknown },
): JsonataScope {
  let functions = functionsByRuntime.get(ctx.runtime);
  if (functions === undefined) {
    const { clock, random } = ctx.runtime;
    functions = stepFunctionsJsonataFunctions({ now: () => clock.now(), random });
    functionsByRuntime.set(ctx.runtime, functions);
  }
  return { states: { input, context, ...extra }, variables: ctx.frame.variables, functions };
}
