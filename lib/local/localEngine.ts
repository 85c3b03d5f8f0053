/**
 * The local engine as users and the CLI meet it: runs a workflow's compiled state machine (the
 * very ASL that `cdk deploy` ships) with its handlers in warm worker threads, DynamoDB from
 * dynalite, and the execution recorded under .aethon/. One engine serves many executions, so
 * functions stay warm between them as they do on Lambda.
 * @example
 * const engine = await LocalEngine.start({ virtualTime: true, environment: { PAYMENTS_API_URL: mock.url } });
 * const run = await engine.runWorkflow('user-onboarding', { input: { email: 'a@example.com', name: 'A' } });
 * expect(run.status).toBe('SUCCEEDED');
 * await engine.close();
 */
import { join, resolve } from 'node:path';
import { StatesErrors } from '../contracts/statesErrors.ts';
import { functionEnvironment, type CompiledWorkflow } from '../compile/index.ts';
import { buildWorkflow, resolveWorkflowFile } from '../workspace/index.ts';
import { formatDiagnostic, type Diagnostic } from '../spec/index.ts';
import { RealClock, runExecution, VirtualClock, type Clock, type RedriveState, type ResumeState } from './engine/index.ts';
import { createLambdaInvoker, handlerBuildProblems, type LambdaInvoker, type LambdaLogMeta, type LocalFunctionConfig } from './lambda/index.ts';
import { createFunctionMockInvoker, createMockInvoker, type MockConfig, type MockConfigFile, type StateMockFunction } from './mocks/index.ts';
import { LOCAL_CREDENTIALS, startDynalite, type LocalDynamo } from './services/dynalite.ts';
import { recordExecution, type StoreWaitOptions } from './store/index.ts';
import { reconcileLocalConfig } from '../runtime/config/index.ts';
import type { TaskInvoker } from './taskInvoker.ts';
import type { ExecutionRecord, HistoryEvent } from './types.ts';
import { ToolErrors } from '../contracts/toolErrors.ts';

/** A workflow that does not validate or compile; carries its located diagnostics. */
export class WorkflowInvalidError extends Error {
  override readonly name = ToolErrors.WORKFLOW_INVALID;
  constructor(
    readonly workflow: string,
    readonly diagnostics: readonly Diagnostic[],
    readonly sourceText?: string,
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(`workflow ${workflow} is invalid:\n${errors.map((d) => formatDiagnostic(d, sourceText)).join('\n')}`);
  }
}

/** A line a handler wrote, with where it came from. */
export interface CapturedLog extends LambdaLogMeta {
  readonly line: string;
}

/** Mocks for one execution: per-state functions, or a Step Functions Local MockConfigFile test case. */
export type TaskMocks =
  | { readonly states: Readonly<Record<string, StateMockFunction>> }
  | { readonly mockConfig: MockConfig | MockConfigFile; readonly testCase: string; readonly stateMachine?: string };

export interface LocalEngineOptions {
  /** @default process.cwd() */
  readonly projectRoot?: string;
  /** Variables for every function, e.g. service URLs pointing at mock servers. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Skip waits and backoffs instantly and deterministically. @default false */
  readonly virtualTime?: boolean;
  /** Overrides `virtualTime`. */
  readonly clock?: Clock;
  /** For jitter, UUIDs and execution names. @default Math.random */
  readonly random?: () => number;
  /** Receives every handler log line as it is written (the CLI streams them). */
  readonly onLog?: (log: CapturedLog) => void;
  /** Receives every history event as it is recorded. */
  readonly onEvent?: (event: HistoryEvent, executionName: string) => void;
  /**
   * Where DynamoDB (idempotency records) lives: kept under .aethon/ across runs, in memory, or
   * not started at all (steps that declare idempotency then fail clearly). It starts with the
   * first workflow that has an idempotent step: a run without one starts nothing.
   * @default 'memory'
   */
  readonly dynamodb?: 'persistent' | 'memory' | 'none';
  /**
   * Record executions under .aethon/ for `aethon executions`. The store is opened only to write
   * each record (another process may hold it meanwhile); a record that cannot be written is
   * reported in {@link LocalRun.notRecorded}, never as a failure of the execution.
   * @default false
   */
  readonly recordExecutions?: boolean;
  /** How to wait while another process holds the execution store or the persistent DynamoDB. */
  readonly storeWait?: StoreWaitOptions;
  /** Warm workers per function. @default 2 */
  readonly maxWorkersPerFunction?: number;
  /** The local state folder: secrets.json, config/, dynamodb/, executions/. @default <projectRoot>/.aethon */
  readonly localDir?: string;
}

export interface RunOptions {
  readonly input?: unknown;
  readonly executionName?: string;
  readonly mocks?: TaskMocks;
  /** Continue an earlier execution of the same name (see `aethon redrive`). */
  readonly redrive?: RedriveState;
  /** Continue an execution interrupted while running (`aethon dev` after a restart). */
  readonly resume?: ResumeState;
  /** Aborting it stops the execution with status ABORTED (StopExecution). */
  readonly signal?: AbortSignal;
  /** Receives this execution's history events as they are recorded (besides the engine's onEvent). */
  readonly onEvent?: (event: HistoryEvent) => void;
}

/** The outcome of one execution, with the log lines its handlers wrote. */
export interface LocalRun extends ExecutionRecord {
  readonly logs: readonly CapturedLog[];
  /** Why the execution is missing from the store, when `recordExecutions` could not write it. */
  readonly notRecorded?: string;
}

export class LocalEngine {
  private readonly invokers = new Map<string, LambdaInvoker>();
  private readonly compiled = new Map<string, CompiledWorkflow>();
  private readonly activeRuns = new Map<string, CapturedLog[]>();
  /** Executions not yet finished (recorded included), so close() can let them end first. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Invokers replaced by a handler reload, closing once the executions that used them end. */
  private readonly retiring = new Set<Promise<unknown>>();
  private dynamo: Promise<LocalDynamo> | undefined;
  private closed = false;

  private constructor(
    readonly projectRoot: string,
    readonly localDir: string,
    private readonly options: LocalEngineOptions,
    readonly clock: Clock,
  ) {}

  /** Starts the engine; DynamoDB starts later, with the first workflow that needs it. */
  static async start(options: LocalEngineOptions = {}): Promise<LocalEngine> {
    const projectRoot = resolve(options.projectRoot ?? process.cwd());
    const localDir = resolve(options.localDir ?? join(projectRoot, '.aethon'));
    const clock = options.clock ?? (options.virtualTime ? new VirtualClock({ start: Date.now() }) : new RealClock());
    return new LocalEngine(projectRoot, localDir, options, clock);
  }

  /** Loads and compiles a workflow from workflows/ (by name or path); throws with located problems. */
  async compile(workflow: string): Promise<CompiledWorkflow> {
    const file = resolveWorkflowFile(this.projectRoot, workflow);
    const cached = this.compiled.get(file);
    if (cached) return cached;
    const built = await buildWorkflow(this.projectRoot, file);
    if (!built.ok || !built.compiled) throw new WorkflowInvalidError(workflow, built.diagnostics, built.source?.text);
    this.compiled.set(file, built.compiled);
    return built.compiled;
  }

  /** Runs a workflow to its end. */
  async runWorkflow(workflow: string | CompiledWorkflow, options: RunOptions = {}): Promise<LocalRun> {
    const compiled = typeof workflow === 'string' ? await this.compile(workflow) : workflow;
    this.assertOpen();
    seedConfig(this.localDir, compiled);
    const dynamo = compiled.functions.some((fn) => fn.idempotency) ? await this.startDynamo() : undefined;
    return this.execute(compiled.definition, compiled.name, this.invokerFor(compiled, dynamo), options);
  }

  /** Runs any ASL definition; tasks must be mocked or name functions given in `functions`. */
  async runDefinition(definition: unknown, stateMachineName: string, options: RunOptions & { functions?: Record<string, LocalFunctionConfig> } = {}): Promise<LocalRun> {
    this.assertOpen();
    const lambda = options.functions ? this.lambdaInvoker(`definition:${stateMachineName}`, options.functions) : undefined;
    return this.execute(definition, stateMachineName, lambda, options);
  }

  /**
   * In order: refuses new executions, lets running ones end (and be recorded), ends the worker
   * pools (no more DynamoDB requests), then DynamoDB. Never throws: by now the results are known,
   * and a failure to shut a local service down must not turn them into a crash.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled([...this.invokers.values()].map((invoker) => invoker.close()));
    await Promise.allSettled([...this.retiring]);
    const dynamo = await this.dynamo?.catch(() => undefined);
    await dynamo?.close().catch(() => undefined);
  }

  /**
   * The idempotency table handlers of this engine use (started now if no step used it yet), for
   * operators that read or release its records while the engine holds its folder (`aethon dev`).
   * Undefined with `dynamodb: 'none'`.
   */
  idempotencyTable(): Promise<LocalDynamo> | undefined {
    this.assertOpen();
    return this.startDynamo();
  }

  /**
   * Hot reload of handler code (`aethon dev`): checks that the workflow's handlers build, then
   * lets new executions load them afresh. Executions already running keep the workers they
   * started with, which end once those executions have. Returns the build problems (then
   * nothing is replaced), or [] when the new code serves.
   */
  async reloadHandlers(compiled: CompiledWorkflow): Promise<string[]> {
    this.assertOpen();
    const problems = await handlerBuildProblems(compiled.functions.map((fn) => ({ handlerFile: resolve(this.projectRoot, fn.handler.file), exportName: fn.handler.exportName })));
    if (problems.length > 0) return problems;
    const previous = this.invokers.get(compiled.name);
    if (previous) {
      this.invokers.delete(compiled.name);
      const retired = Promise.allSettled([...this.inFlight]).then(() => previous.close());
      this.retiring.add(retired);
      void retired.finally(() => this.retiring.delete(retired));
    }
    return [];
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the local engine is closed: start a new one to run more executions');
  }

  /** Starts DynamoDB once, for every workflow of this engine that has an idempotent step. */
  private startDynamo(): Promise<LocalDynamo> | undefined {
    const mode = this.options.dynamodb ?? 'memory';
    if (mode === 'none') return undefined;
    this.dynamo ??= startDynalite(mode === 'persistent' ? { path: join(this.localDir, 'dynamodb'), ...(this.options.storeWait ? { wait: this.options.storeWait } : {}) } : {});
    return this.dynamo;
  }

  private async execute(definition: unknown, stateMachineName: string, lambda: TaskInvoker | undefined, options: RunOptions): Promise<LocalRun> {
    const run = this.executeAndRecord(definition, stateMachineName, lambda, options);
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private async executeAndRecord(definition: unknown, stateMachineName: string, lambda: TaskInvoker | undefined, options: RunOptions): Promise<LocalRun> {
    const random = this.options.random ?? Math.random;
    const executionName = options.executionName ?? randomName(random);
    const logs: CapturedLog[] = [];
    this.activeRuns.set(executionName, logs);
    try {
      const record = await runExecution({
        definition,
        input: options.input ?? {},
        taskInvoker: this.taskInvoker(lambda, options.mocks, stateMachineName),
        clock: this.clock,
        // Handlers run in worker threads, in real time: virtual time must not skip past them.
        holdClockWhileTasksRun: true,
        random,
        executionName,
        stateMachineName,
        onEvent: eventListener(this.options.onEvent, options.onEvent, executionName),
        ...(options.redrive ? { redrive: options.redrive } : {}),
        ...(options.resume ? { resume: options.resume } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const notRecorded = this.options.recordExecutions ? await recordExecution(this.localDir, record, this.options.storeWait) : undefined;
      return { ...record, logs, ...(notRecorded ? { notRecorded } : {}) };
    } finally {
      this.activeRuns.delete(executionName);
    }
  }

  private taskInvoker(lambda: TaskInvoker | undefined, mocks: TaskMocks | undefined, stateMachineName: string): TaskInvoker {
    if (!mocks) return lambda ?? noTaskRunner;
    if ('states' in mocks) return createFunctionMockInvoker({ ...mocks.states }, lambda ? { fallback: lambda } : undefined);
    return createMockInvoker({
      mockConfig: mocks.mockConfig,
      stateMachineName: mocks.stateMachine ?? stateMachineName,
      testCaseName: mocks.testCase,
      ...(lambda ? { fallback: lambda } : {}),
    });
  }

  private invokerFor(compiled: CompiledWorkflow, dynamo: LocalDynamo | undefined): LambdaInvoker {
    const functions = Object.fromEntries(
      compiled.functions.map((fn): [string, LocalFunctionConfig] => [
        fn.placeholder,
        {
          functionName: `${compiled.name}-${fn.id}`,
          handlerFile: resolve(this.projectRoot, fn.handler.file),
          exportName: fn.handler.exportName,
          timeoutSeconds: fn.timeoutSeconds,
          memoryMb: Math.max(fn.memoryMb, 256),
          environment: functionEnvironment(compiled, fn, {
            stage: 'local',
            localDir: this.localDir,
            ...(dynamo ? { idempotencyTable: dynamo.tableName, dynamodbEndpoint: dynamo.endpoint } : {}),
          }),
        },
      ]),
    );
    return this.lambdaInvoker(compiled.name, functions);
  }

  private lambdaInvoker(key: string, functions: Record<string, LocalFunctionConfig>): LambdaInvoker {
    let invoker = this.invokers.get(key);
    if (!invoker) {
      invoker = createLambdaInvoker({
        functions,
        maxWorkersPerFunction: this.options.maxWorkersPerFunction ?? 2,
        sharedEnvironment: {
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          ...this.options.environment,
        },
        onLog: (line, meta) => this.capture({ ...meta, line }),
      });
      this.invokers.set(key, invoker);
    }
    return invoker;
  }

  /** Attributes a log line to its execution: the only one running, or the one it names. */
  private capture(log: CapturedLog): void {
    this.options.onLog?.(log);
    const runs = [...this.activeRuns.entries()];
    const owner = runs.length === 1 ? runs[0] : runs.find(([name]) => log.line.includes(name));
    owner?.[1].push(log);
  }
}

/**
 * As `cdk deploy` does on AWS: the first local run stores the defaults; a run after the workflow
 * file's config changed fills new keys with their defaults and keeps the values in force
 * (throws ConfigSpecChangeRefusedError, naming the key, when one no longer fits the schema).
 */
function seedConfig(localDir: string, workflow: CompiledWorkflow): void {
  if (workflow.config) reconcileLocalConfig(localDir, workflow.name, workflow.config);
}

const noTaskRunner: TaskInvoker = async ({ stateName, resource }) => {
  const { TaskFailure } = await import('./taskInvoker.ts');
  throw new TaskFailure(StatesErrors.RUNTIME, `state '${stateName}' calls ${resource}, which has no local handler and no mock; pass a mock for it`);
};

/** The engine's listener and the run's own, as one (none when neither is given). */
function eventListener(engine: LocalEngineOptions['onEvent'], run: RunOptions['onEvent'], executionName: string): ((event: HistoryEvent) => void) | undefined {
  if (!engine) return run;
  if (!run) return (event) => engine(event, executionName);
  return (event) => {
    engine(event, executionName);
    run(event);
  };
}

function randomName(random: () => number): string {
  const hex = () => Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return `local-${hex()}-${hex()}`;
}
