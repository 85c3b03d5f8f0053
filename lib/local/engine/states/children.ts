import type { DetailsKey } from '../history.ts';
import { record } from '../record.ts';
import { runGraph } from '../interpreter.ts';
import { toFailure } from '../failures.ts';
import type { Frame, StateContext, StatesGraph } from '../types.ts';
import { AbortScope } from '../AbortScope.ts';

/** One child run (a Parallel branch or a Map iteration). */
export interface ChildRun {
  readonly graph: StatesGraph;
  readonly input: unknown;
  /** Event recorded before the child starts (e.g. MapIterationStarted); its id starts the chain. */
  readonly started?: { readonly type: string; readonly details: unknown };
  /**
   * Events for success / failure / abort of this child, if the state type records them; each
   * carries `details` under its own `<type>EventDetails` key.
   */
  readonly ended?: { readonly succeeded: string; readonly failed: string; readonly aborted: string; readonly details: unknown };
}

/** How many child failures a state accepts before failing (Map tolerated failures). */
export interface ChildPolicy {
  /** 0 = no limit. */
  readonly maxConcurrency: number;
  /** Returns true when `failures` failed children (of `total`) are still tolerated. */
  readonly tolerates?: (failures: number, total: number) => boolean;
  /**
   * Start each child with no variables: Distributed Map child workflows cannot read the
   * parent's variables.
   * @default false
   */
  readonly isolateVariables?: boolean;
}

/** The settled outcome of each child: its output, or its failure when tolerated. */
export type ChildOutcome = { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Runs children concurrently (at most `maxConcurrency` at once). Each child gets its own frame
 * whose variables start as the parent's object, so it reads outer variables while its own
 * assignments (which replace, never mutate, the object) stay inside. The first intolerable
 * failure aborts the siblings, waits for them to stop, and is rethrown.
 */
export async function runChildren(ctx: StateContext, runs: readonly ChildRun[], policy: ChildPolicy): Promise<ChildOutcome[]> {
  const { runtime } = ctx;
  const controller = new AbortScope();
  const stopFollowingParent = ctx.frame.signal.onAbort(() => controller.abort(ctx.frame.signal.reason));
  const outcomes: ChildOutcome[] = new Array<ChildOutcome>(runs.length);
  let failures = 0;
  let firstFatal: { error: unknown } | undefined;
  let nextIndex = 0;
  // The parent's next event (e.g. MapStateSucceeded) follows the last event of its children, or,
  // when one failed, that child's last state event (its MapIterationFailed points there too).
  let lastChildEventId = ctx.frame.lastEventId;
  let fatalChainId = 0;

  /**
   * Runs child `index`, its chain starting at `chainFrom`.
   * @returns the id of its last state event (before MapIteration* closes it): in AWS histories a
   * child that takes over a finished child's slot starts from there.
   */
  const runOne = async (index: number, chainFrom: number): Promise<number> => {
    const run = runs[index]!;
    const frame: Frame = {
      graph: run.graph,
      queryLanguage: ctx.frame.queryLanguage,
      variables: policy.isolateVariables === true ? {} : ctx.frame.variables,
      signal: controller,
      lastEventId: chainFrom,
    };
    let lastStateEventId = chainFrom;
    try {
      if (run.started !== undefined) record(runtime, frame, run.started.type, detailsKey(run.started.type), run.started.details);
      const output = await runGraph(runtime, frame, run.input);
      lastStateEventId = frame.lastEventId;
      if (run.ended !== undefined) record(runtime, frame, run.ended.succeeded, detailsKey(run.ended.succeeded), run.ended.details);
      outcomes[index] = { ok: true, output };
    } catch (error) {
      lastStateEventId = frame.lastEventId;
      if (controller.aborted) {
        if (run.ended !== undefined) recordQuietly(() => record(runtime, frame, run.ended!.aborted, detailsKey(run.ended!.aborted), run.ended!.details));
        return lastStateEventId;
      }
      if (run.ended !== undefined) {
        const { error: name, cause } = toFailure(error);
        const details = { ...(run.ended.details as object), error: name, cause };
        recordQuietly(() => record(runtime, frame, run.ended!.failed, detailsKey(run.ended!.failed), details));
      }
      failures++;
      outcomes[index] = { ok: false, error };
      // Hitting the history cap fails the whole execution, whatever the tolerance.
      const tolerated = !runtime.history.limitReached && (policy.tolerates?.(failures, runs.length) ?? false);
      if (!tolerated && firstFatal === undefined) {
        firstFatal = { error };
        fatalChainId = lastStateEventId;
        controller.abort(error);
      }
    } finally {
      if (frame.lastEventId > lastChildEventId) lastChildEventId = frame.lastEventId;
    }
    return lastStateEventId;
  };

  const worker = async (): Promise<void> => {
    let chain = ctx.frame.lastEventId;
    while (nextIndex < runs.length && !controller.aborted) chain = await runOne(nextIndex++, chain);
  };
  const width = policy.maxConcurrency > 0 ? Math.min(policy.maxConcurrency, runs.length) : runs.length;
  try {
    const workers: Promise<void>[] = [];
    for (let i = 0; i < width; i++) workers.push(worker());
    await Promise.all(workers);
  } finally {
    stopFollowingParent();
    ctx.frame.lastEventId = firstFatal === undefined ? lastChildEventId : fatalChainId;
  }
  if (firstFatal !== undefined) throw firstFatal.error;
  if (ctx.frame.signal.aborted) throw ctx.frame.signal.reason;
  return outcomes;
}

/** Records a closing event unless the history is already full (the execution is failing then). */
function recordQuietly(write: () => void): void {
  try {
    write();
  } catch {
    // Only the history cap throws here; the cap failure itself is already on its way up.
  }
}

/** `MapIterationFailed` -> `mapIterationFailedEventDetails`, as GetExecutionHistory names it. */
function detailsKey(type: string): DetailsKey {
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails` as DetailsKey;
}
