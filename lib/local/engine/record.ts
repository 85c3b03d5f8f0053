import type { Frame, Runtime } from './types.ts';

/** Records an event on a frame's causal chain (its `previousEventId`) and advances the chain. */
export function record(runtime: Runtime, frame: Frame, type: string, detailsKey?: string, details?: unknown): number {
  const id = runtime.history.add(type, frame.lastEventId, detailsKey, details);
  frame.lastEventId = id;
  return id;
}
