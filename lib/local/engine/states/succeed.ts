import { contextObject, pathScope } from '../context.ts';
import { finishJsonata } from '../io/finish.ts';
import { applyInputPath, applyOutputPath } from '../io/jsonPath.ts';
import { stateResult, type StateContext, type StateHandler, type StateResult } from '../types.ts';

/**
 * Succeed: ends its graph successfully; InputPath/OutputPath or JSONata `Output` shape the output.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
 */
export const succeedState: StateHandler = (input, ctx) => {
  if (ctx.queryLanguage === 'JSONata') return succeedJsonata(input, ctx);
  const scope = pathScope(ctx, contextObject(ctx));
  return stateResult(applyOutputPath(ctx, applyInputPath(ctx, input, scope), scope), undefined);
};

async function succeedJsonata(input: unknown, ctx: StateContext): Promise<StateResult> {
  const { output } = await finishJsonata(ctx, input, contextObject(ctx), input, undefined, { Output: ctx.state.Output });
  return stateResult(output, undefined);
}
