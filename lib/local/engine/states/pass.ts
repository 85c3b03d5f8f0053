import { contextObject } from '../context.ts';
import type { StateHandler } from '../types.ts';
import { nextOf } from './common.ts';

/**
 * Pass: JSONPath `Result` (else Parameters or the input) through ResultPath/OutputPath; JSONata
 * `Output` (default: the input).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
 */
export const passState: StateHandler = (input, ctx) => ctx.io.open(ctx, input, contextObject(ctx)).finishPass(nextOf(ctx));
