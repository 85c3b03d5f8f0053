import type { TaskInvoker } from '../taskInvoker.ts';
import type { Clock } from './clock.ts';
import type { HistoryRecorder } from './history.ts';
import type { AbortScope } from './AbortScope.ts';
import type { EvaluationGuard } from '../jsonata/budget.ts';
import type { StateIo } from './io/StateIo.ts';
import type { PriorMapRun } from './states/mapRunRedrive.ts';
import type { StateInspector } from './inspection.ts';

/** The two query languages of ASL. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** One state of a definition, as written (fields are read by each state handler). */
export type StateDefinition = { readonly Type: string } & Readonly<Record<string, unknown>>;

/** A state machine, or a Parallel branch / Map ItemProcessor: `StartAt` plus `States`. */
export interface StatesGraph {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, StateDefinition>>;
  readonly QueryLanguage?: QueryLanguage;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

/**
 * What every state handler returns: its output and the next state (`undefined` = end). Build it
 * with `stateResult()` so every result has one shape (the interpreter reads it on every state).
 */
export interface StateResult {
  readonly output: unknown;
  readonly next: string | undefined;
  /** Variables this state assigned (for `stateExitedEventDetails.assignedVariables`). */
  readonly assigned: Readonly<Record<string, unknown>> | undefined;
  /** `output` as JSON when the handler already has it (a task result passed on unchanged). */
  readonly outputJson: string | undefined;
}

/** A {@link StateResult}, always with the same fields in the same order. */
export function stateResult(
  output: unknown,
  next: string | undefined,
  assigned?: Readonly<Record<string, unknown>>,
  outputJson?: string,
): StateResult {
  return { output, next, assigned, outputJson };
}

/** Identity of the execution, as the context object (`$$.Execution`) shows it. */
export interface ExecutionInfo {
  readonly Id: string;
  readonly Name: string;
  readonly Input: unknown;
  readonly StartTime: string;
  readonly RoleArn: string;
  readonly RedriveCount: number;
  /** When the execution was last redriven (absent until it is). */
  readonly RedriveTime?: string;
}

/** Per-execution services shared by every state, branch and iteration. */
export interface Runtime {
  readonly invoker: TaskInvoker;
  readonly clock: Clock;
  readonly random: () => number;
  readonly history: HistoryRecorder;
  readonly execution: ExecutionInfo;
  readonly stateMachine: { readonly Id: string; readonly Name: string };
  /** Aborted when the execution ends (timeout, history cap). */
  readonly signal: AbortScope;
  /** The budget of each JSONata evaluation (built once per execution: states read it often). */
  readonly jsonataGuard: EvaluationGuard;
  /** A redrive's earlier Map Runs, by the name of their Distributed Map state (mapRunRedrive.ts). */
  readonly priorMapRuns?: Readonly<Record<string, PriorMapRun>>;
  /** Sees each state's intermediate data (TestState's inspection data); absent in ordinary runs. */
  readonly inspector?: StateInspector;
}

/**
 * One run of a states graph: the whole machine, one Parallel branch or one Map iteration. Each
 * has its own variable scope, which starts as a copy of the enclosing one (outer variables are
 * visible but writes stay inside).
 */
export interface Frame {
  readonly graph: StatesGraph;
  readonly queryLanguage: QueryLanguage;
  variables: Record<string, unknown>;
  /** Aborted when this branch/iteration must stop (a sibling failed). */
  readonly signal: AbortScope;
  /** Id of the newest event of this branch/iteration, the next event's `previousEventId`. */
  lastEventId: number;
  /** JSON of the graph's final output, once it has ended (saves serializing it again). */
  lastOutputJson?: string;
}

/** Everything a state handler needs for the state it runs. */
export interface StateContext {
  readonly name: string;
  readonly state: StateDefinition;
  readonly runtime: Runtime;
  readonly frame: Frame;
  /** How this state reads and shapes its data (its query language's strategy). */
  readonly io: StateIo;
  /** ISO time the state was entered (`$$.State.EnteredTime`). */
  readonly enteredTime: string;
  /** Id of the `<Type>StateEntered` event. */
  readonly enteredEventId: number;
  /** The state input as JSON, already serialized for the history: reused where the same value is sent on. */
  readonly inputJson?: string;
}

/**
 * A state type's implementation: gets the raw state input, returns output and next. States that
 * need no waiting (JSONPath Pass, Choice, Succeed) answer synchronously: an await per state is a
 * measurable share of a short execution.
 */
export type StateHandler = (input: unknown, ctx: StateContext) => StateResult | Promise<StateResult>;
