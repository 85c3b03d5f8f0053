/** VirtualClock.reached: waiting for a virtual instant without being a reason for time to skip. */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../lib/local/engine/clock.ts';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('Method: VirtualClock.reached', () => {
  it('never makes time skip by itself', async () => {
    const clock = new VirtualClock({ start: 0 });
    let reached = false;
    void clock.reached(1_000).then(() => (reached = true));
    await settle();
    expect({ reached, now: clock.now(), sleepers: clock.pendingSleepers }).toEqual({ reached: false, now: 0, sleepers: 0 });
  });

  it('resolves when a sleeper makes time skip past it, or when time is advanced to it', async () => {
    const clock = new VirtualClock({ start: 0 });
    const order: string[] = [];
    const watched = clock.reached(1_000).then(() => order.push(`reached@${clock.now()}`));
    await clock.sleep(5_000).then(() => order.push(`slept@${clock.now()}`));
    await watched;
    const advanced = clock.reached(6_000);
    clock.advance(1_000);
    await advanced;
    expect(order).toEqual(['slept@5000', 'reached@5000']); // sleepers first, then watchers
    expect(clock.now()).toBe(6_000);
  });

  it('rejects when its signal aborts, and resolves at once for a past instant', async () => {
    const clock = new VirtualClock({ start: 500 });
    const stop = new AbortController();
    const waiting = clock.reached(1_000, stop.signal);
    stop.abort();
    await expect(waiting).rejects.toThrow(/aborted/);
    await expect(clock.reached(500)).resolves.toBeUndefined();
  });
});

describe('Method: VirtualClock.released', () => {
  it('resolves at once on a clock not held, and when the last of two holds is released', async () => {
    const clock = new VirtualClock({ start: 0 });
    await expect(clock.released()).resolves.toBeUndefined();
    const first = clock.hold();
    const second = clock.hold();
    let released = false;
    void clock.released().then(() => (released = true));
    first();
    await settle();
    const afterFirst = released;
    second();
    await settle();
    expect({ afterFirst, released }).toEqual({ afterFirst: false, released: true });
  });

  it('rejects when its signal aborts while held', async () => {
    const clock = new VirtualClock({ start: 0 });
    const release = clock.hold();
    const stop = new AbortController();
    const waiting = clock.released(stop.signal);
    stop.abort();
    await expect(waiting).rejects.toThrow(/aborted/);
    release();
  });
});
