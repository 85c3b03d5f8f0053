/**
 * Redrive of a Map Run, as RedriveExecution does it on AWS: the redriven parent runs its failed
 * Distributed Map again under the same Map Run ARN (recording MapRunRedriven instead of
 * MapRunStarted), the items whose child execution succeeded keep their output and are not run
 * again, and only the others run. A rerun item keeps its child execution's name (and so its ARN),
 * but runs from its start with a new history: the child's own history is not continued.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
 */
import type { ExecutionRecord, HistoryEvent } from '../../types.ts';

/** A Map Run of an earlier attempt, which a redrive of its Distributed Map state continues. */
export interface PriorMapRun {
  readonly mapRunArn: string;
  /** How many times this Map Run was redriven before (0 before its first redrive). */
  readonly redriveCount: number;
  /** Its child executions (any order); a SUCCEEDED one stands for its item. */
  readonly children: readonly ExecutionRecord[];
}

/**
 * The Map Run that the last attempt of the Distributed Map state `stateName` started or redrove,
 * read from the parent's history, with the children given (those listed under its ARN are kept).
 * Undefined when that attempt never reached its Map Run (the ItemReader failed first).
 */
export function priorMapRunOf(history: readonly HistoryEvent[], stateName: string, children: readonly { readonly mapRunArn: string; readonly record: ExecutionRecord }[]): PriorMapRun | undefined {
  let entered = -1;
  history.forEach((event, index) => {
    if (event.type === 'MapStateEntered' && event.stateEnteredEventDetails?.name === stateName) entered = index;
  });
  if (entered < 0) return undefined;
  const started = history.slice(entered).find((event) => event.type === 'MapRunStarted' || event.type === 'MapRunRedriven');
  const mapRunArn = started?.mapRunStartedEventDetails?.mapRunArn ?? started?.mapRunRedrivenEventDetails?.mapRunArn;
  if (mapRunArn === undefined) return undefined;
  const redriveCount = history.filter((event) => event.type === 'MapRunRedriven' && event.mapRunRedrivenEventDetails?.mapRunArn === mapRunArn).length;
  return { mapRunArn, redriveCount, children: children.filter((child) => child.mapRunArn === mapRunArn).map((child) => child.record) };
}

/** `<state machine>/<label>` of the Map Run's children, from `...:mapRun:<state machine>/<label>:<run id>`. */
export function childStateMachineName(mapRunArn: string): string {
  const path = mapRunArn.slice(mapRunArn.indexOf(':mapRun:') + ':mapRun:'.length);
  return path.slice(0, path.lastIndexOf(':'));
}

/** What to do with one item of a redriven Map Run. */
export type RedrivenItem = { readonly kept: ExecutionRecord } | { readonly rerunAs: string | undefined };

/**
 * Matches the items of the redriven run to the earlier children by their input (the items are
 * read again, in the same order, so equal inputs are taken in turn): a succeeded child is kept,
 * a failed one lends its name to the rerun.
 */
export class RedrivenItems {
  readonly #succeeded = new Map<string, ExecutionRecord[]>();
  readonly #unsuccessful = new Map<string, ExecutionRecord[]>();

  public constructor(children: readonly ExecutionRecord[]) {
    for (const child of children) {
      const pool = child.status === 'SUCCEEDED' ? this.#succeeded : this.#unsuccessful;
      const key = JSON.stringify(child.input);
      pool.set(key, [...(pool.get(key) ?? []), child]);
    }
  }

  public take(input: unknown): RedrivenItem {
    const key = JSON.stringify(input);
    const kept = this.#succeeded.get(key)?.shift();
    if (kept !== undefined) return { kept };
    return { rerunAs: this.#unsuccessful.get(key)?.shift()?.name };
  }
}
