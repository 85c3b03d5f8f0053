import { contextObject } from './context.ts';
import { errorMatches, toFailure } from './failures.ts';
import { record } from './record.ts';
import type { StateContext, StateResult } from './types.ts';

/** A state's Retry entry, as the engine reads it. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: unknown;
  readonly Assign?: unknown;
}

/**
 * Delay before retry number `attempt` (0-based) of one retrier, in milliseconds:
 * IntervalSeconds x BackoffRate^attempt, capped by MaxDelaySeconds, then with FULL jitter a
 * uniform draw in [0, delay].
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  let seconds = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempt);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return seconds * 1000;
}

/**
 * Runs one attempt of a Task, Parallel or Map state and applies its `Retry` and `Catch`
 * policies. Each retrier counts its own attempts; once the matching retrier is exhausted the
 * error goes to the catchers. Errors after the execution or branch was aborted pass through.
 */
export async function withErrorHandling(
  ctx: StateContext,
  rawInput: unknown,
  attempt: (retryCount: number) => Promise<StateResult>,
): Promise<StateResult> {
  const retriers = (ctx.state.Retry as readonly Retrier[] | undefined) ?? [];
  const catchers = (ctx.state.Catch as readonly Catcher[] | undefined) ?? [];
  const counts = retriers.map(() => 0);
  let retryCount = 0;
  for (;;) {
    try {
      return await attempt(retryCount);
    } catch (thrown) {
      if (ctx.frame.signal.aborted || ctx.runtime.signal.aborted) throw thrown;
      const { error, cause } = toFailure(thrown);
      const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals, error));
      const retrier = retriers[index];
      if (retrier !== undefined && counts[index]! < (retrier.MaxAttempts ?? 3)) {
        const delay = retryDelayMs(retrier, counts[index]!, ctx.runtime.random);
        counts[index]!++;
        retryCount++;
        await ctx.runtime.clock.sleep(delay, ctx.frame.signal.signal);
        continue;
      }
      recordStateFailed(ctx);
      const catchIndex = catchers.findIndex((c) => errorMatches(c.ErrorEquals, error));
      if (catchIndex < 0) throw thrown;
      return await applyCatcher(ctx, catchers[catchIndex]!, catchIndex, rawInput, { Error: error, Cause: cause }, retryCount);
    }
  }
}

/**
 * `ParallelStateFailed` / `MapStateFailed` once the error leaves the state: AWS records none
 * before a retry (the next `*StateStarted` follows the failed child's last event), and one before
 * the Catch or the execution's failure (test/fixtures/awsHistories/mapRetry.json, mapCatch.json).
 * A state that recorded its own (a Distributed Map after MapRunFailed) is left as it is.
 */
function recordStateFailed(ctx: StateContext): void {
  const type = ctx.state.Type;
  if (type !== 'Map' && type !== 'Parallel') return;
  const { runtime, frame } = ctx;
  const failed = `${type}StateFailed`;
  if (runtime.history.limitReached || runtime.history.events[frame.lastEventId - 1]?.type === failed) return;
  // An error before the children started (ItemsPath, Parameters) fails the state without it.
  if (!startedSince(ctx, `${type}StateStarted`)) return;
  record(runtime, frame, failed);
}

function startedSince(ctx: StateContext, started: string): boolean {
  const { events } = ctx.runtime.history;
  for (let i = events.length - 1; i >= ctx.enteredEventId; i--) if (events[i]!.type === started) return true;
  return false;
}

async function applyCatcher(
  ctx: StateContext,
  catcher: Catcher,
  catchIndex: number,
  rawInput: unknown,
  errorOutput: { Error: string; Cause: string },
  retryCount: number,
): Promise<StateResult> {
  return ctx.io.open(ctx, rawInput, contextObject(ctx, { retryCount })).finishCaught(catcher, catchIndex, errorOutput, catcher.Next);
}
