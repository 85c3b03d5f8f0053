import { describe, expect, it } from 'vitest';
import { RealClock, VirtualClock } from '../../../../lib/local/engine/clock.ts';
import { runExecution } from '../../../../lib/local/engine/runExecution.ts';
import type { Clock, SleepingClock } from '../../../../lib/contracts/clock.ts';
import { parseRetryAfter } from '../../../../lib/runtime/http/retryAfter.ts';

describe('Class: VirtualClock', () => {
  it('jumps to the earliest wake time and wakes sleepers in wake order', async () => {
    // Prepare
    const clock = new VirtualClock({ start: 1000 });
    const woke: Array<[string, number]> = [];
    const sleeper = async (name: string, ms: number): Promise<void> => {
      await clock.sleep(ms);
      woke.push([name, clock.now()]);
    };
    // Act
    await Promise.all([sleeper('c', 300), sleeper('a', 100), sleeper('b', 200), sleeper('a2', 100)]);
    // Assess
    expect(woke).toEqual([['a', 1100], ['a2', 1100], ['b', 1200], ['c', 1300]]);
  });

  it('does not advance while work is still making progress', async () => {
    const clock = new VirtualClock({ start: 0 });
    const order: string[] = [];
    const sleeping = clock.sleep(50).then(() => order.push(`slept@${clock.now()}`));
    // Busy async work that reads the clock on each step (as the engine does), some steps
    // through microtasks and some through a macrotask, like an in-process task fake.
    for (let i = 0; i < 20; i++) {
      await (i % 2 === 0 ? Promise.resolve() : new Promise((resolve) => setImmediate(resolve)));
      clock.now();
    }
    order.push(`busy-done@${clock.now()}`);
    await sleeping;
    expect(order).toEqual(['busy-done@0', 'slept@50']);
  });

  it('chains sleeps started by woken sleepers', async () => {
    const clock = new VirtualClock({ start: 0 });
    await clock.sleep(10);
    await clock.sleep(20);
    expect(clock.now()).toBe(30);
  });

  it('rejects and forgets a sleeper whose signal aborts', async () => {
    const clock = new VirtualClock({ start: 0 });
    const controller = new AbortController();
    const pending = clock.sleep(1000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(clock.pendingSleepers).toBe(0);
    await expect(clock.sleep(5, controller.signal)).rejects.toThrow();
  });

  it('holds time while real work runs', async () => {
    const clock = new VirtualClock({ start: 0 });
    const release = clock.hold();
    let woke = false;
    const sleeping = clock.sleep(10).then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(woke).toBe(false);
    release();
    await sleeping;
    expect(clock.now()).toBe(10);
  });

  it('advance() wakes sleepers that became due', async () => {
    const clock = new VirtualClock({ start: 0 });
    const release = clock.hold();
    const sleeping = clock.sleep(10);
    clock.advance(10);
    await sleeping;
    release();
    expect(clock.now()).toBe(10);
  });
});

describe('Class: RealClock', () => {
  it('sleeps on wall time and honours abort', async () => {
    const clock = new RealClock();
    const before = clock.now();
    await clock.sleep(1);
    expect(clock.now()).toBeGreaterThanOrEqual(before);
    const controller = new AbortController();
    const pending = clock.sleep(10_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe('Option: holdClockWhileTasksRun', () => {
  // A task doing real asynchronous work (here a real timer, as a worker thread would) races a
  // 1 s virtual Wait in a sibling branch. Held, the task finishes first, as in real time.
  const definition = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, Next: 'Late' }, Late: { Type: 'Task', Resource: 'late', End: true } } },
          { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'work', End: true } } },
        ],
        End: true,
      },
    },
  };
  const order = async (hold: boolean): Promise<string[]> => {
    const seen: string[] = [];
    await runExecution({
      definition,
      clock: new VirtualClock(),
      holdClockWhileTasksRun: hold,
      taskInvoker: async ({ resource }) => {
        if (resource === 'work') await new Promise((resolve) => setTimeout(resolve, 15));
        seen.push(resource);
        return {};
      },
    });
    return seen;
  };

  it('keeps real work ahead of skipped time when on', async () => {
    expect(await order(true)).toEqual(['work', 'late']);
  });

  it('lets time skip past real work when off (the documented limit)', async () => {
    expect(await order(false)).toEqual(['late', 'work']);
  });
});

describe('Interface: Clock (lib/contracts, shared by the engine and the step runtime)', () => {
  it('lets the step runtime read the engine clock, so both see the same virtual time', async () => {
    // Prepare
    const clock: SleepingClock = new VirtualClock({ start: Date.parse('2026-12-04T08:00:00Z') });
    const runtimeClock: Clock = clock;
    // Act
    await clock.sleep(30_000);
    // Assess: a Retry-After date 60 s after the start is 30 s away once the engine slept 30 s.
    expect(parseRetryAfter('Fri, 04 Dec 2026 08:01:00 GMT', runtimeClock)).toBe(30);
  });
});
