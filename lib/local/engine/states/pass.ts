import { contextObject, pathScope } from '../context.ts';
import { finishJsonata, finishJsonPath, proceed } from '../io/finish.ts';
import { applyInputPath, applyParameters } from '../io/jsonPath.ts';
import type { StateContext, StateHandler, StateResult } from '../types.ts';
import { nextOf } from './common.ts';

/**
 * Pass: JSONPath `Result` (else Parameters or the input) through ResultPath/OutputPath; JSONata
 * `Output` (default: the input).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
 */
export const passState: StateHandler = (input, ctx) => {
  const next = nextOf(ctx);
  if (ctx.queryLanguage === 'JSONata') return passJsonata(input, ctx, next);
  const context = contextObject(ctx);
  const scope = pathScope(ctx, context);
  const result = 'Result' in ctx.state ? ctx.state.Result : applyParameters(ctx, applyInputPath(ctx, input, scope), scope);
  return finishJsonPath(ctx, input, result, context, next);
};

async function passJsonata(input: unknown, ctx: StateContext, next: string | undefined): Promise<StateResult> {
  return proceed(await finishJsonata(ctx, input, contextObject(ctx), input), next);
}
