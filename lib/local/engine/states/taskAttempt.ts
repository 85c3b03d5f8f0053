import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { TaskFailure } from '../../errors.ts';
import { toFailure } from '../failures.ts';
import { record } from '../record.ts';
import { serializePayload } from '../io/payload.ts';
import type { TaskInvocation } from '../../taskInvoker.ts';
import type { ResourceInfo } from '../resource.ts';
import type { Clock } from '../clock.ts';
import type { StateContext } from '../types.ts';
import { NOT_TRUNCATED, type DetailsKey } from '../history.ts';
import { CountedTime, type QueueableInvocation } from './countedTime.ts';
import { recordsSubmission, shapeIntegrationResult, submissionOf } from './integrationResult.ts';

/** One call of the task invoker, with the limits that apply to it. */
export interface TaskCall {
  readonly resource: string;
  readonly info: ResourceInfo;
  readonly parameters: unknown;
  readonly retryCount: number;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  /** `parameters` as JSON when it is already known. */
  readonly parametersJson?: string;
}

const noop = (): void => {};
/** Without limits to stop, being queued changes nothing. */
const neverQueued = (): (() => void) => noop;

type Outcome = 'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut';

/** `taskScheduledEventDetails`, `lambdaFunctionFailedEventDetails`, ... per event family. */
const DETAILS_KEYS: Readonly<Record<ResourceInfo['family'], Readonly<Record<Outcome, DetailsKey>>>> = {
  Task: detailsKeys('task'),
  LambdaFunction: detailsKeys('lambdaFunction'),
  Activity: detailsKeys('activity'),
};

function detailsKeys(prefix: string): Record<Outcome, DetailsKey> {
  const outcomes: Outcome[] = ['Scheduled', 'Started', 'Succeeded', 'Failed', 'TimedOut'];
  return Object.fromEntries(outcomes.map((o) => [o, `${prefix}${o}EventDetails`])) as Record<Outcome, DetailsKey>;
}

/**
 * Schedules, runs and records one task attempt: `<Family>Scheduled`, `<Family>Started`, then
 * `Succeeded`, `Failed` or `TimedOut`. TimeoutSeconds and HeartbeatSeconds run on the engine
 * clock; when one fires the invoker's signal aborts and the attempt fails with States.Timeout or
 * States.HeartbeatTimeout. A task keeps its heartbeat alive by calling `invocation.heartbeat()`,
 * as a worker calls SendTaskHeartbeat on AWS.
 * @returns the result as state data (a JSON copy) and its JSON text
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
export async function runTaskAttempt(ctx: StateContext, call: TaskCall): Promise<{ value: unknown; json: string }> {
  const { runtime, frame } = ctx;
  const { info } = call;
  const family = info.family;
  const isTask = family === 'Task';
  const { resourceType, resource } = info;
  const key = DETAILS_KEYS[family];
  // A task that sends its input unchanged (no InputPath, Parameters or Arguments) reuses its JSON.
  const parametersJson = call.parametersJson ?? serializePayload(call.parameters, 'task parameters', ctx.name);
  // Details are written out field by field: object spread costs more here than the rest of the attempt.
  const scheduled: Record<string, unknown> = isTask
    ? { resourceType, resource, region: info.region, parameters: parametersJson }
    : { resource, input: parametersJson, inputDetails: NOT_TRUNCATED };
  if (call.timeoutSeconds !== undefined) scheduled.timeoutInSeconds = call.timeoutSeconds;
  if (call.heartbeatSeconds !== undefined && family !== 'LambdaFunction') scheduled.heartbeatInSeconds = call.heartbeatSeconds;
  record(runtime, frame, `${family}Scheduled`, key.Scheduled, scheduled);
  if (isTask) record(runtime, frame, 'TaskStarted', key.Started, { resourceType, resource });
  else if (family === 'Activity') record(runtime, frame, 'ActivityStarted', key.Started, { workerName: 'aethon-local' });
  else record(runtime, frame, 'LambdaFunctionStarted');

  const submission = recordsSubmission(info) ? new Submission(ctx, info) : undefined;
  let result: unknown;
  try {
    result = await invokeWithLimits(ctx, call, parametersJson, submission);
  } catch (thrown) {
    if (frame.signal.aborted) throw thrown;
    const { error, cause } = toFailure(thrown);
    const timedOut = error === StatesErrors.TIMEOUT || error === StatesErrors.HEARTBEAT_TIMEOUT;
    const suffix: Outcome = timedOut ? 'TimedOut' : 'Failed';
    // A limit runs out while the service works on an accepted request. A failure without a
    // reported submission may be the submitting call's own (and Step Functions Local records no
    // TaskSubmitted for a mocked Throw), so it gets none.
    if (timedOut) submission?.report(undefined);
    record(runtime, frame, `${family}${suffix}`, key[suffix], isTask ? { resourceType, resource, error, cause } : { error, cause });
    throw thrown;
  }
  // A handler that returns nothing yields JSON null, as a Lambda function does.
  if (result === undefined) result = null;
  if (submission !== undefined) {
    result = shapeIntegrationResult(info, result);
    submission.report(submissionOf(info, result));
  }
  const output = serializePayload(result, 'task result', ctx.name);
  const succeeded = isTask ? { resourceType, resource, output, outputDetails: NOT_TRUNCATED } : { output, outputDetails: NOT_TRUNCATED };
  record(runtime, frame, `${family}Succeeded`, key.Succeeded, succeeded);
  // State data is JSON: re-read the result so Dates, undefined fields and objects the handler
  // keeps mutating cannot leak into the execution.
  return { value: JSON.parse(output) as unknown, json: output };
}

/** Records `TaskSubmitted` once per attempt: when the invoker reports it, else before the outcome. */
class Submission {
  #done = false;
  readonly report: (response: unknown) => void;

  constructor(ctx: StateContext, info: ResourceInfo) {
    const { runtime, frame } = ctx;
    const { resourceType, resource } = info;
    this.report = (response: unknown): void => {
      if (this.#done || frame.signal.aborted) return;
      this.#done = true;
      const details: Record<string, unknown> = { resourceType, resource };
      if (response !== undefined) {
        details.output = serializePayload(response, 'task submission', ctx.name);
        details.outputDetails = NOT_TRUNCATED;
      }
      record(runtime, frame, 'TaskSubmitted', 'taskSubmittedEventDetails', details);
    };
  }
}

/**
 * What the invoker receives. `signal` is a getter so that only an invoker that reads it pays for
 * building a real AbortSignal (a plain own getter would send the object to dictionary mode).
 */
class Invocation implements TaskInvocation, QueueableInvocation {
  readonly resource: string;
  readonly parameters: unknown;
  readonly retryCount: number;
  readonly timeoutSeconds?: number;
  readonly heartbeat: () => void;
  readonly queued: () => () => void;
  readonly submitted: (response: unknown) => void;
  readonly #scope: { readonly signal: AbortSignal };

  constructor(
    readonly stateName: string,
    call: TaskCall,
    parametersJson: string,
    scope: { readonly signal: AbortSignal },
    heartbeat: () => void = noop,
    queued: () => () => void = neverQueued,
    submitted: (response: unknown) => void = noop,
  ) {
    this.heartbeat = heartbeat;
    this.submitted = submitted;
    this.queued = queued;
    this.#scope = scope;
    this.resource = call.resource;
    // The task gets its own copy, as a Lambda function gets the JSON of its input: state data is
    // shared (outputs reuse the JSON of unchanged inputs), so a task must never edit it in place.
    this.parameters = JSON.parse(parametersJson) as unknown;
    this.retryCount = call.retryCount;
    if (call.timeoutSeconds !== undefined) this.timeoutSeconds = call.timeoutSeconds;
  }

  get signal(): AbortSignal {
    return this.#scope.signal;
  }
}

function invokeWithLimits(ctx: StateContext, call: TaskCall, parametersJson: string, submission: Submission | undefined): Promise<unknown> {
  const { timeoutSeconds, heartbeatSeconds } = call;
  // A heartbeat limit at or past the timeout can never fire first.
  const heartbeat = heartbeatSeconds !== undefined && (timeoutSeconds === undefined || heartbeatSeconds < timeoutSeconds) ? heartbeatSeconds : undefined;
  if (timeoutSeconds === undefined && heartbeat === undefined) {
    return ctx.runtime.invoker(new Invocation(ctx.name, call, parametersJson, ctx.frame.signal, noop, neverQueued, submission?.report));
  }
  return raceLimits(ctx, call, parametersJson, timeoutSeconds, heartbeat, submission);
}

async function raceLimits(
  ctx: StateContext,
  call: TaskCall,
  parametersJson: string,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
  submission: Submission | undefined,
): Promise<unknown> {
  const { runtime, frame } = ctx;
  const { clock } = runtime;

  // Own controller: ends the invoker's work and the limit timers once any side settles.
  const controller = new AbortController();
  const stopFollowingFrame = frame.signal.onAbort(() => controller.abort(frame.signal.reason));
  const startedAt = clock.now();
  let lastBeat = startedAt;
  const beat = (): void => {
    if (!controller.signal.aborted) lastBeat = clock.now();
  };
  // Time the invoker spends waiting for capacity does not count (see QueueableInvocation).
  const counted = new CountedTime(clock, beat);
  try {
    const invocation = new Invocation(ctx.name, call, parametersJson, controller, beat, () => counted.pause(), submission?.report);
    const work = runtime.invoker(invocation);
    work.catch(noop);
    const racers: Promise<unknown>[] = [work];
    if (timeoutSeconds !== undefined) {
      const cause = `The task timed out after ${timeoutSeconds} seconds.`;
      const timeout = counted.reach((pausedMs) => startedAt + pausedMs + timeoutSeconds * 1000, controller.signal);
      racers.push(failAfter(timeout, StatesErrors.TIMEOUT, cause));
    }
    if (heartbeatSeconds !== undefined) {
      const cause = `No heartbeat within ${heartbeatSeconds} seconds.`;
      // A queued call's heartbeat window starts when it runs (CountedTime beats on resume).
      const silence = counted.reach(() => lastBeat + heartbeatSeconds * 1000, controller.signal);
      racers.push(failAfter(silence, StatesErrors.HEARTBEAT_TIMEOUT, cause));
    }
    return await Promise.race(racers);
  } finally {
    stopFollowingFrame();
    controller.abort();
  }
}

function failAfter(timer: Promise<void>, error: string, cause: string): Promise<never> {
  const failing = timer.then(() => {
    throw new TaskFailure(error, cause);
  });
  failing.catch(noop);
  return failing;
}
