import { contextObject } from '../context.ts';
import { after } from '../io/StateIo.ts';
import { stateResult, type StateHandler } from '../types.ts';

/**
 * Succeed: ends its graph successfully; InputPath/OutputPath or JSONata `Output` shape the output
 * (a Succeed state has no Assign).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
 */
export const succeedState: StateHandler = (input, ctx) =>
  after(ctx.io.open(ctx, input, contextObject(ctx)).finishWithInput(undefined, { Output: ctx.state.Output }), ({ output }) =>
    stateResult(output, undefined),
  );
