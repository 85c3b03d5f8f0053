import type { DetailsKey } from './history.ts';
import type { Frame, Runtime } from './types.ts';

/** Records an event on a frame's causal chain (its `previousEventId`) and advances the chain. */
export function record(runtime: Runtime, frame: Frame, type: string, detailsKey?: DetailsKey, details?: unknown): number {
  const id = runtime.history.add(type, frame.lastEventId, detailsKey, details);
  frame.lastEventId = id;
  return id;
}

/**
 * Records an event that points at the chain's newest event without becoming part of the chain:
 * AWS records `ParallelStateSucceeded` and `MapStateSucceeded` so, and the `*StateExited` after
 * them points where they point (test/fixtures/awsHistories).
 */
export function recordBeside(runtime: Runtime, frame: Frame, type: string, detailsKey?: DetailsKey, details?: unknown): number {
  return runtime.history.add(type, frame.lastEventId, detailsKey, details);
}
