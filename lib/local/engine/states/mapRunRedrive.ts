/**
 * Redrive of a Map Run, as RedriveExecution does it on AWS: the redriven parent runs its failed
 * Distributed Map again under the same Map Run ARN (recording MapRunRedriven instead of
 * MapRunStarted), the items whose child execution succeeded keep their output and are not run
 * again, and only the others run: a child that failed is redriven in turn when the caller says how
 * (`redriveChild`: from its failed state, its history continued, as Standard children are on AWS),
 * otherwise it runs again from its start under the same name (and so the same ARN).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
 */
import type { ExecutionRecord, HistoryEvent } from '../../types.ts';
import type { RedriveState } from '../runExecution.ts';
import type { StatesGraph } from '../types.ts';

/** Runs one child execution of the Map Run: from its definition's StartAt, or as a redrive. */
export type RunChild = (definition: StatesGraph, input: unknown, executionName: string, redrive?: RedriveState) => Promise<ExecutionRecord>;

/** Redrives a child execution that did not succeed, given its record and how to run it. */
export type ChildRedriver = (failed: ExecutionRecord, definition: StatesGraph, run: RunChild) => Promise<ExecutionRecord>;

/** A Map Run of an earlier attempt, which a redrive of its Distributed Map state continues. */
export interface PriorMapRun {
  readonly mapRunArn: string;
  /** How many times this Map Run was redriven before (0 before its first redrive). */
  readonly redriveCount: number;
  /** Its child executions (any order); a SUCCEEDED one stands for its item. */
  readonly children: readonly ExecutionRecord[];
  /** How to redrive a failed child; without it, the child runs again from its start. */
  readonly redriveChild?: ChildRedriver;
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
export type RedrivenItem = { readonly kept: ExecutionRecord } | { readonly failed: ExecutionRecord | undefined };

/**
 * Matches the items of the redriven run to the earlier children by their input (the items are
 * read again, in the same order, so equal inputs are taken in turn): a succeeded child is kept,
 * a failed one is handed back to run again.
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
    return { failed: this.#unsuccessful.get(key)?.shift() };
  }
}
