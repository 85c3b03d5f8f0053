/**
 * The Map Runs of an execution, read from its history's MapRunStarted events (AWS records them
 * as the local engine does), for `aethon execution` locally and on AWS.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** One Map Run of an execution. */
export interface MapRunReference {
  readonly mapRunArn: string;
  /** The Map state that started it. */
  readonly stateName?: string;
}

/** The fields read here, common to the SDK's events and the local engine's. */
type HistoryLike = Pick<HistoryEvent, 'id' | 'previousEventId' | 'stateEnteredEventDetails' | 'mapRunStartedEventDetails'> & { readonly type?: string };

/** The Map Runs an execution started, in order, each with its Map state's name. */
export function mapRunsOf(history: readonly HistoryLike[]): MapRunReference[] {
  const byId = new Map(history.map((event) => [event.id, event]));
  return history.flatMap((event) => {
    const mapRunArn = event.mapRunStartedEventDetails?.mapRunArn;
    if (mapRunArn === undefined) return [];
    // MapRunStarted follows MapStateStarted, which follows the MapStateEntered that names the state.
    let at: HistoryLike | undefined = event;
    for (let hops = 0; at !== undefined && at.type !== 'MapStateEntered' && hops < 4; hops++) at = byId.get(at.previousEventId);
    const stateName = at?.type === 'MapStateEntered' ? at.stateEnteredEventDetails?.name : undefined;
    return [{ mapRunArn, ...(stateName !== undefined ? { stateName } : {}) }];
  });
}

/** The ARNs of the Map Runs an execution started (each once; a redrive continues a Map Run under its ARN). */
export function mapRunArnsOf(history: readonly Pick<HistoryLike, 'type' | 'mapRunStartedEventDetails'>[]): Set<string> {
  return new Set(history.flatMap((event) => event.mapRunStartedEventDetails?.mapRunArn ?? []));
}

/** `{ mapRuns }` for an execution detail, or nothing when it started none. */
export function withMapRuns(history: readonly HistoryLike[]): { mapRuns?: MapRunReference[] } {
  const mapRuns = mapRunsOf(history);
  return mapRuns.length > 0 ? { mapRuns } : {};
}
