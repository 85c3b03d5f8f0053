/**
 * Task steps become lambda:invoke states whose payload carries the input and the execution context.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
import { parseDuration, type TaskStepSpec } from '../../spec/index.ts';
import { compact, LAMBDA_INVOKE, transition, type AslState } from '../asl.ts';
import { renderTaskRetry } from '../retry.ts';
import { bindTaskResult, renderCatchers } from '../templates.ts';
import type { CompileContext } from './context.ts';

/** The context every handler receives next to its input (see lib/contracts/taskPayload.ts). */
export function executionContextTemplate(workflow: string): Record<string, string> {
  return {
    workflow,
    executionId: '{% $states.context.Execution.Id %}',
    executionName: '{% $states.context.Execution.Name %}',
    executionStartTime: '{% $states.context.Execution.StartTime %}',
    state: '{% $states.context.State.Name %}',
    retryCount: '{% $states.context.State.RetryCount %}',
  };
}

export function renderTask(name: string, step: TaskStepSpec, ctx: CompileContext): AslState {
  const fn = ctx.functions.addTask(name, step);
  return compact({
    Type: 'Task',
    Comment: step.description,
    Resource: LAMBDA_INVOKE,
    Arguments: {
      FunctionName: fn.placeholder,
      Payload: { input: step.input ?? '{% $states.input %}', context: executionContextTemplate(ctx.spec.name) },
    },
    Output: step.output === undefined ? '{% $states.result.Payload %}' : bindTaskResult(step.output),
    Assign: step.assign === undefined ? undefined : (bindTaskResult(step.assign) as Record<string, unknown>),
    TimeoutSeconds: fn.timeoutSeconds,
    HeartbeatSeconds: step.heartbeat ? parseDuration(step.heartbeat) : undefined,
    Retry: renderTaskRetry(step.retry, ctx.spec.defaults?.retry, step.idempotency ? fn.timeoutSeconds : undefined),
    Catch: step.catch ? renderCatchers(step.catch) : undefined,
    ...transition(step),
  });
}
