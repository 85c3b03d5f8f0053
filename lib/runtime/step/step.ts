/**
 * The step wrapper: every Aethon handler is `export const handler = step(...)`. It validates the
 * input, logs and measures the attempt, makes it idempotent when the workflow says so, gives the
 * handler config, secrets and an HTTP client, and turns whatever goes wrong into an error whose
 * name Step Functions can match, logged once, with secrets scrubbed.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * const Input = z.object({ userId: z.string() });
 * export const handler = step({ input: Input }, async ({ userId }, ctx) => {
 *   const key = await ctx.secret('paymentsApiKey');
 *   return ctx.http.post(`${ctx.serviceUrl('PAYMENTS_API_URL')}/charges`, { customer: userId }, {
 *     headers: { authorization: `Bearer ${key}` },
 *     idempotencyKey: true,
 *   });
 * });
 * ```
 */
import type { Context } from 'aws-lambda';
import type { $ZodType, output } from 'zod/v4/core';
import type { Clock } from '../clock.ts';
import type { CompensationEvent } from './payload.ts';
import type { StepContext } from './StepContext.ts';
import { runInvocation } from './runInvocation.ts';
import { StepRuntime, type StepRuntimeOptions } from './StepRuntime.ts';

/**
 * A zod schema, classic (`zod`) or mini (`zod/mini`, a fraction of the bundle size). Only its
 * `safeParse` is called, so the runtime itself imports no zod code.
 */
export type InputSchema = $ZodType & {
  safeParse(data: unknown): { success: boolean; data?: unknown; error?: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; format?: string }[] } };
};

/** A handler body: the (validated) input and the step context in, the step's result out. */
export type StepHandler<I, O> = (input: I, ctx: StepContext) => Promise<O>;

/** The Lambda entry point a wrapper produces. */
export type LambdaHandler<O> = (event: unknown, context?: Context) => Promise<O>;

export interface StepOptions<S extends InputSchema | undefined = undefined> extends StepRuntimeOptions {
  /**
   * zod schema of the input; a mismatch fails as Aethon.InvalidInput (not retried) before any side
   * effect, and the handler receives the parsed value.
   * @default no validation
   */
  readonly input?: S;
  /** Timeout of each HTTP request made through `ctx.http`. @default 10000 */
  readonly httpTimeoutMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** Wraps a task handler (see the module example). */
export function step<S extends InputSchema, O>(options: StepOptions<S> & { readonly input: S }, handler: StepHandler<output<S>, O>): LambdaHandler<O>;
export function step<I, O>(options: StepOptions, handler: StepHandler<I, O>): LambdaHandler<O>;
export function step<I, O>(handler: StepHandler<I, O>): LambdaHandler<O>;
export function step(a: StepOptions<InputSchema | undefined> | StepHandler<unknown, unknown>, b?: StepHandler<unknown, unknown>): LambdaHandler<unknown> {
  return wrap('task', typeof a === 'function' ? {} : a, typeof a === 'function' ? a : b!);
}

/**
 * Wraps a compensation handler, which receives `{ input, result, error }`: the input and result of
 * the step it undoes and the error that made the workflow compensate.
 */
export function compensation<I, R, O>(options: StepOptions, handler: StepHandler<CompensationEvent<I, R>, O>): LambdaHandler<O>;
export function compensation<I, R, O>(handler: StepHandler<CompensationEvent<I, R>, O>): LambdaHandler<O>;
export function compensation(a: StepOptions | StepHandler<CompensationEvent, unknown>, b?: StepHandler<CompensationEvent, unknown>): LambdaHandler<unknown> {
  return wrap('compensation', typeof a === 'function' ? {} : a, (typeof a === 'function' ? a : b!) as StepHandler<unknown, unknown>);
}

function wrap(role: 'task' | 'compensation', options: StepOptions<InputSchema | undefined>, handler: StepHandler<unknown, unknown>): LambdaHandler<unknown> {
  let runtime: StepRuntime | undefined;
  return async (event, lambdaContext) => {
    runtime ??= new StepRuntime(options);
    return runInvocation({ runtime, role, options, handler, event, lambdaContext });
  };
}
