import type { QueryLanguage, StateContext, StateResult } from '../types.ts';

/** A value now, or later when an expression needs JSONata's asynchronous evaluator. */
export type MaybePromise<T> = T | Promise<T>;

/** Calls `then` with the value as soon as it is there: synchronously when it already is. */
export function after<T, R>(value: MaybePromise<T>, then: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}

/** The `Output` / `Assign` a Choice rule brings in place of its state's. */
export interface OutputFields {
  readonly Output?: unknown;
  readonly Assign?: unknown;
}

/** A Catch entry, as far as shaping its output goes. */
export interface CatcherFields extends OutputFields {
  readonly ResultPath?: string | null;
}

/**
 * How a state reads and shapes its data in its query language. Chosen once per state when its
 * graph is prepared (prepareGraph.ts), so state handlers never ask which language they run in.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 */
export interface StateIo {
  readonly language: QueryLanguage;
  /** Where a service call's arguments are written: `Parameters` (JSONPath) or `Arguments` (JSONata). */
  readonly argumentsField: 'Parameters' | 'Arguments';
  /** The state's data for one attempt; `context` is `$$` (JSONPath) / `$states.context` (JSONata). */
  open(ctx: StateContext, input: unknown, context: Record<string, unknown>): StateData;
}

/**
 * One attempt's view of a state's data. Every method answers synchronously unless a JSONata
 * expression needs jsonata's own (asynchronous) evaluator.
 */
export interface StateData {
  /** The input of the state's work: InputPath then Parameters (JSONPath) or Arguments (JSONata). */
  arguments(): MaybePromise<unknown>;
  /** The state's field `name`: a literal or `{% %}` (JSONata), or its `<name>Path` twin (JSONPath). */
  field(name: string): MaybePromise<unknown>;
  /** A value nested in the state (an ItemBatcher limit): JSONata evaluates it, JSONPath takes it as written. */
  value(field: string, value: unknown): MaybePromise<unknown>;
  /** A payload template (ItemReader, ResultWriter, BatchInput) over the (effective) input. */
  template(field: string, value: unknown): MaybePromise<unknown>;
  /** A Map's items: ItemsPath (JSONPath) or Items (JSONata); by default the (effective) input. */
  items(): MaybePromise<unknown>;
  /** The input of Map iteration `index`, through its ItemSelector (or legacy Parameters). */
  selectItem(selector: unknown, item: unknown, index: number): MaybePromise<unknown>;
  /** Whether Choice rule `index` matches. */
  matches(rule: Readonly<Record<string, unknown>>, index: number): MaybePromise<boolean>;
  /**
   * The tail of a state whose work gave `result` (Task, Parallel, Map). `resultJson` is the
   * result as JSON when known: an output that is the result unchanged reuses it.
   */
  finishWithResult(result: unknown, next: string | undefined, resultJson?: string): MaybePromise<StateResult>;
  /** The tail of a Pass: JSONPath Result (else Parameters) into ResultPath; JSONata Output. */
  finishPass(next: string | undefined): MaybePromise<StateResult>;
  /**
   * The tail of a state that passes its input on (Wait, Choice, Succeed). `fields` replace the
   * state's own Output/Assign (a Choice rule's); `prefix` names where they are (`Choices[0]/`).
   */
  finishWithInput(next: string | undefined, fields?: OutputFields, prefix?: string): MaybePromise<StateResult>;
  /** The tail of a caught error: ResultPath (JSONPath) or Output (JSONata) over the error output. */
  finishCaught(catcher: CatcherFields, index: number, errorOutput: { Error: string; Cause: string }, next: string): MaybePromise<StateResult>;
}
