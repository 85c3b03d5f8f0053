import { contextObject } from '../context.ts';
import { record, recordBeside } from '../record.ts';
import { withErrorHandling } from '../retry.ts';
import type { StateHandler, StatesGraph } from '../types.ts';
import { runChildren } from './children.ts';
import { nextOf, runtimeFailure } from './common.ts';

/**
 * Parallel: runs every branch on the same input, concurrently; the result is the array of
 * branch outputs in branch order. When a branch fails, the others stop and the state fails with
 * that branch's error (which Retry / Catch of the Parallel state see).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
 */
export const parallelState: StateHandler = async (input, ctx) => {
  const next = nextOf(ctx);
  const branches = ctx.state.Branches;
  if (!Array.isArray(branches) || branches.length === 0) throw runtimeFailure(ctx, 'a Parallel state needs a non-empty Branches array.');
  return withErrorHandling(ctx, input, async (retryCount) => {
    const data = ctx.io.open(ctx, input, contextObject(ctx, { retryCount }));
    const branchInput = await data.arguments();
    record(ctx.runtime, ctx.frame, 'ParallelStateStarted');
    // A failure's ParallelStateFailed is recorded by withErrorHandling, unless the state retries.
    const runs = (branches as StatesGraph[]).map((graph) => ({ graph, input: branchInput }));
    const outcomes = await runChildren(ctx, runs, { maxConcurrency: 0 });
    recordBeside(ctx.runtime, ctx.frame, 'ParallelStateSucceeded');
    const result = outcomes.map((o) => (o.ok ? o.output : undefined));
    return data.finishWithResult(result, next);
  });
};
