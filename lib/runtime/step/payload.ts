/**
 * Reads the task payload the compiler builds (lib/contracts/taskPayload.ts). An event without the
 * Aethon shape (a test invoke from the console, a bench) is taken as the bare input, with an
 * execution context made from the function environment.
 */
import type { ExecutionContext } from '../../contracts/taskPayload.ts';
import type { Clock } from '../clock.ts';
import type { RuntimeEnv } from '../env.ts';

/** What a compensation receives besides the context: what the undone step got and returned. */
export interface CompensationEvent<I = unknown, R = unknown> {
  readonly input: I;
  readonly result: R;
  /** The error that triggered the compensation, as Step Functions reports it. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

export interface ParsedPayload {
  /** The task's input, or for a compensation the whole CompensationEvent. */
  readonly input: unknown;
  /** Where correlation ids and the like are looked for: the step input in both roles. */
  readonly stepInput: unknown;
  readonly context: ExecutionContext;
  /** False when the event had no Aethon context (direct invocation). */
  readonly fromWorkflow: boolean;
}

export function parsePayload(event: unknown, env: RuntimeEnv, clock: Clock, role: 'task' | 'compensation' = env.role): ParsedPayload {
  const payload = event as { input?: unknown; result?: unknown; error?: unknown; context?: Partial<ExecutionContext> } | null;
  const context = payload && typeof payload === 'object' ? payload.context : undefined;
  if (!context || typeof context !== 'object' || typeof context.executionId !== 'string' || !('input' in payload!)) {
    return { input: event, stepInput: event, context: directContext(env, clock), fromWorkflow: false };
  }
  const full: ExecutionContext = {
    workflow: context.workflow ?? env.workflow,
    executionId: context.executionId,
    executionName: context.executionName ?? context.executionId.split(':').pop() ?? context.executionId,
    executionStartTime: context.executionStartTime ?? new Date(clock.now()).toISOString(),
    state: context.state ?? env.step,
    retryCount: Number.isInteger(context.retryCount) ? context.retryCount! : 0,
  };
  if (role === 'compensation') {
    const compensation: CompensationEvent = { input: payload!.input, result: payload!.result, ...(payload!.error ? { error: payload!.error as CompensationEvent['error'] } : {}) };
    return { input: compensation, stepInput: payload!.input, context: full, fromWorkflow: true };
  }
  return { input: payload!.input, stepInput: payload!.input, context: full, fromWorkflow: true };
}

function directContext(env: RuntimeEnv, clock: Clock): ExecutionContext {
  return {
    workflow: env.workflow,
    executionId: 'direct-invocation',
    executionName: 'direct-invocation',
    executionStartTime: new Date(clock.now()).toISOString(),
    state: env.step,
    retryCount: 0,
  };
}
