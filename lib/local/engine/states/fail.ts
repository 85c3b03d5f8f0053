import { contextObject, jsonataScope, pathScope } from '../context.ts';
import { EngineFailure } from '../failures.ts';
import { evaluateJsonataField } from '../io/finish.ts';
import { readPathField } from '../io/jsonPath.ts';
import type { StateContext, StateHandler } from '../types.ts';
import { runtimeFailure } from './common.ts';

/**
 * Fail: stops its graph with `Error` / `Cause` (JSONPath `ErrorPath` / `CausePath`, which may
 * be intrinsics; JSONata expressions). A Fail inside a Parallel branch or Map iteration fails
 * that branch, and its error propagates to the enclosing state.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */
export const failState: StateHandler = async (input, ctx) => {
  const context = contextObject(ctx);
  let error: unknown = ctx.state.Error;
  let cause: unknown = ctx.state.Cause;
  if (ctx.queryLanguage === 'JSONata') {
    const scope = jsonataScope(ctx, context, input);
    if (error !== undefined) error = await evaluateJsonataField(ctx, 'Error', error, scope);
    if (cause !== undefined) cause = await evaluateJsonataField(ctx, 'Cause', cause, scope);
  } else {
    const scope = pathScope(ctx, context);
    if (ctx.state.ErrorPath !== undefined) error = readPathField(ctx, 'ErrorPath', input, scope);
    if (ctx.state.CausePath !== undefined) cause = readPathField(ctx, 'CausePath', input, scope);
  }
  throw new EngineFailure(asText(ctx, 'Error', error), asText(ctx, 'Cause', cause));
};

function asText(ctx: StateContext, field: string, value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw runtimeFailure(ctx, `field ${field} must resolve to a string.`);
  return value;
}
