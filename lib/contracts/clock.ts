/**
 * Time as a dependency, one interface for the engine and the step runtime, so tests can make
 * time deterministic (as Temporal's time-skipping test environment does): the runtime reads it
 * (Retry-After dates, durations, config versions), the engine also waits on it (Waits, retry
 * backoff, task timeouts). Implementations stay with their users: `systemClock` in lib/runtime,
 * `RealClock` and `VirtualClock` in lib/local/engine.
 */

/** Reads the time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A {@link Clock} that can also be waited on: the one the engine runs on. */
export interface SleepingClock extends Clock {
  /**
   * Resolves after `ms` milliseconds of this clock's time; rejects with an `AbortError` as soon as
   * `signal` aborts (and never resolves afterwards).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Keeps time from skipping until the returned function is called (virtual clocks only); the
   * engine calls it around task invocations when asked to (`holdClockWhileTasksRun`).
   */
  hold?(): () => void;
}
