import { contextObject, pathScope } from '../context.ts';
import { finishJsonata } from '../io/finish.ts';
import { applyInputPath, applyOutputPath } from '../io/jsonPath.ts';
import type { StateHandler } from '../types.ts';

/**
 * Succeed: ends its graph successfully; InputPath/OutputPath or JSONata `Output` shape the output.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
 */
export const succeedState: StateHandler = async (input, ctx) => {
  const context = contextObject(ctx);
  if (ctx.queryLanguage === 'JSONata') {
    const { output } = await finishJsonata(ctx, input, context, input, undefined, { Output: ctx.state.Output });
    return { output, next: undefined };
  }
  const scope = pathScope(ctx, context);
  return { output: applyOutputPath(ctx, applyInputPath(ctx, input, scope), scope), next: undefined };
};
