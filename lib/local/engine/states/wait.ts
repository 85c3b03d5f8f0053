import { contextObject, jsonataScope, pathScope } from '../context.ts';
import { evaluateJsonataField, finishJsonata, commitAssign, proceed } from '../io/finish.ts';
import { applyInputPath, applyOutputPath, evaluateAssign, readPathField } from '../io/jsonPath.ts';
import { stateResult, type StateContext, type StateHandler } from '../types.ts';
import { nextOf, requireNumber, runtimeFailure } from './common.ts';

/**
 * Wait: sleeps on the engine clock for `Seconds` or until `Timestamp` (JSONPath also
 * `SecondsPath` / `TimestampPath`; JSONata expressions). A timestamp in the past does not wait.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
export const waitState: StateHandler = async (input, ctx) => {
  const context = contextObject(ctx);
  const next = nextOf(ctx);
  if (ctx.queryLanguage === 'JSONata') {
    const scope = jsonataScope(ctx, context, input);
    const { Seconds, Timestamp } = ctx.state;
    const seconds = Seconds === undefined ? undefined : await evaluateJsonataField(ctx, 'Seconds', Seconds, scope);
    const timestamp = Timestamp === undefined ? undefined : await evaluateJsonataField(ctx, 'Timestamp', Timestamp, scope);
    await sleepFor(ctx, seconds, timestamp);
    return proceed(await finishJsonata(ctx, input, context, input), next);
  }
  const scope = pathScope(ctx, context);
  const effective = applyInputPath(ctx, input, scope);
  const seconds = ctx.state.SecondsPath !== undefined ? readPathField(ctx, 'SecondsPath', effective, scope) : ctx.state.Seconds;
  const timestamp =
    ctx.state.TimestampPath !== undefined ? readPathField(ctx, 'TimestampPath', effective, scope) : ctx.state.Timestamp;
  await sleepFor(ctx, seconds, timestamp);
  const assigned = ctx.state.Assign === undefined ? undefined : evaluateAssign(ctx, ctx.state.Assign, effective, scope);
  const output = applyOutputPath(ctx, effective, scope);
  commitAssign(ctx, assigned);
  return stateResult(output, next, assigned);
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
