import { randomUuid } from '../../jsonata/functions.ts';
import { contextObject } from '../context.ts';
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
    const data = ctx.io.open(ctx, input, contextObject(ctx, taskToken === undefined ? { retryCount } : { retryCount, taskToken }));
    // Each await only where an expression needed jsonata's evaluator: an await per field is a visible cost.
    const args = data.arguments();
    const parameters = args instanceof Promise ? await args : args;
    const timeoutField = data.field('TimeoutSeconds');
    const timeout = timeoutField instanceof Promise ? await timeoutField : timeoutField;
    const heartbeatField = data.field('HeartbeatSeconds');
    const heartbeat = heartbeatField instanceof Promise ? await heartbeatField : heartbeatField;
    // Arguments that are the input unchanged have their JSON already.
    const known = parameters === input && ctx.inputJson !== undefined ? { parametersJson: ctx.inputJson } : {};
    const result = await runTaskAttempt(ctx, { resource, info, parameters, retryCount, ...known, ...limits(ctx, timeout, heartbeat) });
    return data.finishWithResult(result.value, next, result.json);
  });
};

function limits(ctx: StateContext, timeout: unknown, heartbeat: unknown): { timeoutSeconds?: number; heartbeatSeconds?: number } {
  const out: { timeoutSeconds?: number; heartbeatSeconds?: number } = {};
  if (timeout !== undefined) out.timeoutSeconds = requireNumber(ctx, 'TimeoutSeconds', timeout, { integer: true, min: 1 });
  if (heartbeat !== undefined) out.heartbeatSeconds = requireNumber(ctx, 'HeartbeatSeconds', heartbeat, { integer: true, min: 1 });
  return out;
}
