import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { contextObject } from '../context.ts';
import { TaskFailure } from '../../errors.ts';
import { record, recordBeside } from '../record.ts';
import { withErrorHandling } from '../retry.ts';
import type { StateContext, StateHandler, StatesGraph } from '../types.ts';
import { type ChildRun, runChildren } from './children.ts';
import { nextOf, runtimeFailure } from './common.ts';
import { runMapRun } from './distributedMap.ts';
import { type MapPlan, planMap } from './mapSetup.ts';

/**
 * Map: runs its ItemProcessor (or legacy Iterator) once per item, at most MaxConcurrency at a
 * time (0 = no limit); the result is the outputs in item order. Without tolerated-failure
 * fields the first failed iteration fails the state with its error; with them, failures beyond
 * the threshold fail it with States.ExceedToleratedFailureThreshold and tolerated failures
 * leave their error output `{ Error, Cause }` in the result array. A Distributed Map runs as a
 * Map Run of child executions instead (distributedMap.ts).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 */
export const mapState: StateHandler = async (input, ctx) => {
  const next = nextOf(ctx);
  const graph = (ctx.state.ItemProcessor ?? ctx.state.Iterator) as StatesGraph | undefined;
  if (graph === undefined || typeof graph !== 'object') throw runtimeFailure(ctx, 'a Map state needs an ItemProcessor or Iterator.');
  return withErrorHandling(ctx, input, async (retryCount) => {
    const data = ctx.io.open(ctx, input, contextObject(ctx, { retryCount }));
    const plan = await planMap(ctx, data);
    if (isDistributed(graph)) return data.finishWithResult(await runMapRun(ctx, graph, plan), next);
    const total = plan.items.length;
    const runs: ChildRun[] = [];
    for (let index = 0; index < total; index++) {
      const details = { name: ctx.name, index };
      runs.push({
        graph,
        input: await plan.itemInput(index),
        started: { type: 'MapIterationStarted', details },
        ended: { succeeded: 'MapIterationSucceeded', failed: 'MapIterationFailed', aborted: 'MapIterationAborted', details },
      });
    }
    if (ctx.runtime.inspector !== undefined) inspectPlan(ctx, plan, runs);
    record(ctx.runtime, ctx.frame, 'MapStateStarted', 'mapStateStartedEventDetails', { length: total });
    const { toleratedCount, toleratedPercentage } = plan;
    const tolerant = toleratedCount !== undefined || toleratedPercentage !== undefined;
    const tolerates = (failures: number, all: number): boolean =>
      (toleratedCount === undefined || failures <= toleratedCount) &&
      (toleratedPercentage === undefined || (failures / all) * 100 <= toleratedPercentage);
    let outcomes;
    try {
      outcomes = await runChildren(ctx, runs, {
        maxConcurrency: plan.maxConcurrency,
        ...(tolerant ? { tolerates } : {}),
      });
    } catch (error) {
      // MapStateFailed is recorded by withErrorHandling once no retry follows (as AWS records it).
      if (ctx.frame.signal.aborted) throw error;
      if (!tolerant || ctx.runtime.history.limitReached) throw error;
      throw new TaskFailure(
        StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD,
        `The Map state '${ctx.name}' failed because the number of failed items exceeded the tolerated failure threshold.`,
      );
    }
    recordBeside(ctx.runtime, ctx.frame, 'MapStateSucceeded');
    const result = outcomes.map((o) => {
      if (o.ok) return o.output;
      const error = o.error instanceof Error ? o.error : new Error(String(o.error));
      return { Error: error.name, Cause: error.message };
    });
    return data.finishWithResult(result, next);
  });
};

function isDistributed(graph: StatesGraph): boolean {
  const config = (graph as { ProcessorConfig?: { Mode?: unknown } }).ProcessorConfig;
  return config?.Mode === 'DISTRIBUTED';
}

/** TestState's view of an inline Map: each iteration's input (after ItemSelector or ItemBatcher) and its limits. */
function inspectPlan(ctx: StateContext, plan: MapPlan, runs: readonly ChildRun[]): void {
  const inspector = ctx.runtime.inspector!;
  const inputs = runs.map((run) => run.input);
  if (ctx.state.ItemBatcher !== undefined) inspector(ctx, 'afterItemBatcher', inputs);
  else if ((ctx.state.ItemSelector ?? ctx.state.Parameters) !== undefined) inspector(ctx, 'afterItemSelector', inputs);
  inspector(ctx, 'maxConcurrency', plan.maxConcurrency);
  if (plan.toleratedCount !== undefined) inspector(ctx, 'toleratedFailureCount', plan.toleratedCount);
  if (plan.toleratedPercentage !== undefined) inspector(ctx, 'toleratedFailurePercentage', plan.toleratedPercentage);
}
