import type { PathScope } from '../../jsonpath/scope.ts';
import { applyPayloadTemplate, readPath, writeResultPath } from '../../jsonpath/index.ts';
import { evaluateIntrinsic, isIntrinsic } from '../../intrinsics/index.ts';
import { asRuntimeFailure } from '../failures.ts';
import type { StateContext } from '../types.ts';

/**
 * JSONPath input and output processing, in the order AWS applies it:
 * InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath -> OutputPath.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 */

/** `InputPath`: absent keeps the input, `null` gives `{}`. */
export function applyInputPath(ctx: StateContext, input: unknown, scope: PathScope): unknown {
  const path = ctx.state.InputPath;
  if (path === undefined) return input;
  if (path === null) return {};
  return guard(ctx, 'InputPath', () => readPath(path as string, input, scope, 'InputPath'));
}

/** A payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`). */
export function applyTemplate(ctx: StateContext, field: string, template: unknown, data: unknown, scope: PathScope): unknown {
  return guard(ctx, field, () => applyPayloadTemplate(template, data, scope));
}

/** `Parameters` if present, else the (already filtered) input. */
export function applyParameters(ctx: StateContext, input: unknown, scope: PathScope): unknown {
  const template = ctx.state.Parameters;
  return template === undefined ? input : applyTemplate(ctx, 'Parameters', template, input, scope);
}

/** `ResultSelector` if present, else the raw result. */
export function applyResultSelector(ctx: StateContext, result: unknown, scope: PathScope): unknown {
  const template = ctx.state.ResultSelector;
  return template === undefined ? result : applyTemplate(ctx, 'ResultSelector', template, result, scope);
}

/** `ResultPath` into the raw state input (absent = `$`, `null` = keep input). */
export function applyResultPath(ctx: StateContext, rawInput: unknown, result: unknown, resultPath?: unknown): unknown {
  const path = resultPath === undefined ? ctx.state.ResultPath : resultPath;
  if (path === undefined || path === '$') return result;
  if (path === null) return rawInput;
  return guard(ctx, 'ResultPath', () => writeResultPath(rawInput, path as string, result));
}

/** `OutputPath`: absent keeps the value, `null` gives `{}`. */
export function applyOutputPath(ctx: StateContext, value: unknown, scope: PathScope): unknown {
  const path = ctx.state.OutputPath;
  if (path === undefined) return value;
  if (path === null) return {};
  return guard(ctx, 'OutputPath', () => readPath(path as string, value, scope, 'OutputPath'));
}

/** Reads a `...Path` field that may also hold an intrinsic function (`ErrorPath`, `CausePath`). */
export function readPathField(ctx: StateContext, field: string, data: unknown, scope: PathScope): unknown {
  const path = ctx.state[field] as string;
  return guard(ctx, field, () => (isIntrinsic(path) ? evaluateIntrinsic(path, data, scope) : readPath(path, data, scope, field)));
}

/** Evaluates a JSONPath `Assign` object into variable values (names without `.$`). */
export function evaluateAssign(ctx: StateContext, assign: unknown, data: unknown, scope: PathScope): Record<string, unknown> {
  return applyTemplate(ctx, 'Assign', assign, data, scope) as Record<string, unknown>;
}

function guard<T>(ctx: StateContext, field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asRuntimeFailure(error, ctx, field);
  }
}
