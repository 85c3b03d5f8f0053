import { contextObject } from '../context.ts';
import { TaskFailure } from '../../errors.ts';
import type { StateContext, StateHandler } from '../types.ts';
import { runtimeFailure } from './common.ts';

/**
 * Fail: stops its graph with `Error` / `Cause` (JSONPath `ErrorPath` / `CausePath`, which may
 * be intrinsics; JSONata expressions). A Fail inside a Parallel branch or Map iteration fails
 * that branch, and its error propagates to the enclosing state.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */
export const failState: StateHandler = async (input, ctx) => {
  const data = ctx.io.open(ctx, input, contextObject(ctx));
  const error = await data.field('Error');
  const cause = await data.field('Cause');
  throw new TaskFailure(asText(ctx, 'Error', error), asText(ctx, 'Cause', cause));
};

function asText(ctx: StateContext, field: string, value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw runtimeFailure(ctx, `field ${field} must resolve to a string.`);
  return value;
}
