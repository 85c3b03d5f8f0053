/**
 * Schedule triggers on `aethon dev`: each workflow's `schedule` triggers fire while the server
 * runs. Each firing starts an execution with the trigger's input, as EventBridge Scheduler does,
 * and is recorded. Firings missed while no server ran are not made up.
 *
 * The time is the server's: the real clock, or with `--virtual-time` the virtual one, on which a
 * schedule fires when virtual time reaches its instant, by a skip for an execution's wait or by
 * real time passing (./scheduleTime.ts). A schedule never makes virtual time skip. Instants that
 * a skip jumps over fire once, as the first of them; the others are not made up. Two firings of
 * one schedule are at least its interval of real time apart, capped at MAX_REAL_PAUSE_MS: a firing
 * whose execution waits (and makes time skip past the next instants) cannot set off a run of
 * firings without pause, yet a monthly cron still fires each month that skips reach. While an
 * instant a skip passed waits for that pause, the status shows it as `pending` and `next` is the
 * first instant still ahead of virtual time.
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { parseSchedule, type Schedule } from './nextFireTime.ts';
import type { ScheduleTime } from './scheduleTime.ts';

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
  /** ISO 8601: the first instant still ahead; absent when it will not fire again. */
  next?: string;
  /** ISO 8601: an instant already reached that fires once the real pause after the last firing ends. */
  pending?: string;
  /** Why it does not fire locally. */
  readonly problem?: string;
  fired: number;
}

/** What the scheduler needs from the server. */
export interface SchedulerPorts {
  /** Time for schedules (./scheduleTime.ts). */
  readonly time: ScheduleTime;
  /** Starts an execution; resolves with its ARN. */
  readonly start: (workflow: string, input: unknown) => Promise<string>;
  /** Keeps a firing. */
  readonly record: (firing: Firing) => void;
}

/** The longest real pause between two firings of one schedule (its interval when shorter). */
export const MAX_REAL_PAUSE_MS = 1_000;

export class Scheduler {
  private readonly stopping = new AbortController();
  private readonly states: ScheduleState[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly ports: SchedulerPorts) {}

  /** Arms every schedule trigger of the workflows. */
  start(workflows: readonly CompiledWorkflow[]): readonly ScheduleState[] {
    const now = this.ports.time.now();
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
    const { time, start, record } = this.ports;
    let after = time.now();
    let last: { readonly due: number; readonly real: number } | undefined;
    for (;;) {
      const due = schedule(after);
      if (due === undefined) {
        delete state.next;
        return;
      }
      state.next = new Date(due).toISOString();
      try {
        await time.reach(due, this.stopping.signal);
        if (last) {
          const interval = (schedule(last.due) ?? due) - last.due;
          const pause = last.real + Math.min(interval, MAX_REAL_PAUSE_MS) - time.realNow();
          if (pause > 0) {
            this.showPending(state, schedule, due);
            await time.pause(pause, this.stopping.signal);
          }
        }
      } catch {
        return;
      } finally {
        delete state.pending;
      }
      // Instants passed while this one waited (a skip, a paused process) are not made up.
      after = Math.max(due, time.now());
      last = { due, real: time.realNow() };
      const firing = { workflow: state.workflow, expression: state.expression, scheduledTime: new Date(due).toISOString() };
      try {
        record({ ...firing, executionArn: await start(state.workflow, input) });
      } catch (error) {
        record({ ...firing, error: (error as Error).message });
      }
      state.fired++;
    }
  }

  /** A reached instant waiting for its pause is pending; next is what lies ahead of the time. */
  private showPending(state: ScheduleState, schedule: Schedule, due: number): void {
    const now = this.ports.time.now();
    if (due > now) return;
    state.pending = new Date(due).toISOString();
    const ahead = schedule(now);
    if (ahead === undefined) delete state.next;
    else state.next = new Date(ahead).toISOString();
  }
}
