/**
 * The state `aethon dev` owns while it runs: the execution store (held open, so its lock keeps
 * every other writer out), the local engine, the state machines and the running executions.
 */
import { join } from 'node:path';
import { LocalEngine } from '../local/localEngine.ts';
import { RealClock, VirtualClock, type Clock } from '../local/engine/index.ts';
import { loadMockConfigFile, type MockConfig } from '../local/mocks/index.ts';
import { openExecutionStore, type OpenedExecutionStore } from '../local/store/index.ts';
import { loadAllWorkflows } from '../ops/workflows.ts';
import { CheckpointWriter, CLOCK_KIND, VIRTUAL_CLOCK_ID } from './checkpoints.ts';
import { ExecutionRunner, type RunnerListener } from './ExecutionRunner.ts';
import { StateMachineRegistry } from './stateMachineRegistry.ts';
import { TaskTokenRegistry } from './taskTokens.ts';
import { Scheduler } from './schedules/Scheduler.ts';
import { clockScheduleTime, virtualScheduleTime, type ScheduleTime } from './schedules/scheduleTime.ts';
import { WorkflowReloader } from './workflowReloader.ts';

/** Where each schedule firing is kept: `<workflow>|<scheduled time>`. */
export const FIRING_KIND = 'firing';

/** How the control plane starts. */
export interface ControlPlaneOptions {
  /** The project: workflows/, functions/, and .aethon/ for the state. */
  readonly projectRoot: string;
  /** @default <projectRoot>/.aethon */
  readonly localDir?: string;
  /** Skip waits and backoffs; the virtual time is kept across restarts. @default false */
  readonly virtualTime?: boolean;
  /** A Step Functions Local MockConfigFile for `<stateMachineArn>#<TestCase>` starts. */
  readonly mockConfigFile?: string;
  /** Variables for every handler (service URLs). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly listener?: RunnerListener;
  /**
   * The clock schedule triggers fire on (tests).
   * @default the real clock; with virtualTime, the virtual clock paced by the real one (schedules/scheduleTime.ts)
   */
  readonly scheduleClock?: Clock;
  /** Told when workflows/ or functions/ change (reloads, invalid files). @default no one */
  readonly onNotice?: (message: string) => void;
  /**
   * Reload edited workflows.
   * @default true
   */
  readonly watch?: boolean;
}

export class DevControlPlane {
  private constructor(
    readonly store: OpenedExecutionStore,
    readonly engine: LocalEngine,
    readonly registry: StateMachineRegistry,
    readonly runner: ExecutionRunner,
    readonly checkpoints: CheckpointWriter,
    readonly taskTokens: TaskTokenRegistry,
    readonly scheduler: Scheduler,
    readonly reloader: WorkflowReloader,
    /** Workflow files that did not compile (not served). */
    readonly invalidWorkflows: readonly string[],
    /** Executions continued from a previous server. */
    readonly resumed: number,
  ) {}

  /**
   * Opens the store (failing at once if another process holds it), compiles the workflows, and
   * continues the executions a previous server left running.
   * @throws ExecutionStoreLockedError when another process holds the store
   */
  static async open(options: ControlPlaneOptions): Promise<DevControlPlane> {
    const localDir = options.localDir ?? join(options.projectRoot, '.aethon');
    const mockConfig: MockConfig | undefined = options.mockConfigFile ? await loadMockConfigFile(options.mockConfigFile) : undefined;
    const store = await openExecutionStore(localDir);
    try {
      const clock = await clockFor(store, options.virtualTime === true);
      const { workflows, invalid } = await loadAllWorkflows(options.projectRoot);
      const registry = await StateMachineRegistry.load(store.documents, workflows, new Date().toISOString());
      // Handler log lines go to their execution as they are written (the runner exists only after the engine).
      let logsTo: ExecutionRunner | undefined;
      const engine = await LocalEngine.start({ projectRoot: options.projectRoot, localDir, clock, dynamodb: 'persistent', recordExecutions: false, onLog: (log) => logsTo?.logArrived(log), ...(options.environment ? { environment: options.environment } : {}) });
      const checkpoints = new CheckpointWriter(store, options.virtualTime ? clock : undefined);
      const taskTokens = new TaskTokenRegistry();
      const runner = new ExecutionRunner({ engine, registry, store, checkpoints, taskTokens, ...(mockConfig ? { mockConfig } : {}), ...(options.listener ? { listener: options.listener } : {}) });
      logsTo = runner;
      const resumed = await runner.resumeInterrupted();
      const scheduler = new Scheduler({
        time: scheduleTimeFor(clock, options.scheduleClock),
        start: async (workflow, input) => (await runner.start(registry.get(workflow), { inputJson: JSON.stringify(input) })).executionArn,
        record: (firing) => void store.documents.put(FIRING_KIND, `${firing.workflow}|${firing.scheduledTime}`, firing).catch(() => undefined),
      });
      scheduler.start(workflows);
      const reloader = new WorkflowReloader(options.projectRoot, registry, options.onNotice ?? (() => {}), engine);
      if (options.watch !== false) reloader.start();
      return new DevControlPlane(store, engine, registry, runner, checkpoints, taskTokens, scheduler, reloader, invalid, resumed);
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /**
   * Writes every checkpoint, then lets go: executions still running stay recorded as RUNNING (their
   * work in this process ends unrecorded) and continue when a server starts again; none is aborted.
   */
  async close(): Promise<void> {
    await this.reloader.close();
    await this.scheduler.stop();
    await this.checkpoints.freeze();
    await this.runner.abandon();
    await this.engine.close();
    await this.store.close();
  }
}

/** The real clock, or a virtual one that continues from the time the last server kept. */
async function clockFor(store: OpenedExecutionStore, virtual: boolean): Promise<Clock> {
  if (!virtual) return new RealClock();
  const kept = await store.documents.get<{ now?: number }>(CLOCK_KIND, VIRTUAL_CLOCK_ID);
  return new VirtualClock({ start: typeof kept?.now === 'number' ? kept.now : Date.now() });
}

/** Schedules on the given clock, or on the server's: virtual time paced by the real clock, else the real clock. */
function scheduleTimeFor(serverClock: Clock, scheduleClock: Clock | undefined): ScheduleTime {
  if (scheduleClock) return clockScheduleTime(scheduleClock);
  return serverClock instanceof VirtualClock ? virtualScheduleTime(serverClock, new RealClock()) : clockScheduleTime(serverClock);
}
