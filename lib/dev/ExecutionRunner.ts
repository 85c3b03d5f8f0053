/**
 * Runs the executions of `aethon dev` on one local engine: starts them under the Step Functions
 * name rules, streams each history event to the checkpoints, stops them, and continues the ones
 * a previous server left running.
 */
import { randomUUID } from 'node:crypto';
import { mapRunExecutions } from '../local/engine/index.ts';
import type { CapturedLog, LocalEngine, RunOptions } from '../local/localEngine.ts';
import type { MockConfig } from '../local/mocks/index.ts';
import type { OpenedExecutionStore } from '../local/store/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../local/types.ts';
import { executionArnOf } from './arns.ts';
import type { StopReason } from './executionRules.ts';
import { LIVE_LOGS_KIND, LOGS_KIND, MAX_LOG_LINES, RESUME_NOTE_KIND, type CheckpointWriter, type KeptLogLine, type ResumeNote, type Running } from './checkpoints.ts';
import { DevApiError } from './protocol.ts';
import { redriveCountOf } from '../ops/executions/redriveCount.ts';
import { failedTopLevelState } from '../ops/executions/statePath.ts';
import { mapRunsToRedrive, topLevelVariables } from '../ops/redrive/localRedrive.ts';
import { redriveToResume } from '../ops/redrive/resumedRedrive.ts';
import { storedMapRunChildren } from '../ops/redrive/storedMapRunChildren.ts';
import { alreadyExists, checkExecutionName, notRedrivable, parseInput, runningRecord, withStopReason } from './executionRules.ts';
import { planResume } from './resume.ts';
import type { TaskTokenRegistry } from './taskTokens.ts';
import type { ServedStateMachine, StateMachineRegistry } from './stateMachineRegistry.ts';

/** What the runner tells its observers (metrics, health). */
export interface RunnerListener {
  started?(stateMachineName: string): void;
  event?(stateMachineName: string, event: HistoryEvent, executionArn: string): void;
  finished?(record: ExecutionRecord): void;
  /** A PutEvents entry matched a trigger of this workflow. */
  eventMatched?(workflow: string): void;
  /** A handler of one of this state machine's executions wrote a line (Powertools JSON, usually). */
  handlerLog?(stateMachineName: string, log: CapturedLog): void;
}

/** An execution running in this server. */
export interface LiveExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineName: string;
  readonly inputJson: string;
  readonly input: unknown;
  readonly history: HistoryEvent[];
  /** Its handlers' log lines so far (at most MAX_LOG_LINES), for GET /aethon/dev/logs while it runs. */
  readonly logs: KeptLogLine[];
  startDate?: string;
  readonly started: Promise<string>;
  readonly done: Promise<ExecutionRecord>;
}

interface Tracked extends LiveExecution {
  readonly abort: AbortController;
  /** Settles `started`: with ExecutionStarted's time, or with why nothing was recorded. */
  readonly settleStarted: { readonly resolve: (date: string) => void; readonly reject: (error: unknown) => void };
  done: Promise<ExecutionRecord>;
  stopRequest?: StopReason;
  /** Lines a previous server kept before it was killed (the engine hands over only this run's). */
  priorLogs: readonly KeptLogLine[];
}


export interface ExecutionRunnerOptions {
  readonly engine: LocalEngine;
  readonly registry: StateMachineRegistry;
  readonly store: OpenedExecutionStore;
  readonly checkpoints: CheckpointWriter;
  /** The MockConfigFile `#TestCase` starts use. */
  readonly mockConfig?: MockConfig;
  /** Where `.waitForTaskToken` tasks wait for SendTaskSuccess/Failure. */
  readonly taskTokens: TaskTokenRegistry;
  readonly listener?: RunnerListener;
}

export class ExecutionRunner {
  private readonly running = new Map<string, Tracked>();
  /** Executions a RedriveExecution is reading and launching: one at a time per execution. */
  private readonly redriving = new Set<string>();

  constructor(private readonly options: ExecutionRunnerOptions) {}

  /** Tells the observers that an event matched a workflow's trigger. */
  eventMatched(workflow: string): void {
    this.options.listener?.eventMatched?.(workflow);
  }

  /** The executions running now. */
  live(): LiveExecution[] {
    return [...this.running.values()];
  }

  /**
   * A handler wrote a line: it goes to its execution now (the engine hands the lines over only at
   * the end). Same attribution as the engine's: the only execution running, or the one it names.
   */
  logArrived(log: CapturedLog): void {
    const live = [...this.running.values()];
    const owner = live.length === 1 ? live[0] : live.find((tracked) => log.line.includes(tracked.name));
    if (owner === undefined) return;
    this.options.listener?.handlerLog?.(owner.stateMachineName, log);
    if (owner.logs.length >= MAX_LOG_LINES) return;
    owner.logs.push({ functionName: log.functionName, ...(log.stateName !== undefined ? { stateName: log.stateName } : {}), stream: log.stream, line: log.line });
    this.options.checkpoints.logsGrew(owner.executionArn, owner.logs);
  }

  /** A running execution by canonical ARN. */
  find(executionArn: string): LiveExecution | undefined {
    return this.running.get(executionArn);
  }

  /**
   * StartExecution: a new execution, or the running one of that name when the input is the same.
   * @throws DevApiError ExecutionAlreadyExists, InvalidName, InvalidExecutionInput, ValidationException
   */
  async start(machine: ServedStateMachine, request: { readonly name?: string; readonly inputJson?: string; readonly testCase?: string }): Promise<{ executionArn: string; startDate: string }> {
    const name = request.name ?? randomUUID();
    checkExecutionName(name);
    const inputJson = request.inputJson ?? '{}';
    const input = parseInput(inputJson);
    const executionArn = executionArnOf(machine.name, name);
    const live = this.running.get(executionArn);
    if (live) {
      if (live.inputJson !== inputJson) throw alreadyExists(executionArn, 'is running with a different input');
      return { executionArn, startDate: await live.started };
    }
    if (request.testCase !== undefined && this.options.mockConfig === undefined) {
      throw new DevApiError('ValidationException', `the state machine ARN names the test case '${request.testCase}', but aethon dev has no MockConfigFile: start it with --mock-config <file> or SFN_MOCK_CONFIG=<file>`);
    }
    const tracked = this.track(executionArn, name, machine.name, inputJson, input, []);
    if (await this.options.store.exists(executionArn)) {
      const refused = alreadyExists(executionArn, 'already exists; a name is used once per state machine (its input can be the same only while it runs)');
      // A concurrent start of the same name is waiting on this claim: it gets the same answer.
      tracked.settleStarted.reject(refused);
      this.running.delete(executionArn);
      throw refused;
    }
    const note: ResumeNote = { executionArn, stateMachineName: machine.name, definition: machine.definition, ...(request.testCase !== undefined ? { testCase: request.testCase } : {}) };
    this.options.checkpoints.noteStarted(note);
    this.launch(tracked, machine, note, { input });
    let startDate: string;
    try {
      startDate = await tracked.started;
    } catch (error) {
      throw new DevApiError('ValidationException', `the execution could not start: ${(error as Error).message}`);
    }
    this.options.listener?.started?.(machine.name);
    await this.options.checkpoints.flush();
    return { executionArn, startDate };
  }

  /** StartSyncExecution: starts, then waits for the end. */
  async startAndWait(machine: ServedStateMachine, request: { readonly name?: string; readonly inputJson?: string; readonly testCase?: string }): Promise<ExecutionRecord> {
    const { executionArn } = await this.start(machine, request);
    await this.running.get(executionArn)?.done;
    // The final record is written by now (or it ended before this line, and the flush writes it).
    await this.options.checkpoints.flush();
    const record = await this.options.store.get(executionArn);
    if (!record) throw new DevApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /**
   * StopExecution: aborts a running execution; ABORTED with the given error and cause.
   * @returns the stop date, or undefined when it is not running here
   */
  async stop(executionArn: string, reason: { readonly error?: string; readonly cause?: string }): Promise<string | undefined> {
    const tracked = this.running.get(executionArn);
    if (!tracked) return undefined;
    tracked.stopRequest = reason;
    tracked.abort.abort();
    const record = await tracked.done;
    await this.options.checkpoints.flush();
    return record.stopDate;
  }

  /**
   * RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution continues from the top-level state
   * where it stopped, with the input that state received and the variables as recorded; its
   * history gets ExecutionRedriven, then the new events (as `aethon redrive --local`, but
   * checkpointed like every execution here).
   * @throws DevApiError ExecutionDoesNotExist, ExecutionNotRedrivable
   */
  async redrive(executionArn: string): Promise<string> {
    const { store, registry, checkpoints } = this.options;
    if (this.running.has(executionArn)) throw notRedrivable(executionArn, 'it is RUNNING');
    // Claimed before the first await: a concurrent redrive would read the same record and run it a second time.
    if (this.redriving.has(executionArn)) throw notRedrivable(executionArn, 'another RedriveExecution of it is under way');
    this.redriving.add(executionArn);
    try {
      await checkpoints.flush();
      const record = await store.get(executionArn);
      if (!record) throw new DevApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
      if (!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(record.status)) throw notRedrivable(executionArn, `it is ${record.status}; only FAILED, TIMED_OUT or ABORTED executions can be redriven`);
      const machine = registry.get(record.stateMachineName);
      const states = machine.definition.States as Record<string, { Type?: string }>;
      const failed = failedTopLevelState(record.history, new Set(Object.keys(states)));
      if (!failed || failed.input === undefined) throw notRedrivable(executionArn, 'it failed before its first state; start it again instead');
      if (states[failed.name]?.Type === 'Fail') throw notRedrivable(executionArn, `it ended in the Fail state '${failed.name}', which would only fail again`);
      // A failed Distributed Map continues its Map Run (read before the execution counts as running again: a stop must find it launched).
      const { mapRuns, warnings } = mapRunsToRedrive(states, failed.name, record.history, await storedMapRunChildren(store, record));
      // The earlier attempts' lines stay with the execution (its end writes them again), then what the redrive could not continue, said as a handler would.
      const earlierLines = (await store.documents.get<KeptLogLine[]>(LOGS_KIND, executionArn)) ?? [];
      const redriveDate = new Date(this.options.engine.clock.now()).toISOString();
      const warningLines = warnings.map((message): KeptLogLine => ({ functionName: 'aethon-dev', stateName: failed.name, stream: 'stderr', line: JSON.stringify({ level: 'WARN', message: `RedriveExecution: ${message}`, service: 'aethon-dev', timestamp: redriveDate }) }));
      const priorLogs = [...earlierLines, ...warningLines].slice(0, MAX_LOG_LINES);
      // A StartExecution of its name holds it for a moment before finding it exists.
      if (this.running.has(executionArn)) throw notRedrivable(executionArn, 'it is RUNNING');
      const last = record.history[record.history.length - 1];
      const redriven = { id: record.history.length + 1, previousEventId: last?.id ?? 0, timestamp: redriveDate, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: redriveCountOf(record.history) + 1 } };
      const history = [...record.history, redriven as HistoryEvent];
      const definition = { ...machine.definition, StartAt: failed.name };
      const tracked = this.track(executionArn, record.name, record.stateMachineName, JSON.stringify(record.input ?? {}), record.input, history, record.startDate);
      tracked.priorLogs = priorLogs;
      tracked.logs.push(...priorLogs);
      // Checkpointed like a live line: a redrive killed before its end keeps them too.
      if (priorLogs.length > 0) checkpoints.logsGrew(executionArn, tracked.logs);
      const note: ResumeNote = { executionArn, stateMachineName: machine.name, definition };
      checkpoints.noteStarted(note);
      // The stored record holds the history before ExecutionRedriven.
      checkpoints.checkpoint(executionArn, checkpointOf(tracked), record.history.length);
      const variables = topLevelVariables(record.history, new Set(Object.keys(states)));
      const redrive = mapRuns === undefined ? {} : { redrive: { count: redriven.executionRedrivenEventDetails.redriveCount, startTime: record.startDate, executionInput: record.input, variables, mapRuns } };
      this.launch(tracked, machine, note, { input: JSON.parse(failed.input) as unknown, resume: { history, startTime: record.startDate, executionInput: record.input, variables }, ...redrive });
      await checkpoints.flush();
      return redriveDate;
    } finally {
      this.redriving.delete(executionArn);
    }
  }

  /**
   * Ends the work of every running execution without recording it (call after the checkpoints
   * are frozen): the store keeps them RUNNING, and the next server continues them. No handler
   * runs after the server has stopped.
   */
  async abandon(): Promise<void> {
    const live = [...this.running.values()];
    for (const tracked of live) tracked.abort.abort();
    await Promise.allSettled(live.map((tracked) => tracked.done));
  }

  /** Continues every execution a previous server left running; returns how many. */
  async resumeInterrupted(): Promise<number> {
    const { store, registry, checkpoints } = this.options;
    let resumed = 0;
    const chunks = await store.documents.list<KeptLogLine[]>(LIVE_LOGS_KIND);
    for (const { value: note } of await store.documents.list<ResumeNote>(RESUME_NOTE_KIND)) {
      const record = await store.get(note.executionArn);
      const ownChunks = chunks.filter((chunk) => chunk.id.slice(0, chunk.id.lastIndexOf('|')) === note.executionArn);
      const priorLogs = ownChunks.flatMap((chunk) => chunk.value).slice(0, MAX_LOG_LINES);
      checkpoints.logsStored(note.executionArn, priorLogs.length, ownChunks.map((chunk) => chunk.id));
      if (!record || record.status !== 'RUNNING' || record.history.length === 0) {
        checkpoints.forget(note.executionArn);
        continue;
      }
      const plan = planResume(record, note.definition);
      // A redrive killed inside its Distributed Map continues the Map Run it had continued.
      const redrive = await redriveToResume(store, record, note.definition, plan.stateName, plan.resume.variables ?? {});
      const machine = registry.find(note.stateMachineName) ?? { name: note.stateMachineName, definition: note.definition };
      const tracked = this.track(record.executionArn, record.name, record.stateMachineName, JSON.stringify(record.input ?? {}), record.input, [...record.history], record.startDate);
      checkpoints.checkpoint(record.executionArn, checkpointOf(tracked), record.history.length);
      tracked.priorLogs = priorLogs;
      tracked.logs.push(...priorLogs);
      this.launch(tracked, machine, { ...note, definition: plan.definition }, { input: plan.input, resume: plan.resume, ...(redrive ? { redrive } : {}) });
      resumed++;
    }
    await checkpoints.flush();
    return resumed;
  }

  private track(executionArn: string, name: string, stateMachineName: string, inputJson: string, input: unknown, history: HistoryEvent[], startDate?: string): Tracked {
    let settleStarted!: { resolve: (date: string) => void; reject: (error: unknown) => void };
    const started = new Promise<string>((resolve, reject) => (settleStarted = { resolve, reject }));
    started.catch(() => undefined);
    if (startDate !== undefined) settleStarted.resolve(startDate);
    // Replaced by launch(); until then a stop has nothing to wait for.
    const done = new Promise<ExecutionRecord>(() => {});
    const tracked: Tracked = { executionArn, name, stateMachineName, inputJson, input, history, logs: [], priorLogs: [], started, settleStarted, done, abort: new AbortController(), ...(startDate ? { startDate } : {}) };
    this.running.set(executionArn, tracked);
    return tracked;
  }

  /** Runs on the engine; every event goes to the checkpoints, the end to the store. */
  private launch(tracked: Tracked, machine: Pick<ServedStateMachine, 'name' | 'definition' | 'workflow'>, note: ResumeNote, run: Pick<RunOptions, 'input' | 'resume' | 'redrive'>): void {
    const { engine, checkpoints, mockConfig, listener } = this.options;
    const hooks = tracked.settleStarted;
    const running = checkpointOf(tracked);
    const options: RunOptions = {
      ...run,
      executionName: tracked.name,
      signal: tracked.abort.signal,
      onEvent: (event) => {
        tracked.history.push(event);
        if (event.type === 'ExecutionStarted') {
          tracked.startDate = event.timestamp;
          hooks.resolve(event.timestamp);
        }
        listener?.event?.(machine.name, event, tracked.executionArn);
        checkpoints.checkpoint(tracked.executionArn, running);
      },
      ...mocksFor(note, machine.name, mockConfig, this.options.taskTokens),
    };
    const definition = note.definition;
    const execution = machine.workflow
      ? engine.runWorkflow({ ...machine.workflow, definition: definition as never }, options)
      : engine.runDefinition(definition, machine.name, options);
    tracked.done = execution.then(
      ({ logs, notRecorded: _notRecorded, ...record }) => {
        // The start date clients were given (ExecutionStarted's) stays the record's: the engine's own is taken a moment before.
        const final = withStopReason({ ...record, startDate: tracked.startDate ?? record.startDate }, tracked.stopRequest);
        checkpoints.finished(
          final,
          [...tracked.priorLogs, ...logs].slice(0, MAX_LOG_LINES).map((log) => ({ functionName: log.functionName, ...(log.stateName !== undefined ? { stateName: log.stateName } : {}), stream: log.stream, line: log.line })),
          mapRunExecutions(record),
        );
        this.running.delete(tracked.executionArn);
        listener?.finished?.(final);
        return final;
      },
      (error: unknown) => {
        // It failed before recording anything (an invalid definition, an unknown test case).
        hooks.reject(error);
        checkpoints.forget(tracked.executionArn);
        this.running.delete(tracked.executionArn);
        throw error;
      },
    );
    tracked.done.catch(() => undefined);
  }
}

/** What the checkpoints read of a running execution: its history, and its record without it (they append the events on their own). */
function checkpointOf(tracked: Tracked): Running {
  return { history: tracked.history, head: () => ({ ...runningRecord({ ...tracked, history: tracked.history.slice(0, 1) }), history: [] }) };
}

/** A MockConfigFile test case, or else the callback tasks waiting for their tokens. */
function mocksFor(note: ResumeNote, stateMachine: string, mockConfig: MockConfig | undefined, taskTokens: TaskTokenRegistry): Pick<RunOptions, 'mocks'> {
  if (note.testCase !== undefined && mockConfig) return { mocks: { mockConfig, testCase: note.testCase, stateMachine } };
  const states = taskTokens.statesOf(note.definition);
  return Object.keys(states).length > 0 ? { mocks: { states } } : {};
}
