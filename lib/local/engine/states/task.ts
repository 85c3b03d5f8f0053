import { randomUuid } from '../../jsonata/functions.ts';
import { contextObject, jsonataScope, pathScope } from '../context.ts';
import { evaluateJsonataField, finishJsonata, finishJsonPath, proceed } from '../io/finish.ts';
import { applyInputPath, applyParameters, readPathField } from '../io/jsonPath.ts';
import { describeResource } from '../resource.ts';
import { withErrorHandling } from '../retry.ts';
import type { StateContext, StateHandler } from '../types.ts';
import { nextOf, requireNumber, runtimeFailure } from './common.ts';
import { runTaskAttempt } from './taskAttempt.ts';

/**
 * Task: evaluates Parameters (JSONPath) or Arguments (JSONata), calls the task invoker, and
 * shapes the result; Retry and Catch apply to the whole attempt.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
export const taskState: StateHandler = (input, ctx) => {
  const next = nextOf(ctx);
  const resource = ctx.state.Resource;
  if (typeof resource !== 'string') throw runtimeFailure(ctx, 'a Task state needs a string Resource.');
  const info = describeResource(resource);
  return withErrorHandling(ctx, input, async (retryCount) => {
    const taskToken = info.waitsForTaskToken ? randomUuid(ctx.runtime.random) : undefined;
    const context = contextObject(ctx, taskToken === undefined ? { retryCount } : { retryCount, taskToken });
    if (ctx.queryLanguage === 'JSONata') {
      const scope = jsonataScope(ctx, context, input);
      const { Arguments, TimeoutSeconds, HeartbeatSeconds } = ctx.state;
      const parameters = Arguments === undefined ? input : await evaluateJsonataField(ctx, 'Arguments', Arguments, scope);
      const timeout = TimeoutSeconds === undefined ? undefined : await evaluateJsonataField(ctx, 'TimeoutSeconds', TimeoutSeconds, scope);
      const heartbeat =
        HeartbeatSeconds === undefined ? undefined : await evaluateJsonataField(ctx, 'HeartbeatSeconds', HeartbeatSeconds, scope);
      const result = await runTaskAttempt(ctx, {
        resource, info, parameters, retryCount, ...limits(ctx, timeout, heartbeat),
      });
      return proceed(await finishJsonata(ctx, input, context, result.value, { result: result.value }), next, result);
    }
    const scope = pathScope(ctx, context);
    const effective = applyInputPath(ctx, input, scope);
    const parameters = applyParameters(ctx, effective, scope);
    const timeout = ctx.state.TimeoutSecondsPath !== undefined
      ? readPathField(ctx, 'TimeoutSecondsPath', effective, scope) : ctx.state.TimeoutSeconds;
    const heartbeat = ctx.state.HeartbeatSecondsPath !== undefined
      ? readPathField(ctx, 'HeartbeatSecondsPath', effective, scope) : ctx.state.HeartbeatSeconds;
    const known = parameters === input && ctx.inputJson !== undefined ? { parametersJson: ctx.inputJson } : {};
    const result = await runTaskAttempt(ctx, { resource, info, parameters, retryCount, ...known, ...limits(ctx, timeout, heartbeat) });
    return finishJsonPath(ctx, input, result.value, context, next, result.json);
  });
};

function limits(ctx: StateContext, timeout: unknown, heartbeat: unknown): { timeoutSeconds?: number; heartbeatSeconds?: number } {
  const out: { timeoutSeconds?: number; heartbeatSeconds?: number } = {};
  if (timeout !== undefined) out.timeoutSeconds = requireNumber(ctx, 'TimeoutSeconds', timeout, { integer: true, min: 1 });
  if (heartbeat !== undefined) out.heartbeatSeconds = requireNumber(ctx, 'HeartbeatSeconds', heartbeat, { integer: true, min: 1 });
  return out;
}
