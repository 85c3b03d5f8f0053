import { contextObject, pathScope } from '../context.ts';
import { finishJsonata, finishJsonPath } from '../io/finish.ts';
import { applyInputPath, applyParameters } from '../io/jsonPath.ts';
import type { StateHandler } from '../types.ts';
import { nextOf } from './common.ts';

/**
 * Pass: JSONPath `Result` (else Parameters or the input) through ResultPath/OutputPath; JSONata
 * `Output` (default: the input).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
 */
export const passState: StateHandler = async (input, ctx) => {
  const context = contextObject(ctx);
  const next = nextOf(ctx);
  if (ctx.queryLanguage === 'JSONata') return { ...(await finishJsonata(ctx, input, context, input)), next };
  const scope = pathScope(ctx, context);
  const result = 'Result' in ctx.state ? ctx.state.Result : applyParameters(ctx, applyInputPath(ctx, input, scope), scope);
  return { ...finishJsonPath(ctx, input, result, context), next };
};
