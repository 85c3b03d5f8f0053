/**
 * `aethon/runtime`: what runs inside a step's Lambda function. Handlers import `step` (or
 * `compensation`), the error classes, and the HttpClient types. Nothing here imports lib/spec,
 * lib/compile, lib/local or lib/infra, and nothing here loads an AWS SDK client or ajv at import:
 * those load on first use, so a cold start pays only for what the step uses.
 * Tools: lib/runtime/config/index.ts (local config store, validator), lib/runtime/idempotency/index.ts.
 */
export { step, compensation, type StepHandler, type StepOptions, type LambdaHandler } from './step/step.ts';
export type { StepContext, StepExecution } from './step/StepContext.ts';
export type { CompensationEvent } from './step/payload.ts';
export type { StepRuntimeOptions } from './step/StepRuntime.ts';
export * from './errors.ts';
export { HttpClient, BODY_EXCERPT_LENGTH, type HttpClientOptions, type HttpRequestOptions } from './http/HttpClient.ts';
export { serviceUrl } from './http/serviceUrl.ts';
export { parseRetryAfter } from './http/retryAfter.ts';
export { Redactor, REDACTED } from './redact/Redactor.ts';
export { type Clock, systemClock } from './clock.ts';
export { readRuntimeEnv, type RuntimeEnv } from './env.ts';
export { StepMetricNames } from './metrics/StepMetrics.ts';
export { LOCAL_SECRETS_FILE, secretEnvVariable } from './secrets/localSecretSource.ts';
export * from './config/localConfigStore.ts';
export type { TaskPayload, ExecutionContext } from '../contracts/taskPayload.ts';
export { AethonErrors, type AethonErrorName } from '../contracts/aethonErrors.ts';
