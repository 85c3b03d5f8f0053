/**
 * Time as a dependency, so tests can make Retry-After dates, durations and config reloads
 * deterministic. Powertools Idempotency keeps its own `Date.now()`; everything Aethon owns uses this.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
