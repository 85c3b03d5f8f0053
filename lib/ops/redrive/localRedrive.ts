/**
 * Local redrive, modelled on Step Functions' RedriveExecution: a FAILED, TIMED_OUT or ABORTED
 * execution continues from the top-level state where it stopped, with the input that state
 * received, under the same name and ARN. States that had completed are not run again, so their
 * side effects are not repeated; the record keeps the first attempt's history (its
 * ExecutionFailed included, as on AWS), then an ExecutionRedriven event, then the new events.
 * The redriven part sees the variables the top-level states had assigned (replayed from their
 * `assignedVariables` in the history), the execution's input, the first StartTime, and
 * RedriveCount / RedriveTime.
 *
 * A failed Distributed Map redrives its Map Run, as on AWS: MapRunRedriven under the same Map Run
 * ARN, the items whose child execution succeeded keep their output, only the others run again
 * (from their start; lib/local/engine/states/mapRunRedrive.ts). Unlike AWS, a failed inline Map
 * or Parallel state re-runs whole (AWS re-runs only the failed iterations or branches; idempotent
 * steps inside skip their side effects either way).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { adoptMapRunExecutions, directMapRunExecutions, mapRunExecutions, priorMapRunOf, type ChildRedriver, type MapRunExecution, type RedriveState } from '../../local/engine/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../../local/types.ts';
import { OpsError } from '../errors.ts';
import { mapRunArnsOf } from '../executions/mapRunsOf.ts';
import { redriveCountOf } from '../executions/redriveCount.ts';
import { failedTopLevelState } from '../executions/statePath.ts';
import { ToolErrors } from '../../contracts/toolErrors.ts';

/** The redriven record, and what the user should know about it. */
export interface LocalRedriveOutcome {
  readonly record: ExecutionRecord;
  /** The state it resumed from. */
  readonly resumedFrom: string;
  readonly redriveCount: number;
  readonly warnings: readonly string[];
}

/** What a redrive needs of a workflow: its definition (a compiled workflow, or a Map Run's item processor). */
type Redrivable = Pick<CompiledWorkflow, 'definition'>;

/** Runs a workflow (given as a compiled workflow with a chosen StartAt) under a given name. */
export type RunFrom<W extends Redrivable = CompiledWorkflow> = (workflow: W, input: unknown, executionName: string, redrive: RedriveState) => Promise<ExecutionRecord>;

/** Refused because Step Functions would refuse it too, or because it could only fail again. */
export class NotRedrivableError extends OpsError {
  override readonly name = ToolErrors.NOT_REDRIVABLE;
}

const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * Redrives one recorded execution of `workflow`. `mapRunChildren` are the child executions of its
 * Map Runs (by default those the engine ran in this process for `record`; a record read back from
 * the store has them as records of their own).
 * @throws NotRedrivableError for a running or successful execution, or one that ended in a Fail state
 */
export async function redriveLocally<W extends Redrivable>(workflow: W, record: ExecutionRecord, runFrom: RunFrom<W>, mapRunChildren: readonly MapRunExecution[] = mapRunExecutions(record)): Promise<LocalRedriveOutcome> {
  if (!REDRIVABLE.has(record.status)) throw new NotRedrivableError(`execution ${record.name} is ${record.status}; only FAILED, TIMED_OUT or ABORTED executions can be redriven`);
  const states = workflow.definition.States as Record<string, { Type?: string }>;
  const failed = failedTopLevelState(record.history, new Set(Object.keys(states)));
  if (!failed || failed.input === undefined) throw new NotRedrivableError(`execution ${record.name} has no failed state with a recorded input to resume from (it failed before its first state); start it again instead`);
  if (states[failed.name]?.Type === 'Fail') {
    throw new NotRedrivableError(
      `execution ${record.name} ended in the Fail state '${failed.name}' (${record.error ?? 'an error'}): the workflow chose to fail there, after any compensation, so a redrive would only fail again. Fix the cause and start a new execution.`,
    );
  }
  const { mapRuns, warnings } = mapRunsToRedrive(states, failed.name, record.history, mapRunChildren);
  const resumed: W = { ...workflow, definition: { ...workflow.definition, StartAt: failed.name } };
  const redriveCount = redriveCountOf(record.history) + 1;
  const variables = topLevelVariables(record.history, new Set(Object.keys(states)));
  const rerun = await runFrom(resumed, JSON.parse(failed.input) as unknown, record.name, { count: redriveCount, startTime: record.startDate, executionInput: record.input, variables, ...(mapRuns === undefined ? {} : { mapRuns }) });
  const merged = merge(record, rerun, redriveCount);
  adoptMapRunExecutions(merged, mapRunChildrenAfter(record, mapRunChildren, rerun));
  return { record: merged, resumedFrom: failed.name, redriveCount, warnings };
}

/** What a redrive continues of the state it resumes from, and what the user should know about it. */
export interface MapRunsToRedrive {
  /** The earlier Map Run of the failed Distributed Map, by state name (for `RedriveState.mapRuns`). */
  readonly mapRuns?: RedriveState['mapRuns'];
  readonly warnings: readonly string[];
}

/**
 * The Map Run a redrive continues when the state it resumes from (`failedState`) is a Distributed
 * Map: the last one that state started or redrove, with its earlier child executions (those that
 * succeeded are kept, the others are redriven). Without the children nothing tells which items
 * succeeded: the Map Run then starts anew, and a warning says so.
 */
export function mapRunsToRedrive(states: Readonly<Record<string, { Type?: string }>>, failedState: string, history: readonly HistoryEvent[], children: readonly MapRunExecution[]): MapRunsToRedrive {
  const type = states[failedState]?.Type;
  const priorMapRun = isDistributedMap(states[failedState]) ? priorMapRunOf(history, failedState, children) : undefined;
  if (priorMapRun !== undefined && priorMapRun.children.length > 0) return { mapRuns: { [failedState]: { ...priorMapRun, redriveChild } }, warnings: [] };
  if (priorMapRun !== undefined) return { warnings: [`'${failedState}' is a Distributed Map whose earlier child executions are not at hand: it starts a new Map Run and runs every item again`] };
  if (type === 'Map' || type === 'Parallel') return { warnings: [`'${failedState}' is a ${type} state and runs again whole (idempotent steps inside skip their side effects)`] };
  return { warnings: [] };
}

/**
 * Redrives a failed child of a Map Run the way its parent is redriven (from its failed state, its
 * history continued; its own Map Runs too, when their children are in this process). One that
 * cannot be (it ended in a Fail state, or failed before its first state) runs again from its start.
 */
const redriveChild: ChildRedriver = async (failed, definition, run) => {
  try {
    const outcome = await redriveLocally({ definition: definition as Redrivable['definition'] }, failed, (resumed, input, name, redrive) => run(resumed.definition as typeof definition, input, name, redrive));
    return outcome.record;
  } catch (error) {
    if (!(error instanceof NotRedrivableError)) throw error;
    return run(definition, failed.input, failed.name);
  }
};

/**
 * The children of the redriven record's Map Runs: the earlier ones (those of its own Map Runs,
 * not of Map Runs nested in them) unless a rerun replaced them under the same ARN, then the rerun's.
 */
function mapRunChildrenAfter(record: ExecutionRecord, earlier: readonly MapRunExecution[], rerun: ExecutionRecord): MapRunExecution[] {
  const own = mapRunArnsOf(record.history);
  const fresh = directMapRunExecutions(rerun);
  const replaced = new Set(fresh.map((child) => child.record.executionArn));
  return [...earlier.filter((child) => own.has(child.mapRunArn) && !replaced.has(child.record.executionArn)), ...fresh];
}

/** A Map state whose items run as a Map Run (`ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED`). */
function isDistributedMap(state: unknown): boolean {
  const processor = (state as { Type?: unknown; ItemProcessor?: { ProcessorConfig?: { Mode?: unknown } } } | undefined);
  return processor?.Type === 'Map' && processor.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

/**
 * The top-level variables as the recorded attempts left them: each top-level state's
 * `assignedVariables` (JSON text per name), applied in history order. Variables assigned inside a
 * Map or Parallel stay there, as they do on AWS; state names are unique across a whole machine.
 */
export function topLevelVariables(history: readonly HistoryEvent[], topLevel: ReadonlySet<string>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const event of history) {
    if (!event.type.endsWith('StateExited')) continue;
    const details = (event as { stateExitedEventDetails?: { name?: string; assignedVariables?: Record<string, string> } }).stateExitedEventDetails;
    if (details?.name === undefined || !topLevel.has(details.name) || details.assignedVariables === undefined) continue;
    for (const [name, json] of Object.entries(details.assignedVariables)) variables[name] = JSON.parse(json) as unknown;
  }
  return variables;
}

/**
 * The first attempt's history (its ExecutionFailed included, as AWS keeps it), ExecutionRedriven,
 * then the new attempt's events without its ExecutionStarted, ids renumbered to follow on.
 */
function merge(first: ExecutionRecord, rerun: ExecutionRecord, redriveCount: number): ExecutionRecord {
  const kept = first.history;
  const redrivenId = kept.length + 1;
  const startedAt = rerun.history[0]?.timestamp ?? rerun.startDate;
  const history: HistoryEvent[] = [
    ...kept,
    { id: redrivenId, previousEventId: kept.length, timestamp: startedAt, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount } },
    ...rerun.history
      .filter((e) => e.type !== 'ExecutionStarted')
      .map((e) => ({ ...e, id: e.id - 1 + redrivenId, previousEventId: e.previousEventId <= 1 ? redrivenId : e.previousEventId - 1 + redrivenId })),
  ];
  return { ...rerun, executionArn: first.executionArn, startDate: first.startDate, input: first.input, history };
}
