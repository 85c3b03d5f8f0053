import { runExecution, type RunExecutionOptions } from '../../lib/local/engine/runExecution.ts';
import { VirtualClock } from '../../lib/local/engine/clock.ts';
import type { TaskInvocation, TaskInvoker } from '../../lib/local/taskInvoker.ts';
import type { ExecutionRecord, HistoryEvent } from '../../lib/local/types.ts';

/** A deterministic uniform source (mulberry32), so jitter and UUIDs repeat across runs. */
export function seededRandom(seed = 42): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The instant every VirtualClock in these tests starts at. */
export const START = Date.UTC(2024, 0, 1);

/** Runs a definition on a fresh VirtualClock; returns the record, the clock and the invocations. */
export async function run(
  definition: unknown,
  input: unknown = {},
  invoker: TaskInvoker = async ({ parameters }) => parameters,
  options: Partial<RunExecutionOptions> = {},
): Promise<{ record: ExecutionRecord; clock: VirtualClock; calls: TaskInvocation[] }> {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock({ start: START });
  const calls: TaskInvocation[] = [];
  const record = await runExecution({
    definition,
    input,
    taskInvoker: (invocation) => {
      calls.push(invocation);
      return invoker(invocation);
    },
    clock,
    random: seededRandom(),
    executionName: 'test-execution',
    stateMachineName: 'TestMachine',
    ...options,
  });
  return { record, clock, calls };
}

/** The history event types in order. */
export function types(history: readonly HistoryEvent[]): string[] {
  return history.map((e) => e.type);
}

/** Milliseconds after START at which each event of `type` happened. */
export function offsets(history: readonly HistoryEvent[], type: string): number[] {
  return history.filter((e) => e.type === type).map((e) => Date.parse(e.timestamp) - START);
}

/** A task invoker that fails the first `times` calls with `error`, then returns `result`. */
export function failingTimes(times: number, error: string, result: unknown = { ok: true }): TaskInvoker {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= times) {
      const failure = new Error(`attempt ${calls} failed`);
      failure.name = error;
      throw failure;
    }
    return result;
  };
}
