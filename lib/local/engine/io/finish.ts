import { evaluateTemplate, JsonataEvaluationError } from '../../jsonata/evaluate.ts';
import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { asRuntimeFailure } from '../failures.ts';
import { record } from '../record.ts';
import { jsonataScope, pathScope } from '../context.ts';
import { stateResult, type StateContext, type StateResult } from '../types.ts';
import { applyOutputPath, applyResultPath, applyResultSelector, evaluateAssign } from './jsonPath.ts';

/** Output of a state plus the variables it assigned. */
export interface Finished {
  readonly output: unknown;
  readonly assigned: Record<string, unknown> | undefined;
}

/** Evaluates a JSONata field (any value, `{% %}` strings anywhere inside). */
export async function evaluateJsonataField(
  ctx: StateContext,
  field: string,
  value: unknown,
  scope: ReturnType<typeof jsonataScope>,
): Promise<unknown> {
  try {
    return await evaluateTemplate(value, scope, field);
  } catch (thrown) {
    const error = asRuntimeFailure(thrown, ctx, field);
    if (error.name === StatesErrors.QUERY_EVALUATION_ERROR) {
      // AWS records the failing expression's location before the state fails or is caught.
      record(ctx.runtime, ctx.frame, 'EvaluationFailed', 'evaluationFailedEventDetails', {
        error: error.name,
        cause: error.message,
        location: thrown instanceof JsonataEvaluationError ? thrown.location : field,
        state: ctx.name,
      });
    }
    throw error;
  }
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

/**
 * JSONPath tail of a state that produced `result`: ResultSelector -> Assign ($ = selected
 * result) -> ResultPath (into the raw input) -> OutputPath. `resultJson` is `result` as JSON when
 * known: an output that is the result unchanged reuses it.
 */
export function finishJsonPath(
  ctx: StateContext,
  rawInput: unknown,
  result: unknown,
  context: unknown,
  next: string | undefined,
  resultJson?: string,
): StateResult {
  const scope = pathScope(ctx, context);
  const selected = applyResultSelector(ctx, result, scope);
  const assigned = ctx.state.Assign === undefined ? undefined : evaluateAssign(ctx, ctx.state.Assign, selected, scope);
  const output = applyOutputPath(ctx, applyResultPath(ctx, rawInput, selected), scope);
  commitAssign(ctx, assigned);
  return stateResult(output, next, assigned, output === result ? resultJson : undefined);
}

/** A finished JSONata tail with its next state; `outputJson` when the output is `known` unchanged. */
export function proceed(done: Finished, next: string | undefined, known?: { value: unknown; json: string }): StateResult {
  return stateResult(done.output, next, done.assigned, known !== undefined && done.output === known.value ? known.json : undefined);
}

/**
 * JSONata tail: `Output` (default `defaultOutput`) and `Assign`, both evaluated against the
 * variables from before this state's assignment.
 */
export async function finishJsonata(
  ctx: StateContext,
  input: unknown,
  context: unknown,
  defaultOutput: unknown,
  extra?: { result?: unknown; errorOutput?: unknown },
  fields?: { Output?: unknown; Assign?: unknown },
  fieldPrefix = '',
): Promise<Finished> {
  const { Output, Assign } = fields ?? ctx.state;
  const scope = jsonataScope(ctx, context, input, extra);
  const assigned =
    Assign === undefined ? undefined : ((await evaluateJsonataField(ctx, `${fieldPrefix}Assign`, Assign, scope)) as Record<string, unknown>);
  const output = Output === undefined ? defaultOutput : await evaluateJsonataField(ctx, `${fieldPrefix}Output`, Output, scope);
  commitAssign(ctx, assigned);
  return { output, assigned };
}
