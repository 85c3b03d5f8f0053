/** Types of outcomes.js, for the tests (the page itself is plain JavaScript). */
export type Outcome = 'failed' | 'running' | 'caught' | 'compensated' | 'retried' | 'succeeded' | 'aborted' | 'not-reached';
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId?: number;
  readonly type: string;
  readonly timestamp: number | string;
  readonly [details: string]: unknown;
}
export interface StateSummary {
  readonly outcome: Outcome;
  readonly visits: number;
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly retries: ReadonlyArray<{ readonly error?: string; readonly cause?: string; readonly delaySeconds: number }>;
  readonly enteredAt: number;
  readonly compensatedBy?: string;
}
export const OUTCOME_ORDER: readonly Outcome[];
export function detailsOf(event: HistoryEvent): Record<string, unknown>;
export function stateOutcomes(events: readonly HistoryEvent[], execution?: { readonly status?: string; readonly error?: string }): Map<string, StateSummary>;
export function compensatedStep(stateName: string): string | undefined;
export function toMillis(timestamp: number | string): number;
export function failedStateOf(states: Map<string, StateSummary>): (StateSummary & { readonly name: string }) | undefined;
