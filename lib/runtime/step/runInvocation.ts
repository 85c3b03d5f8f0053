/**
 * One attempt of a step, start to finish: context and log keys, log level from the dynamic config,
 * input validation, idempotency, the handler, output checks, one log line and the metrics for the
 * outcome. Every error leaves through toStepError and the redactor, and is logged exactly once.
 */
import type { Context } from 'aws-lambda';
import { InvalidInputError, PermanentError } from '../errors.ts';
import { HttpClient } from '../http/HttpClient.ts';
import { serviceUrl } from '../http/serviceUrl.ts';
import { findCorrelationId } from '../logging/correlationId.ts';
import { compensateOwnWork } from './ownedCompensation.ts';
import { parsePayload } from './payload.ts';
import type { StepContext, StepExecution } from './StepContext.ts';
import type { InputSchema, StepHandler, StepOptions } from './step.ts';
import type { StepRuntime } from './StepRuntime.ts';
import { isRetryableName, toStepError } from './toStepError.ts';

/** Step Functions refuses a state result above 256 KiB; failing here names the step and the size. */
export const MAX_RESULT_BYTES = 256 * 1024;

export interface Invocation {
  readonly runtime: StepRuntime;
  readonly role: 'task' | 'compensation';
  readonly options: StepOptions<InputSchema | undefined>;
  readonly handler: StepHandler<unknown, unknown>;
  readonly event: unknown;
  readonly lambdaContext: Context | undefined;
}

export async function runInvocation(invocation: Invocation): Promise<unknown> {
  const { runtime, options, lambdaContext } = invocation;
  const { logger, metrics, redactor, clock, env } = runtime;
  const started = clock.now();
  const payload = parsePayload(invocation.event, env, clock, invocation.role);
  const execution: StepExecution = { ...payload.context, attempt: payload.context.retryCount + 1 };
  const coldStart = runtime.takeColdStart();
  const correlationId = findCorrelationId(payload.stepInput);
  logger.appendKeys({
    workflow: execution.workflow,
    execution_id: execution.executionId,
    execution_name: execution.executionName,
    state: execution.state,
    attempt: execution.attempt,
    cold_start: coldStart,
    ...(lambdaContext?.awsRequestId ? { function_request_id: lambdaContext.awsRequestId } : {}),
  });
  // Set per invocation: without it a warm container would keep the previous run's id.
  logger.setCorrelationId(correlationId ?? execution.executionId);
  metrics.started(coldStart, execution.retryCount);
  try {
    await refreshLogLevel(runtime);
    logger.info('step started', { role: invocation.role, ...(payload.fromWorkflow ? {} : { directInvocation: true }) });
    // Run as a task, an undo would replay its step's idempotent result and report success: fail loudly.
    if (env.role === 'compensation' && invocation.role === 'task') {
      throw new PermanentError(`this function undoes step '${env.step}', but its handler is wrapped in step(); wrap it in compensation() from aethon/runtime, which passes it { input, result, error }`);
    }
    const input = validateInput(options.input, payload.input);
    const idempotency = await runtime.idempotencyStore();
    const undoing = invocation.role === 'compensation';
    // Computed before any side effect: an input without its key fails here as InvalidInput. A
    // compensation's key is its step's, marked as an undo: a downstream service must not take
    // the undo for a repeat of the call it undoes.
    const key = !idempotency ? undefined : undoing ? (payload.fromWorkflow ? `${idempotency.keyHeader(payload.stepInput)}.undo` : undefined) : idempotency.keyHeader(input);
    const remainingMs = () => lambdaContext?.getRemainingTimeInMillis() ?? env.timeoutSeconds * 1000 - (clock.now() - started);
    const ctx = stepContext(runtime, invocation, execution, key, remainingMs);
    const work = async () =>
      // Plain JSON (what Lambda returns anyway), redacted before Powertools stores it, so the
      // idempotency record holds no secret either and a replay returns exactly this.
      checkResult(redactor.redactValue(toPlainJson(await invocation.handler(input, ctx))));
    let result: unknown;
    let outcomeFields: Record<string, unknown> = {};
    if (idempotency && undoing && payload.fromWorkflow) {
      const owned = await compensateOwnWork(
        idempotency,
        env.step,
        payload.stepInput,
        execution.executionId,
        work,
        // Wall time, not the injected clock: Powertools compares in-progress expiries with Date.now().
        Date.now() + Math.max(1, remainingMs()),
      );
      ({ result, logFields: outcomeFields } = owned);
    } else if (idempotency && !undoing) {
      const outcome = await idempotency.execute(input, remainingMs, execution.executionId, work);
      result = outcome.result;
      outcomeFields = { idempotentReplay: outcome.replayed, ...(outcome.replayed && outcome.owner && outcome.owner !== execution.executionId ? { replayedFrom: outcome.owner } : {}) };
    } else {
      result = await work();
    }
    const durationMs = clock.now() - started;
    metrics.succeeded(durationMs);
    logger.info('step succeeded', { durationMs, ...outcomeFields });
    return result;
  } catch (thrown) {
    const error = redactor.redactError(toStepError(thrown));
    const durationMs = clock.now() - started;
    metrics.failed(durationMs, error.name);
    const fields = { errorName: error.name, durationMs, error };
    if (isRetryableName(error.name)) logger.warn('step failed', fields);
    else logger.error('step failed', fields);
    throw error;
  } finally {
    metrics.flush();
    logger.resetKeys();
  }
}

/** The config's `logLevel` takes effect for this invocation; a config problem must not stop the step here. */
async function refreshLogLevel(runtime: StepRuntime): Promise<void> {
  try {
    runtime.applyLogLevel(await runtime.config.get());
  } catch {
    // Reported when (if) the handler reads the config, as the step's one error.
  }
}

function validateInput(schema: InputSchema | undefined, input: unknown): unknown {
  if (!schema) return input;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  // Paths and messages only: echoing received values could put personal data or secrets in logs.
  // zod/mini carries no message locale ("Invalid input"), so the issue code and format say what.
  const issues = (parsed.error?.issues ?? []).map(
    (issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(input)'}: ${issue.message}${issue.code ? ` [${issue.code}${issue.format ? `: ${issue.format}` : ''}]` : ''}`,
  );
  throw new InvalidInputError(`the step input is invalid: ${issues.join('; ')}`, { issues });
}

/**
 * The result as Lambda would serialize it: undefined properties dropped, Dates as ISO strings, NaN
 * as null. Done once, here, so the step's output, its log and its idempotency record agree.
 */
function toPlainJson(result: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    throw new PermanentError(`the step's result cannot be serialized as JSON: ${(error as Error).message}`, {}, { cause: error });
  }
  // undefined (a handler that returns nothing, or a function): what Lambda returns is null.
  return text === undefined ? null : JSON.parse(text);
}

function checkResult(result: unknown): unknown {
  const bytes = Buffer.byteLength(JSON.stringify(result) ?? 'null');
  if (bytes > MAX_RESULT_BYTES) {
    throw new PermanentError(`the step's result is ${bytes} bytes; Step Functions accepts at most ${MAX_RESULT_BYTES}. Store large data elsewhere (S3) and return a reference`);
  }
  return result;
}

function stepContext(runtime: StepRuntime, invocation: Invocation, execution: StepExecution, idempotencyKey: string | undefined, remainingTimeMs: () => number): StepContext {
  const { options } = invocation;
  const env = options.env ?? process.env;
  return {
    logger: runtime.logger,
    metrics: runtime.metrics.metrics,
    execution,
    http: new HttpClient({
      logger: runtime.logger,
      clock: runtime.clock,
      remainingTimeMs,
      // Before an error's body excerpt is cut, so a secret straddling the cut is caught whole.
      redact: (text) => runtime.redactor.redactString(text),
      ...(options.httpTimeoutMs !== undefined ? { timeoutMs: options.httpTimeoutMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(idempotencyKey !== undefined ? { stepIdempotencyKey: idempotencyKey } : {}),
    }),
    idempotencyKey,
    lambdaContext: invocation.lambdaContext,
    config: async <T extends object>(defaults?: Partial<T>) => ({ ...defaults, ...(await runtime.config.get()) }) as T,
    secret: (name) => runtime.secrets.get(name),
    serviceUrl: (variable) => serviceUrl(variable, env),
  };
}
