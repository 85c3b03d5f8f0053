import { evaluateTemplate, evaluateTemplateSync, JsonataEvaluationError, type JsonataScope } from '../../jsonata/evaluate.ts';
import { FALL_BACK } from '../../jsonata/fastPath.ts';
import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { asRuntimeFailure } from '../failures.ts';
import { record } from '../record.ts';
import type { StateContext } from '../types.ts';
import type { MaybePromise } from './StateIo.ts';

/**
 * Evaluates a JSONata field (any value, `{% %}` strings anywhere inside): synchronously when
 * every expression in it has a fast form, else through jsonata.
 */
export function evaluateJsonataField(ctx: StateContext, field: string, value: unknown, scope: JsonataScope): MaybePromise<unknown> {
  let now: unknown;
  try {
    now = evaluateTemplateSync(value, scope, field);
  } catch (thrown) {
    throw evaluationFailed(ctx, field, thrown);
  }
  if (now !== FALL_BACK) return now;
  return evaluateTemplate(value, scope, field).catch((thrown: unknown) => {
    throw evaluationFailed(ctx, field, thrown);
  });
}

/** The state's failure for an evaluation error; AWS records where it happened before the state fails or is caught. */
function evaluationFailed(ctx: StateContext, field: string, thrown: unknown): Error {
  const error = asRuntimeFailure(thrown, ctx, field);
  if (error.name === StatesErrors.QUERY_EVALUATION_ERROR) {
    record(ctx.runtime, ctx.frame, 'EvaluationFailed', 'evaluationFailedEventDetails', {
      error: error.name,
      cause: error.message,
      location: thrown instanceof JsonataEvaluationError ? thrown.location : field,
      state: ctx.name,
    });
  }
  return error;
}

/**
 * Applies new variable values after a state; they replace the frame's variable object (never
 * mutate it) so every expression of the state saw the values from before its own assignment.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
export function commitAssign(ctx: StateContext, assigned: Record<string, unknown> | undefined): void {
  if (assigned === undefined) return;
  ctx.frame.variables = { ...ctx.frame.variables, ...assigned };
}
