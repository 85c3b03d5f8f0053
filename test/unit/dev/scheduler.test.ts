/** The dev server's schedules on the real clock and on the virtual one, with both clocks injected. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { VirtualClock, type Clock } from '../../../lib/local/engine/index.ts';
import { MAX_REAL_PAUSE_MS, Scheduler, type Firing } from '../../../lib/dev/schedules/Scheduler.ts';
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
        // A sleeper already woken is no longer listed (splice(-1) would drop another one).
        const index = this.sleepers.indexOf(sleeper);
        if (index >= 0) this.sleepers.splice(index, 1);
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

const DAY = 24 * 60 * MINUTE;

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

    // Act: the real pause after a firing
    real.advance(MAX_REAL_PAUSE_MS);
    await settle();

    // Assess: one more firing, the first instant the skip passed; the 58 others are not made up.
    // Its execution skipped another hour: the instant after the first skip waits for its pause.
    expect(firings.map((f) => f.scheduledTime)).toEqual([iso(V0 + MINUTE), iso(V0 + 2 * MINUTE)]);
    expect(virtual.now()).toBe(V0 + 121 * MINUTE);
    expect(scheduler.status()[0]).toMatchObject({ fired: 2, pending: iso(V0 + 62 * MINUTE), next: iso(V0 + 122 * MINUTE) });
  });

  it('fires a monthly cron at each month-end that skips reach, a short real pause apart, showing what waits', async () => {
    // Prepare: 120 virtual days ahead hold 3 month-ends
    const virtual = new VirtualClock({ start: Date.parse('2026-01-01T00:00:00Z') });
    const real = new ManualClock(0);
    const { scheduler, firings } = schedulerOn(virtualScheduleTime(virtual, real));
    scheduler.start([workflowWith('cron(0 12 L * ? *)')]);
    await settle();
    const skip40Days = async (): Promise<void> => {
      await virtual.sleep(40 * DAY);
      await settle();
    };

    // Act: three 40-day skips, with the real pause after the first one's firing
    await skip40Days();
    const afterFirstSkip = { ...scheduler.status()[0] };
    await skip40Days();
    const pausedInFebruary = { ...scheduler.status()[0] };
    real.advance(MAX_REAL_PAUSE_MS);
    await settle();
    await skip40Days();
    real.advance(MAX_REAL_PAUSE_MS);
    await settle();

    // Assess: a firing per month-end; while one waited its pause, next was ahead of virtual time
    expect(afterFirstSkip).toMatchObject({ fired: 1, next: '2026-02-28T12:00:00.000Z' });
    expect(afterFirstSkip.pending).toBeUndefined();
    expect(pausedInFebruary).toMatchObject({ fired: 1, pending: '2026-02-28T12:00:00.000Z', next: '2026-03-31T12:00:00.000Z' });
    expect(iso(virtual.now())).toBe('2026-05-01T00:00:00.000Z');
    expect(firings.map((f) => f.scheduledTime)).toEqual(['2026-01-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z', '2026-03-31T12:00:00.000Z']);
    expect(scheduler.status()[0]).toMatchObject({ fired: 3, next: '2026-05-31T12:00:00.000Z' });
    expect(scheduler.status()[0]!.pending).toBeUndefined();
  });

  it('lets held virtual time stand still while real time passes, and catches up once released', async () => {
    // Prepare: a handler holds the clock
    const virtual = new VirtualClock({ start: V0 });
    const real = new ManualClock(0);
    const { scheduler, firings } = schedulerOn(virtualScheduleTime(virtual, real));
    scheduler.start([workflowWith('rate(1 minute)')]);
    await settle();
    const release = virtual.hold();

    // Act: a real minute while held, then the release
    real.advance(MINUTE);
    await settle();
    const whileHeld = { now: virtual.now(), fired: firings.length };
    release();
    await settle();

    // Assess
    expect(whileHeld).toEqual({ now: V0, fired: 0 });
    expect(virtual.now()).toBe(V0 + MINUTE);
    expect(firings.map((f) => f.scheduledTime)).toEqual([iso(V0 + MINUTE)]);
  });

  it('paces two schedules by real time, each on its own real sleep', async () => {
    // Prepare: every minute, and once at 1 min 30 s
    const virtual = new VirtualClock({ start: V0 });
    const real = new ManualClock(0);
    const { scheduler, firings } = schedulerOn(virtualScheduleTime(virtual, real));
    scheduler.start([workflowWith('rate(1 minute)'), workflowWith('at(2026-01-01T00:01:30)')]);
    await settle();

    // Act: a real minute, then half of one
    real.advance(MINUTE);
    await settle();
    real.advance(MINUTE / 2);
    await settle();

    // Assess: the one-off fired on its own real sleep, not when the other's next minute came
    expect(firings.map((f) => [f.expression, f.scheduledTime])).toEqual([
      ['rate(1 minute)', iso(V0 + MINUTE)],
      ['at(2026-01-01T00:01:30)', iso(V0 + 1.5 * MINUTE)],
    ]);
    expect(virtual.now()).toBe(V0 + 1.5 * MINUTE);
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
