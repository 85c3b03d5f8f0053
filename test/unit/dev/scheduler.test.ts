/** The dev server's schedules on the real clock and on the virtual one, with both clocks injected. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { VirtualClock, type Clock } from '../../../lib/local/engine/index.ts';
import { Scheduler, type Firing } from '../../../lib/dev/schedules/Scheduler.ts';
import { clockScheduleTime, virtualScheduleTime, type ScheduleTime } from '../../../lib/dev/schedules/scheduleTime.ts';

/** A real clock stand-in: time moves only when the test advances it. */
class ManualClock implements Clock {
  private readonly sleepers: { readonly at: number; readonly wake: () => void }[] = [];
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper = { at: this.current + ms, wake: resolve };
      signal?.addEventListener('abort', () => {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        reject(new Error('aborted'));
      }, { once: true });
      this.sleepers.push(sleeper);
    });
  }
  advance(ms: number): void {
    this.current += ms;
    for (const sleeper of this.sleepers.filter((s) => s.at <= this.current)) {
      this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
      sleeper.wake();
    }
  }
}

/** Lets every pending turn of the event loop run (virtual time skips after a few quiet ones). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 100; i++) await new Promise((resolve) => setImmediate(resolve));
};

const MINUTE = 60_000;
const V0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (at: number): string => new Date(at).toISOString();

const workflowWith = (expression: string): CompiledWorkflow =>
  ({ name: 'tick', spec: { triggers: [{ schedule: { expression, input: { from: 'schedule' } } }] } }) as unknown as CompiledWorkflow;

let running: Scheduler | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** A scheduler whose executions are started by `onStart`. */
function schedulerOn(time: ScheduleTime, onStart: () => void = () => {}): { scheduler: Scheduler; firings: Firing[] } {
  const firings: Firing[] = [];
  let count = 0;
  running = new Scheduler({
    time,
    start: async () => {
      onStart();
      return `arn:execution:${++count}`;
    },
    record: (firing) => firings.push(firing),
  });
  return { scheduler: running, firings };
}

describe('Class: Scheduler, on the virtual clock', () => {
  it('does not spin when each firing starts an execution whose wait skips time past the next instants', async () => {
    // Prepare: every execution waits an hour, so virtual time skips an hour after each firing
    const virtual = new VirtualClock({ start: V0 });
    const real = new ManualClock(0);
    const { scheduler, firings } = schedulerOn(virtualScheduleTime(virtual, real), () => void virtual.sleep(60 * MINUTE));
    scheduler.start([workflowWith('rate(1 minute)')]);

    // Act: no real time yet, then one real minute
    await settle();
    const beforeAnyRealTime = { fired: firings.length, now: virtual.now() };
    real.advance(MINUTE);
    await settle();
    await settle();

    // Assess: one firing; its execution made time skip an hour, and no run of firings followed
    expect(beforeAnyRealTime).toEqual({ fired: 0, now: V0 });
    expect(virtual.now()).toBe(V0 + 61 * MINUTE);
    expect(firings).toEqual([{ workflow: 'tick', expression: 'rate(1 minute)', scheduledTime: iso(V0 + MINUTE), executionArn: 'arn:execution:1' }]);

    // Act: the next real minute
    real.advance(MINUTE);
    await settle();

    // Assess: one more firing, the first instant the skip passed; the 58 others are not made up
    expect(firings.map((f) => f.scheduledTime)).toEqual([iso(V0 + MINUTE), iso(V0 + 2 * MINUTE)]);
    expect(scheduler.status()[0]).toMatchObject({ fired: 2, next: iso(V0 + 62 * MINUTE) });
  });

  it('fires when an execution wait makes virtual time skip past the instant, with no real time passing', async () => {
    // Prepare
    const virtual = new VirtualClock({ start: V0 });
    const real = new ManualClock(0);
    const { scheduler, firings } = schedulerOn(virtualScheduleTime(virtual, real));
    scheduler.start([workflowWith('rate(5 minutes)')]);

    // Act: an execution waits 12 minutes
    const waited = virtual.sleep(12 * MINUTE);
    await waited;
    await settle();

    // Assess: the 5-minute instant fired once; the 10-minute one was skipped over and the next waits
    expect(firings.map((f) => f.scheduledTime)).toEqual([iso(V0 + 5 * MINUTE)]);
    expect(scheduler.status()[0]).toMatchObject({ fired: 1, next: iso(V0 + 15 * MINUTE) });
    expect(virtual.now()).toBe(V0 + 12 * MINUTE);
  });

  it('moves virtual time to the instant once the real time to it has passed, and fires a cron L on the last day', async () => {
    // Prepare: two days before the end of January
    const virtual = new VirtualClock({ start: Date.parse('2026-01-29T00:00:00Z') });
    const real = new ManualClock(0);
    const { scheduler, firings } = schedulerOn(virtualScheduleTime(virtual, real));
    scheduler.start([workflowWith('cron(0 12 L * ? *)')]);
    await settle();

    // Act: a real day, then the rest
    real.advance(24 * 60 * MINUTE);
    await settle();
    const afterOneDay = { fired: firings.length, now: iso(virtual.now()) };
    real.advance(36 * 60 * MINUTE);
    await settle();

    // Assess
    expect(afterOneDay).toEqual({ fired: 0, now: '2026-01-29T00:00:00.000Z' });
    expect(iso(virtual.now())).toBe('2026-01-31T12:00:00.000Z');
    expect(firings.map((f) => f.scheduledTime)).toEqual(['2026-01-31T12:00:00.000Z']);
    expect(scheduler.status()[0]).toMatchObject({ next: '2026-02-28T12:00:00.000Z' });
  });

  it('stops a schedule waiting on both clocks', async () => {
    const virtual = new VirtualClock({ start: V0 });
    const { scheduler, firings } = schedulerOn(virtualScheduleTime(virtual, new ManualClock(0)));
    scheduler.start([workflowWith('rate(1 hour)')]);
    await settle();
    await scheduler.stop();
    virtual.advance(2 * 60 * MINUTE);
    await settle();
    expect(firings).toEqual([]);
  });
});

describe('Class: Scheduler, on one clock', () => {
  it('fires a rate each period of the clock, and reports a schedule it cannot compute', async () => {
    // Prepare
    const real = new ManualClock(V0);
    const { scheduler, firings } = schedulerOn(clockScheduleTime(real));
    const states = scheduler.start([workflowWith('rate(1 minute)'), workflowWith('cron(0 0 ? * 6#6 *)')]);

    // Act
    for (let i = 0; i < 3; i++) {
      real.advance(MINUTE);
      await settle();
    }

    // Assess
    expect(firings.map((f) => f.scheduledTime)).toEqual([1, 2, 3].map((n) => iso(V0 + n * MINUTE)));
    expect(states[1]).toMatchObject({ expression: 'cron(0 0 ? * 6#6 *)', fired: 0, problem: expect.stringMatching(/week after # is 1-5/) });
  });
});
