import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { randomUuid } from '../../jsonata/functions.ts';
import { TaskFailure } from '../../errors.ts';
import { record, recordBeside } from '../record.ts';
import { runExecution } from '../runExecution.ts';
import type { ExecutionRecord } from '../../types.ts';
import type { StateContext, StatesGraph } from '../types.ts';
import { writeMapRunResults } from './distributedMapResultWriter.ts';
import { registerMapRunExecution } from './mapRunExecutions.ts';
import { childStateMachineName, RedrivenItems, type PriorMapRun, type RunChild } from './mapRunRedrive.ts';
import type { MapPlan } from './mapSetup.ts';

/** A tolerated failed item's place in the result, as the Map state's output shows it. */
interface FailedItem {
  readonly Error: string | undefined;
  readonly Cause: string | undefined;
}

/**
 * Runs a Distributed Map (`ProcessorConfig.Mode: DISTRIBUTED`) as a Map Run: every item (or
 * batch) is a child execution of the ItemProcessor with its own history and no access to the
 * parent's variables. The parent history shows only MapStateStarted, MapRunStarted and
 * MapRunSucceeded / MapRunFailed, then MapStateSucceeded / MapStateFailed; MapStateExited
 * follows from MapRunSucceeded, as recorded on AWS.
 *
 * A child that fails, times out or is aborted counts as a failed item. Past the tolerated count
 * or percentage (0 when unset) the remaining children are aborted and the state fails with
 * States.ExceedToleratedFailureThreshold, whatever the children's own errors were.
 *
 * In a redriven execution the state continues its earlier Map Run (MapRunRedriven), running only
 * the items whose child did not succeed (mapRunRedrive.ts).
 * @returns the outputs in item order, or with a ResultWriter `{ MapRunArn, ResultWriterDetails }`
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 */
export async function runMapRun(ctx: StateContext, graph: StatesGraph, plan: MapPlan): Promise<unknown> {
  const { runtime, frame } = ctx;
  const total = plan.items.length;
  // A redrive continues the earlier Map Run: same ARN, its succeeded items kept (mapRunRedrive.ts);
  // only once, should a loop bring the execution back to this state.
  const prior = takePriorMapRun(runtime.priorMapRuns?.[ctx.name]);
  const redriven = prior === undefined ? undefined : new RedrivenItems(prior.children);
  const mapRunArn = prior?.mapRunArn ?? newMapRunArn(ctx);
  // Child workflows belong to `<state machine>/<Label or a UUID>` (concepts-examine-map-run).
  const childMachineName = childStateMachineName(mapRunArn);
  const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
  record(runtime, frame, 'MapStateStarted', 'mapStateStartedEventDetails', { length: total });
  if (prior === undefined) record(runtime, frame, 'MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn });
  else record(runtime, frame, 'MapRunRedriven', 'mapRunRedrivenEventDetails', { mapRunArn, redriveCount: prior.redriveCount + 1 });

  const definition = childDefinition(graph, ctx.io.language);
  const controller = new AbortController();
  const stopFollowingParent = frame.signal.onAbort(() => controller.abort(frame.signal.reason));
  const results: unknown[] = new Array<unknown>(total);
  const children: (ExecutionRecord | undefined)[] = new Array<ExecutionRecord | undefined>(total);
  const { toleratedCount, toleratedPercentage } = plan;
  let failures = 0;
  let exceeded = false;
  let next = 0;
  const runOne = async (index: number): Promise<void> => {
    const input = await plan.itemInput(index);
    const item = redriven?.take(input);
    if (item !== undefined && 'kept' in item) {
      children[index] = item.kept;
      results[index] = item.kept.output;
      return;
    }
    const runChild: RunChild = (processor, processorInput, executionName, redrive) =>
      runExecution({
        definition: processor,
        input: processorInput,
        taskInvoker: runtime.invoker,
        clock: runtime.clock,
        random: runtime.random,
        executionName,
        // AWS names child executions `<state machine>/<label>:<id>`.
        stateMachineName: childMachineName,
        signal: controller.signal,
        ...(redrive === undefined ? {} : { redrive }),
      });
    const failed = item !== undefined && 'failed' in item ? item.failed : undefined;
    const ran = failed === undefined
      ? await runChild(definition, input, randomUuid(runtime.random))
      : await (prior?.redriveChild?.(failed, definition, runChild) ?? runChild(definition, input, failed.name));
    const child: ExecutionRecord = { ...ran, mapRunArn };
    registerMapRunExecution(runtime.history.events, mapRunArn, child);
    children[index] = child;
    if (child.status === 'SUCCEEDED') {
      results[index] = child.output;
      return;
    }
    if (controller.signal.aborted) return;
    failures++;
    results[index] = { Error: child.error, Cause: child.cause } satisfies FailedItem;
    const tolerated =
      failures <= (toleratedCount ?? (toleratedPercentage === undefined ? 0 : Infinity)) &&
      (toleratedPercentage === undefined || (failures / total) * 100 <= toleratedPercentage);
    if (!tolerated && !exceeded) {
      exceeded = true;
      controller.abort(new Error('The Map Run failed'));
    }
  };
  const worker = async (): Promise<void> => {
    while (next < total && !controller.signal.aborted) await runOne(next++);
  };
  const width = plan.maxConcurrency > 0 ? Math.min(plan.maxConcurrency, total) : total;
  try {
    await Promise.all(Array.from({ length: width }, worker));
  } finally {
    stopFollowingParent();
  }
  if (frame.signal.aborted) {
    // The parent stopped the run (a sibling failed, an abort): MapRunAborted, then the
    // interpreter's MapStateAborted. After a timeout the history is closed: nothing to add.
    if (!runtime.history.limitReached) {
      try {
        record(runtime, frame, 'MapRunAborted');
      } catch {
        // Closed history: the execution's final event is already written.
      }
    }
    throw frame.signal.reason;
  }
  // The results are written whether the run met its failure threshold or not, as on AWS.
  let written: unknown;
  let writeFailure: unknown;
  if (plan.writer !== undefined) {
    try {
      written = await writeMapRunResults(ctx, plan.writer, { mapRunArn, runId, children });
    } catch (error) {
      writeFailure = error;
    }
  }
  if (exceeded) {
    const cause = `The Map Run ${mapRunArn} failed: ${failures} of ${total} item(s) failed, more than the tolerated failure threshold.`;
    const error = StatesErrors.EXCEED_TOLERATED_FAILURE_THRESHOLD;
    record(runtime, frame, 'MapRunFailed', 'mapRunFailedEventDetails', { error, cause });
    record(runtime, frame, 'MapStateFailed');
    throw new TaskFailure(error, cause);
  }
  if (writeFailure instanceof TaskFailure) {
    record(runtime, frame, 'MapRunFailed', 'mapRunFailedEventDetails', { error: writeFailure.name, cause: writeFailure.message });
    record(runtime, frame, 'MapStateFailed');
    throw writeFailure;
  }
  if (writeFailure !== undefined) throw writeFailure;
  record(runtime, frame, 'MapRunSucceeded');
  // MapStateSucceeded and MapStateExited both follow MapRunSucceeded (test/fixtures/awsHistories).
  recordBeside(runtime, frame, 'MapStateSucceeded');
  // With a ResultWriter the output says where the results went, not what they are.
  return plan.writer === undefined ? results : written;
}

const continuedMapRuns = new WeakSet<PriorMapRun>();

function takePriorMapRun(prior: PriorMapRun | undefined): PriorMapRun | undefined {
  if (prior === undefined || continuedMapRuns.has(prior)) return undefined;
  continuedMapRuns.add(prior);
  return prior;
}

/** `arn:aws:states:<region>:<account>:mapRun:<state machine>/<Label or a UUID>:<run id>`. */
function newMapRunArn(ctx: StateContext): string {
  const { runtime } = ctx;
  const runId = randomUuid(runtime.random);
  const label = typeof ctx.state.Label === 'string' ? ctx.state.Label : randomUuid(runtime.random);
  return `${runtime.stateMachine.Id.replace(':stateMachine:', ':mapRun:')}/${label}:${runId}`;
}

const childDefinitions = new WeakMap<StatesGraph, StatesGraph>();

/**
 * The ItemProcessor as a state machine of its own (ProcessorConfig dropped, the parent's query
 * language kept unless it sets one), built once per definition so it is validated once.
 */
function childDefinition(graph: StatesGraph, queryLanguage: StatesGraph['QueryLanguage']): StatesGraph {
  let definition = childDefinitions.get(graph);
  if (definition === undefined) {
    const { StartAt, States, QueryLanguage, TimeoutSeconds } = graph;
    definition = { StartAt, States, QueryLanguage: QueryLanguage ?? queryLanguage ?? 'JSONPath', ...(TimeoutSeconds === undefined ? {} : { TimeoutSeconds }) };
    childDefinitions.set(graph, definition);
  }
  return definition;
}
