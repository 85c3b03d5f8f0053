import { contextObject } from '../context.ts';
import type { StateContext, StateHandler } from '../types.ts';
import { nextOf, requireNumber, runtimeFailure } from './common.ts';

/**
 * Wait: sleeps on the engine clock for `Seconds` or until `Timestamp` (JSONPath also
 * `SecondsPath` / `TimestampPath`; JSONata expressions). A timestamp in the past does not wait.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
export const waitState: StateHandler = async (input, ctx) => {
  const next = nextOf(ctx);
  const data = ctx.io.open(ctx, input, contextObject(ctx));
  const seconds = await data.field('Seconds');
  const timestamp = await data.field('Timestamp');
  await sleepFor(ctx, seconds, timestamp);
  return data.finishWithInput(next);
};

async function sleepFor(ctx: StateContext, seconds: unknown, timestamp: unknown): Promise<void> {
  const { clock } = ctx.runtime;
  let ms: number;
  if (seconds !== undefined) {
    ms = requireNumber(ctx, 'Seconds', seconds, { integer: true, min: 0 }) * 1000;
  } else if (timestamp !== undefined) {
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) throw runtimeFailure(ctx, `the Timestamp ${JSON.stringify(timestamp)} is not an ISO 8601 timestamp.`);
    ms = Math.max(0, at - clock.now());
  } else {
    throw runtimeFailure(ctx, 'a Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath.');
  }
  await clock.sleep(ms, ctx.frame.signal.signal);
}
