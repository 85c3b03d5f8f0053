/**
 * The time schedules fire on: the real clock, or, with `--virtual-time`, the server's virtual clock
 * paced by the real one. Virtual time skips ahead whenever every execution waits; a schedule that
 * slept on it would make it skip to the schedule's next instant at once, and fire without pause.
 * So a schedule only watches virtual time (it never makes it skip) and, while it waits, lets
 * virtual time move as fast as real time: it reaches the instant no later than the real time that
 * separated them, catching up after a hold (a running handler) is released. The pause between two
 * firings is counted in real time (see Scheduler).
 */
import type { Clock, VirtualClock } from '../../local/engine/index.ts';

/** What a schedule waits on. */
export interface ScheduleTime {
  /** The time instants are compared with (virtual under --virtual-time). */
  now(): number;
  /** Real time, for the pause between firings. */
  realNow(): number;
  /** Resolves once {@link now} reaches `at`; rejects when `signal` aborts. */
  reach(at: number, signal: AbortSignal): Promise<void>;
  /** Waits real milliseconds; rejects when `signal` aborts. */
  pause(ms: number, signal: AbortSignal): Promise<void>;
}

// setTimeout takes at most 2^31-1 ms; longer waits go in steps.
const MAX_SLEEP_MS = 2 ** 31 - 1;

/** Schedules on one clock: the real one on a server without virtual time, or a test's. */
export function clockScheduleTime(clock: Clock): ScheduleTime {
  return {
    now: () => clock.now(),
    realNow: () => clock.now(),
    reach: async (at, signal) => {
      for (let now = clock.now(); now < at; now = clock.now()) await clock.sleep(Math.min(at - now, MAX_SLEEP_MS), signal);
    },
    pause: (ms, signal) => (ms > 0 ? clock.sleep(ms, signal) : Promise.resolve()),
  };
}

/**
 * Schedules on a virtual clock: an instant is reached by a skip that executions cause, or by real
 * time passing, whichever comes first (then virtual time is moved up to what real time covered).
 */
export function virtualScheduleTime(virtual: VirtualClock, real: Clock): ScheduleTime {
  return {
    now: () => virtual.now(),
    realNow: () => real.now(),
    reach: async (at, signal) => {
      while (virtual.now() < at) {
        const wait = Math.min(at - virtual.now(), MAX_SLEEP_MS);
        const done = new AbortController();
        const stop = (): void => done.abort(signal.reason);
        signal.addEventListener('abort', stop, { once: true });
        try {
          // Each side settles as 'stopped' when the other wins, so neither leaves a rejection unhandled.
          const outcome = await Promise.race([
            real.sleep(wait, done.signal).then(() => 'real' as const, () => 'stopped' as const),
            virtual.reached(at, done.signal).then(() => 'skip' as const, () => 'stopped' as const),
          ]);
          signal.throwIfAborted();
          if (outcome === 'real') {
            // As much real time as separated us from the instant has passed: virtual time covers it
            // too, once no hold keeps it still (a handler running must not see its timestamps move).
            await virtual.released(signal);
            virtual.advance(Math.max(0, Math.min(wait, at - virtual.now())));
          }
        } finally {
          signal.removeEventListener('abort', stop);
          done.abort();
        }
      }
    },
    pause: (ms, signal) => (ms > 0 ? real.sleep(ms, signal) : Promise.resolve()),
  };
}
