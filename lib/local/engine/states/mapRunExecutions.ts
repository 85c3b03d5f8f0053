import type { ExecutionRecord, HistoryEvent } from '../../types.ts';

/** A child execution of a Distributed Map, with the Map Run that started it. */
export interface MapRunExecution {
  readonly mapRunArn: string;
  readonly record: ExecutionRecord;
}

// Keyed by the parent's history array, which is also its ExecutionRecord's `history`: the record
// then finds its children without a new field on every execution.
const byParentHistory = new WeakMap<readonly HistoryEvent[], MapRunExecution[]>();

/** Remembers a finished child execution of a Map Run under its parent's history. */
export function registerMapRunExecution(parentHistory: readonly HistoryEvent[], mapRunArn: string, record: ExecutionRecord): void {
  let children = byParentHistory.get(parentHistory);
  if (children === undefined) byParentHistory.set(parentHistory, (children = []));
  children.push({ mapRunArn, record });
}

/**
 * The child executions that an execution's Distributed Maps ran (AWS lists them under the Map
 * Run; each has its own history), nested Map Runs included, in the order they finished.
 * @example
 * const record = await runExecution({ definition, taskInvoker, clock });
 * for (const { mapRunArn, record: child } of mapRunExecutions(record)) console.log(mapRunArn, child.status);
 */
export function mapRunExecutions(parent: Pick<ExecutionRecord, 'history'>): MapRunExecution[] {
  const direct = byParentHistory.get(parent.history) ?? [];
  return direct.flatMap((child) => [child, ...mapRunExecutions(child.record)]);
}

/** The child executions of a parent's own Map Runs, without those of Map Runs nested in them. */
export function directMapRunExecutions(parent: Pick<ExecutionRecord, 'history'>): MapRunExecution[] {
  return [...(byParentHistory.get(parent.history) ?? [])];
}

/**
 * Lists children under a parent record built by hand: a redrive's record has a new history (the
 * earlier attempts' events, then the rerun's), and its Map Runs keep their succeeded children.
 */
export function adoptMapRunExecutions(parent: Pick<ExecutionRecord, 'history'>, children: readonly MapRunExecution[]): void {
  for (const child of children) registerMapRunExecution(parent.history, child.mapRunArn, child.record);
}
