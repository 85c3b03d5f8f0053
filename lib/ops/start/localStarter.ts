/**
 * Idempotent starts on the local engine: `aethon start --local` and the local event intake. A
 * name that already names an execution of the workflow (finished, or still running in this
 * process) starts nothing new, as Step Functions refuses a second Standard execution of one name.
 * Within a process an in-flight map closes the gap between "not in the store" and "recorded";
 * across processes the execution store's lock serializes starts (see withLocalStore).
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { ExecutionInputConflictError } from '../../contracts/executionInputConflict.ts';
import type { LocalEngine } from '../../local/localEngine.ts';
import type { ExecutionStore } from '../../local/store/index.ts';
import type { ExecutionRecord } from '../../local/types.ts';

/** What a start did. */
export type LocalStartOutcome =
  | { readonly status: 'started'; readonly workflow: string; readonly name: string; readonly record: ExecutionRecord }
  | {
      readonly status: 'duplicate';
      readonly workflow: string;
      readonly name: string;
      /** The existing execution's status (RUNNING when it is still in flight here). */
      readonly executionStatus: string;
      /** The existing record, when it has finished. */
      readonly record?: ExecutionRecord;
    };

interface InFlight {
  readonly inputJson: string;
  readonly done: Promise<unknown>;
}

/** What starts an execution of a workflow locally: the in-process engine, or a running `aethon dev`. */
export interface ExecutionStarter {
  /**
   * Runs an execution to its end, unless one of that name exists (then a duplicate).
   * @throws ExecutionInputConflictError when the name exists with another input
   */
  start(workflow: CompiledWorkflow, input: unknown, name: string | undefined): Promise<LocalStartOutcome>;
}

/** Starts executions of compiled workflows on one engine, recording them in one store. */
export class LocalStarter implements ExecutionStarter {
  private readonly inFlight = new Map<string, InFlight>();

  private engine: Promise<LocalEngine> | undefined;

  /**
   * @param startEngine starts the engine on first use, so a duplicate never pays for it
   * @param store where executions are looked up and recorded
   */
  constructor(
    private readonly startEngine: () => Promise<LocalEngine>,
    private readonly store: ExecutionStore,
  ) {}

  /** The engine, if a start needed it (the caller closes it). */
  async engineIfStarted(): Promise<LocalEngine | undefined> {
    return this.engine;
  }

  /**
   * Runs an execution to its end, unless one of that name exists. Without a name every start is
   * a new execution.
   * @throws ExecutionInputConflictError when the name exists with another input
   */
  async start(workflow: CompiledWorkflow, input: unknown, name: string | undefined): Promise<LocalStartOutcome> {
    const inputJson = JSON.stringify(input ?? {});
    if (name === undefined) return this.run(workflow, input, undefined);
    const slot = `${workflow.name}\u0000${name}`;
    // Checked and claimed with no await in between: concurrent duplicates see the claim.
    const running = this.inFlight.get(slot);
    if (running) {
      if (running.inputJson !== inputJson) throw new ExecutionInputConflictError(workflow.name, name);
      return { status: 'duplicate', workflow: workflow.name, name, executionStatus: 'RUNNING' };
    }
    let release!: () => void;
    this.inFlight.set(slot, { inputJson, done: new Promise<void>((resolve) => (release = resolve)) });
    try {
      const existing = await this.store.get(name);
      if (existing && existing.stateMachineName === workflow.name) {
        if (JSON.stringify(existing.input ?? {}) !== inputJson) throw new ExecutionInputConflictError(workflow.name, name);
        return { status: 'duplicate', workflow: workflow.name, name, executionStatus: existing.status, record: existing };
      }
      return await this.run(workflow, input, name);
    } finally {
      this.inFlight.delete(slot);
      release();
    }
  }

  /** Waits for every execution this starter is running. */
  async settle(): Promise<void> {
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
  }

  private async run(workflow: CompiledWorkflow, input: unknown, name: string | undefined): Promise<LocalStartOutcome> {
    this.engine ??= this.startEngine();
    const engine = await this.engine;
    const { logs: _logs, ...record } = await engine.runWorkflow(workflow, { input: input ?? {}, ...(name ? { executionName: name } : {}) });
    await this.store.put(record);
    return { status: 'started', workflow: workflow.name, name: record.name, record };
  }
}
