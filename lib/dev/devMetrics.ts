/**
 * `GET /metrics` in the Prometheus text format: executions started and ended by state machine
 * and status, state transitions, task failures, retries and durations by state, compensations,
 * idempotency replays, and events matched. One registry per server, so two
 * servers in one process (tests) never share counts.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import type { ExecutionRecord, HistoryEvent } from '../local/types.ts';
import type { RunnerListener } from './ExecutionRunner.ts';

/**
 * A counter whose increments are kept as plain numbers and added to it when the registry is read:
 * counting every execution and transition through prom-client would hash the labels per event.
 */
class TalliedCounter<L extends string> {
  private readonly counts = new Map<string, { readonly labels: Record<L, string>; n: number }>();

  constructor(registry: Registry, config: { name: string; help: string; labelNames: L[] }, private readonly labelsOf: (key: string) => Record<L, string>) {
    const counts = this.counts;
    new Counter<L>({
      ...config,
      registers: [registry],
      collect() {
        for (const entry of counts.values()) {
          if (entry.n > 0) this.inc(entry.labels, entry.n);
          entry.n = 0;
        }
      },
    });
  }

  /** One more for the labels `key` stands for (built once per key, not per event). */
  inc(key: string): void {
    const entry = this.counts.get(key);
    if (entry) entry.n++;
    else this.counts.set(key, { labels: this.labelsOf(key), n: 1 });
  }
}

const byStateMachine = (stateMachine: string): Record<'state_machine', string> => ({ state_machine: stateMachine });
/** The key of an ended execution's labels: state machine and status, NUL-separated (neither holds NUL). */
const endedKey = (record: ExecutionRecord): string => `${record.stateMachineName}\0${record.status}`;
const byEndedKey = (key: string): Record<'state_machine' | 'status', string> => {
  const [stateMachine = '', status = ''] = key.split('\0');
  return { state_machine: stateMachine, status };
};

/** The counters, and the runner listener that feeds them. */
export class DevMetrics {
  readonly registry = new Registry();
  private readonly started = new TalliedCounter(this.registry, { name: 'aethon_executions_started_total', help: 'Executions started, by state machine.', labelNames: ['state_machine'] }, byStateMachine);
  private readonly ended = new TalliedCounter(this.registry, { name: 'aethon_executions_ended_total', help: 'Executions ended, by state machine and status (SUCCEEDED, FAILED, TIMED_OUT, ABORTED).', labelNames: ['state_machine', 'status'] }, byEndedKey);
  private readonly transitions = new TalliedCounter(this.registry, { name: 'aethon_state_transitions_total', help: 'States entered, by state machine.', labelNames: ['state_machine'] }, byStateMachine);
  private readonly failures = new Counter({ name: 'aethon_task_failures_total', help: 'Task attempts that failed (retried or not), by state machine.', labelNames: ['state_machine'], registers: [this.registry] });
  private readonly retries = new Counter({ name: 'aethon_task_retries_total', help: 'Task attempts after a failure (Retry), by state machine and state.', labelNames: ['state_machine', 'state'], registers: [this.registry] });
  private readonly compensations = new Counter({ name: 'aethon_compensations_total', help: "Compensations run (the compiler's 'Compensate <step>' states), by state machine and step.", labelNames: ['state_machine', 'step'], registers: [this.registry] });
  private readonly replays = new Counter({ name: 'aethon_idempotency_replays_total', help: 'Idempotent steps that returned the stored result of an earlier run instead of running again, by state machine and state.', labelNames: ['state_machine', 'state'], registers: [this.registry] });
  private readonly eventsMatched = new Counter({ name: 'aethon_events_matched_total', help: 'PutEvents entries that matched a trigger, by workflow.', labelNames: ['workflow'], registers: [this.registry] });
  private readonly taskSeconds = new Histogram({ name: 'aethon_task_duration_seconds', help: 'Task durations from scheduled to succeeded or failed, by state machine and state.', labelNames: ['state_machine', 'state'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120], registers: [this.registry] });
  /**
   * Per running execution: event id -> the task state and when it was scheduled. Task events
   * carry no state name; each points at the event before it (Entered <- Scheduled <- Started <-
   * Succeeded), which holds inside Parallel branches too.
   */
  private readonly tasks = new Map<string, Map<number, { readonly state: string; readonly at?: number; readonly failed?: boolean }>>();

  /** Feeds the counters from the runner. */
  readonly listener: RunnerListener = {
    started: (stateMachine) => this.started.inc(stateMachine),
    event: (stateMachine, event, executionArn) => this.onEvent(stateMachine, event, executionArn),
    eventMatched: (workflow) => this.eventsMatched.inc({ workflow }),
    // The step runtime logs `"idempotentReplay":true` on "step succeeded" when it replayed (lib/runtime/step/runInvocation.ts).
    handlerLog: (stateMachine, log) => {
      if (log.line.includes('"idempotentReplay":true')) this.replays.inc({ state_machine: stateMachine, state: log.stateName ?? '' });
    },
    finished: (record: ExecutionRecord) => {
      this.ended.inc(endedKey(record));
      this.tasks.delete(record.executionArn);
    },
  };

  /** The text exposition. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private onEvent(stateMachine: string, event: HistoryEvent, executionArn: string): void {
    const type = event.type;
    // Every *StateEntered event, and only those, has these details.
    if (event.stateEnteredEventDetails !== undefined) this.transitions.inc(stateMachine);
    let tasks = this.tasks.get(executionArn);
    if (tasks === undefined && type !== 'TaskStateEntered') return;
    if (type === 'TaskStateEntered') {
      const name = event.stateEnteredEventDetails?.name ?? '';
      if (name.startsWith('Compensate ') && !name.endsWith('?')) this.compensations.inc({ state_machine: stateMachine, step: name.slice('Compensate '.length) });
      if (!tasks) this.tasks.set(executionArn, (tasks = new Map()));
      tasks.set(event.id, { state: event.stateEnteredEventDetails?.name ?? '' });
      return;
    }
    const before = tasks?.get(event.previousEventId);
    if (!tasks || !before) return;
    if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') {
      // A retry's Scheduled points at the failure before it.
      if (before.failed) this.retries.inc({ state_machine: stateMachine, state: before.state });
      tasks.set(event.id, { state: before.state, at: Date.parse(event.timestamp) });
    }
    else if (type === 'TaskStarted' || type === 'LambdaFunctionStarted') tasks.set(event.id, before);
    else if (/^(Task|LambdaFunction)(Succeeded|Failed|TimedOut)$/.test(type)) {
      if (!type.endsWith('Succeeded')) {
        this.failures.inc({ state_machine: stateMachine });
        tasks.set(event.id, { state: before.state, failed: true });
      }
      if (before.at !== undefined) this.taskSeconds.observe({ state_machine: stateMachine, state: before.state }, Math.max(0, Date.parse(event.timestamp) - before.at) / 1000);
    }
  }
}
