import type { TaskInvoker } from '../taskInvoker.ts';
import type { ExecutionRecord, ExecutionStatus, HistoryEvent } from '../types.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { randomUUID } from 'node:crypto';
import { randomUuid } from '../jsonata/functions.ts';
import type { Clock } from './clock.ts';
import { toFailure } from './failures.ts';
import { DEFAULT_MAX_HISTORY_EVENTS, HistoryRecorder, isoTimestamp, NOT_TRUNCATED } from './history.ts';
import type { DetailsKey } from './history.ts';
import { runGraph } from './interpreter.ts';
import { serializePayload } from './io/payload.ts';
import type { ExecutionInfo, Frame, QueryLanguage, Runtime, StatesGraph } from './types.ts';
import { InvalidDefinitionError } from './InvalidDefinitionError.ts';
import { validateDefinition } from './validateDefinition.ts';
import { AbortScope } from './AbortScope.ts';
import { continueHistory, resumedChainStart, resumedExecutionInfo, type ResumeState } from './resumeState.ts';
import { DEFAULT_JSONATA_LIMITS, type EvaluationGuard, type JsonataLimits } from '../jsonata/budget.ts';

/** Options of {@link runExecution}. */
export interface RunExecutionOptions {
  /**
   * The ASL definition (`StartAt`, `States`, optional `QueryLanguage`, `TimeoutSeconds`), parsed
   * or as JSON text.
   */
  readonly definition: unknown;
  /**
   * The execution input.
   * @default {}
   */
  readonly input?: unknown;
  /** Runs Task states. */
  readonly taskInvoker: TaskInvoker;
  /** Time source for waits, backoffs, timeouts and timestamps (`VirtualClock` in tests). */
  readonly clock: Clock;
  /**
   * Uniform numbers in [0, 1) for jitter, task tokens, `$random`, States.UUID.
   * @default Math.random
   */
  readonly random?: () => number;
  /** @default a UUID drawn from `random` */
  readonly executionName?: string;
  /** @default 'LocalStateMachine' */
  readonly stateMachineName?: string;
  /**
   * History cap; reaching it fails the execution.
   * @default 25000
   */
  readonly maxHistoryEvents?: number;
  /** Called with each history event as it is recorded. */
  readonly onEvent?: (event: HistoryEvent) => void;
  /** Aborting it stops the execution with status ABORTED. */
  readonly signal?: AbortSignal;
  /**
   * Hold a virtual clock while each task invocation runs, so real asynchronous work (worker
   * threads, sockets) is never overtaken by skipped time. Leave it off for in-process fakes that
   * themselves sleep on the clock (they would wait forever); the invoker then enforces
   * TimeoutSeconds in real time.
   * @default false
   */
  readonly holdClockWhileTasksRun?: boolean;
  /**
   * Continues a failed execution (RedriveExecution): the context object shows the original
   * StartTime, the redrive count and time, and the top-level variables start as they were.
   */
  readonly redrive?: RedriveState;
  /** Continues an execution interrupted while running, its history kept (see {@link ResumeState}). */
  readonly resume?: ResumeState;
  /**
   * Limits of each JSONata evaluation (steps, nesting depth); past one, the state fails with
   * States.QueryEvaluationError naming the limit.
   * @default DEFAULT_JSONATA_LIMITS (5,000,000 steps, depth 10,000)
   */
  readonly jsonataLimits?: Partial<JsonataLimits>;
  /** Sees each state's intermediate data as it is computed (TestState's inspection data). */
  readonly inspector?: Runtime['inspector'];
}

/** What a redriven execution carries over from its earlier attempts. */
export interface RedriveState {
  /** 1 for the first redrive. */
  readonly count: number;
  /** The first attempt's start time (ISO), still `$$.Execution.StartTime`. */
  readonly startTime: string;
  /** The execution's own input, still `$$.Execution.Input` (the run's input is the resumed state's). */
  readonly executionInput: unknown;
  /** The top-level variables as the earlier attempts left them. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** The earlier Map Runs of failed Distributed Map states, by state name: their succeeded items are kept. */
  readonly mapRuns?: Runtime['priorMapRuns'];
}

const ACCOUNT = '123456789012';
// One shared reason: building an Error (and its stack) for every execution's end costs more than the rest of closing.
const EXECUTION_ENDED = new Error('The execution has ended.');
/** Definitions already checked: repeated runs of one definition skip the structural check. */
const validated = new WeakSet<object>();
const REGION = 'us-east-1';

type Outcome =
  | { readonly kind: 'succeeded'; readonly output: unknown }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'timedOut' }
  | { readonly kind: 'aborted' };

/**
 * Runs one execution of an ASL state machine to its end and returns its record: status, output
 * or error and cause, and the full history in GetExecutionHistory's shape.
 * @throws InvalidDefinitionError when the definition fails {@link validateDefinition}
 * @example
 * const record = await runExecution({
 *   definition: JSON.parse(aslText),
 *   input: { orderId: 'o-1' },
 *   taskInvoker: async ({ parameters }) => ({ ok: true, parameters }),
 *   clock: new VirtualClock(),
 * });
 * record.status; // 'SUCCEEDED'
 */
export async function runExecution(options: RunExecutionOptions): Promise<ExecutionRecord> {
  const parsed = typeof options.definition === 'string' ? parseDefinition(options.definition) : options.definition;
  if (!validated.has(parsed as object)) {
    const checked = validateDefinition(parsed);
    if (!checked.valid) throw new InvalidDefinitionError(checked.problems);
    validated.add(parsed as object);
  }
  const definition = parsed as StatesGraph;
  const { clock } = options;
  const random = options.random ?? Math.random;
  const { input, inputJson, inputError } = readInput(options.input === undefined ? {} : options.input);
  const stateMachineName = options.stateMachineName ?? 'LocalStateMachine';
  // Without injected randomness, the platform's UUID is ten times cheaper than one drawn from random().
  const name = options.executionName ?? (options.random === undefined ? randomUUID() : randomUuid(random));
  const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachineName}:${name}`;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/aethon-local-${stateMachineName}`;
  const history = new HistoryRecorder(clock, options.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS, options.onEvent);
  if (options.resume !== undefined) continueHistory(history, options.resume);
  const controller = new AbortScope();
  const startMs = clock.now();
  const startDate = options.resume?.startTime ?? isoTimestamp(startMs);
  const runtime: Runtime = {
    invoker: options.holdClockWhileTasksRun === true ? holdingInvoker(options.taskInvoker, clock) : options.taskInvoker,
    clock,
    random,
    history,
    execution: options.resume === undefined ? executionInfo(executionArn, name, input, startDate, roleArn, options.redrive) : resumedExecutionInfo(executionArn, name, startDate, roleArn, options.resume),
    stateMachine: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachineName}`, Name: stateMachineName },
    signal: controller,
    jsonataGuard: jsonataGuard(options.jsonataLimits, clock),
    ...(options.redrive?.mapRuns === undefined ? {} : { priorMapRuns: options.redrive.mapRuns }),
    inspector: options.inspector,
  };
  const queryLanguage: QueryLanguage = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const frame: Frame = { graph: definition, queryLanguage, variables: { ...(options.redrive?.variables ?? options.resume?.variables) }, signal: controller, lastEventId: resumedChainStart(options.resume) };

  const base = { executionArn, name, stateMachineName, startDate, input: options.resume === undefined ? input : options.resume.executionInput };
  let outcome: Outcome;
  try {
    if (inputError !== undefined) throw inputError;
    // The first state's event points at 0 like ExecutionStarted itself, not at it (AWS-recorded
    // histories, test/fixtures/awsHistories): the chain starts empty. A resumed run has it already.
    if (options.resume === undefined) history.add('ExecutionStarted', 0, 'executionStartedEventDetails', { input: inputJson, inputDetails: NOT_TRUNCATED, roleArn });
    outcome = await race(runtime, frame, input, definition.TimeoutSeconds, options.signal, controller);
  } catch (error) {
    outcome = { kind: 'failed', error };
  } finally {
    controller.abort(EXECUTION_ENDED);
  }
  return close(history, frame, base, outcome, definition.TimeoutSeconds);
}

/** The JSONata budget of an execution; a virtual clock is held still while an evaluation computes. */
function jsonataGuard(limits: Partial<JsonataLimits> | undefined, clock: Clock): EvaluationGuard {
  const merged = limits === undefined ? DEFAULT_JSONATA_LIMITS : { ...DEFAULT_JSONATA_LIMITS, ...limits };
  return typeof clock.hold === 'function' ? { limits: merged, holdClock: clock.hold.bind(clock) } : { limits: merged };
}

/** `$$.Execution`; a redriven execution keeps its first StartTime and adds RedriveTime. */
function executionInfo(id: string, name: string, input: unknown, startDate: string, roleArn: string, redrive: RedriveState | undefined): ExecutionInfo {
  if (redrive === undefined) return { Id: id, Name: name, Input: input, StartTime: startDate, RoleArn: roleArn, RedriveCount: 0 };
  return { Id: id, Name: name, Input: redrive.executionInput, StartTime: redrive.startTime, RoleArn: roleArn, RedriveCount: redrive.count, RedriveTime: startDate };
}

/** Wraps an invoker so a virtual clock stands still while a task runs. */
function holdingInvoker(invoker: TaskInvoker, clock: Clock): TaskInvoker {
  if (typeof clock.hold !== 'function') return invoker;
  return async (invocation) => {
    const release = clock.hold!();
    try {
      return await invoker(invocation);
    } finally {
      release();
    }
  };
}

function parseDefinition(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidDefinitionError([{ path: '/', message: `The definition is not valid JSON: ${(error as Error).message}` }]);
  }
}

/** Runs on a JSON copy of the input: the caller's object stays untouched, non-JSON values drop. */
function readInput(raw: unknown): { input: unknown; inputJson: string; inputError?: unknown } {
  try {
    const inputJson = serializePayload(raw, 'input', 'the execution');
    return { input: JSON.parse(inputJson) as unknown, inputJson };
  } catch (inputError) {
    return { input: raw, inputJson: '', inputError };
  }
}

async function race(
  runtime: Runtime,
  frame: Frame,
  input: unknown,
  timeoutSeconds: number | undefined,
  external: AbortSignal | undefined,
  controller: AbortScope,
): Promise<Outcome> {
  const run = runGraph(runtime, frame, input).then(
    (output): Outcome => ({ kind: 'succeeded', output }),
    (error: unknown): Outcome => ({ kind: 'failed', error }),
  );
  // Most executions have neither a timeout nor an abort signal: no race to set up.
  if (!(typeof timeoutSeconds === 'number' && timeoutSeconds > 0) && external === undefined) return run;
  const racers: Promise<Outcome>[] = [run];
  if (typeof timeoutSeconds === 'number' && timeoutSeconds > 0) {
    const never = new Promise<Outcome>(() => {});
    racers.push(runtime.clock.sleep(timeoutSeconds * 1000, controller.signal).then((): Outcome => ({ kind: 'timedOut' }), () => never));
  }
  if (external !== undefined) {
    racers.push(
      new Promise<Outcome>((resolve) => {
        if (external.aborted) resolve({ kind: 'aborted' });
        external.addEventListener('abort', () => resolve({ kind: 'aborted' }), { once: true });
      }),
    );
  }
  return Promise.race(racers);
}

function close(
  history: HistoryRecorder,
  frame: Frame,
  base: { executionArn: string; name: string; stateMachineName: string; startDate: string; input: unknown },
  outcome: Outcome,
  timeoutSeconds: number | undefined,
): ExecutionRecord {
  const finish = (
    status: ExecutionStatus,
    type: string,
    key: DetailsKey,
    details: Record<string, unknown>,
    extra: { output?: unknown; error?: unknown; cause?: unknown },
  ): ExecutionRecord => {
    const id = history.addFinal(type, frame.lastEventId, key, details);
    const stopDate = history.events[id - 1]!.timestamp;
    // Built field by field: object spread here cost more than the rest of closing.
    const record: { -readonly [K in keyof ExecutionRecord]: ExecutionRecord[K] } = {
      executionArn: base.executionArn,
      name: base.name,
      stateMachineName: base.stateMachineName,
      startDate: base.startDate,
      input: base.input,
      status,
      stopDate,
      history: history.events,
    };
    if ('output' in extra) record.output = extra.output;
    if (typeof extra.error === 'string') record.error = extra.error;
    if (typeof extra.cause === 'string') record.cause = extra.cause;
    return record;
  };
  if (outcome.kind === 'succeeded') {
    try {
      const output = frame.lastOutputJson ?? serializePayload(outcome.output, 'output', 'the execution');
      return finish('SUCCEEDED', 'ExecutionSucceeded', 'executionSucceededEventDetails', { output, outputDetails: NOT_TRUNCATED }, {
        output: outcome.output,
      });
    } catch (error) {
      return close(history, frame, base, { kind: 'failed', error }, timeoutSeconds);
    }
  }
  if (outcome.kind === 'timedOut') {
    const error = StatesErrors.TIMEOUT;
    const cause = `The execution timed out after ${timeoutSeconds} seconds (TimeoutSeconds).`;
    return finish('TIMED_OUT', 'ExecutionTimedOut', 'executionTimedOutEventDetails', { error, cause }, { error, cause });
  }
  if (outcome.kind === 'aborted') {
    return finish('ABORTED', 'ExecutionAborted', 'executionAbortedEventDetails', {}, {});
  }
  const { error, cause } = toFailure(outcome.error);
  const details: Record<string, unknown> = {};
  if (error !== '') details.error = error;
  if (cause !== '') details.cause = cause;
  return finish('FAILED', 'ExecutionFailed', 'executionFailedEventDetails', details, details);
}
