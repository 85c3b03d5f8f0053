/**
 * Schedule triggers on `aethon dev`: each workflow's `schedule` triggers fire while the server
 * runs, on the real clock even with `--virtual-time` (virtual time skips to the next instant
 * whenever nothing runs, so a rate would fire without pause). Each firing starts an execution
 * with the trigger's input, as EventBridge Scheduler does, and is recorded. Firings missed while
 * no server ran are not made up.
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import type { Clock } from '../../local/engine/index.ts';
import { parseSchedule, type Schedule } from './nextFireTime.ts';

/** One firing, as recorded. */
export interface Firing {
  readonly workflow: string;
  readonly expression: string;
  /** ISO 8601: when it was due. */
  readonly scheduledTime: string;
  readonly executionArn?: string;
  readonly error?: string;
}

/** A schedule trigger as the server runs it. */
export interface ScheduleState {
  readonly workflow: string;
  readonly expression: string;
  readonly timezone: string;
  /** ISO 8601; absent when it will not fire again. */
  next?: string;
  /** Why it does not fire locally. */
  readonly problem?: string;
  fired: number;
}

/** What the scheduler needs from the server. */
export interface SchedulerPorts {
  /** Time for schedules (the real clock; a virtual one in tests). */
  readonly clock: Clock;
  /** Starts an execution; resolves with its ARN. */
  readonly start: (workflow: string, input: unknown) => Promise<string>;
  /** Keeps a firing. */
  readonly record: (firing: Firing) => void;
}

// setTimeout takes at most 2^31-1 ms; longer waits go in steps.
const MAX_SLEEP_MS = 2 ** 31 - 1;

export class Scheduler {
  private readonly stopping = new AbortController();
  private readonly states: ScheduleState[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly ports: SchedulerPorts) {}

  /** Arms every schedule trigger of the workflows. */
  start(workflows: readonly CompiledWorkflow[]): readonly ScheduleState[] {
    const now = this.ports.clock.now();
    for (const workflow of workflows) {
      for (const trigger of workflow.spec.triggers ?? []) {
        if (!('schedule' in trigger)) continue;
        const { expression, timezone = 'UTC', input } = trigger.schedule as { expression: string; timezone?: string; input?: unknown };
        let schedule: Schedule;
        try {
          schedule = parseSchedule(expression, timezone, now);
        } catch (error) {
          this.states.push({ workflow: workflow.name, expression, timezone, problem: (error as Error).message, fired: 0 });
          continue;
        }
        const state: ScheduleState = { workflow: workflow.name, expression, timezone, fired: 0 };
        this.states.push(state);
        this.loops.push(this.run(state, schedule, input ?? {}));
      }
    }
    return this.states;
  }

  /** The schedules, with their next firing. */
  status(): readonly ScheduleState[] {
    return this.states;
  }

  /** Stops every schedule; a firing already starting finishes its start. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.loops);
  }

  private async run(state: ScheduleState, schedule: Schedule, input: unknown): Promise<void> {
    const { clock, start, record } = this.ports;
    let after = clock.now();
    for (;;) {
      const due = schedule(after);
      if (due === undefined) {
        delete state.next;
        return;
      }
      state.next = new Date(due).toISOString();
      try {
        for (let now = clock.now(); now < due; now = clock.now()) await clock.sleep(Math.min(due - now, MAX_SLEEP_MS), this.stopping.signal);
      } catch {
        return;
      }
      after = due;
      const firing = { workflow: state.workflow, expression: state.expression, scheduledTime: new Date(due).toISOString() };
      try {
        record({ ...firing, executionArn: await start(state.workflow, input) });
      } catch (error) {
        record({ ...firing, error: (error as Error).message });
      }
      state.fired++;
    }
  }
}
