import type { Clock } from '../contracts/clock.ts';

/**
 * Time as a dependency, so tests can make Retry-After dates, durations and config reloads
 * deterministic. Powertools Idempotency keeps its own `Date.now()`; everything Aethon owns uses
 * this. The interface is lib/contracts' (the engine's clocks implement it too).
 */
export type { Clock } from '../contracts/clock.ts';

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
