import type { HistoryEvent, HistoryEventDetails } from '../types.ts';
import type { Clock } from './clock.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure } from '../errors.ts';

/** The `<type>EventDetails` field names GetExecutionHistory uses (the API's, so a typo fails to compile). */
export type DetailsKey = keyof HistoryEventDetails;

/** `{ truncated: false }`, shared by every event's input/output details: nothing is ever truncated locally. */
export const NOT_TRUNCATED: { readonly truncated: false } = Object.freeze({ truncated: false });

/** The Step Functions quota on events in one execution's history. */
export const DEFAULT_MAX_HISTORY_EVENTS = 25_000;

/**
 * Appends history events with ids, `previousEventId` and clock timestamps, streaming each one to
 * `onEvent`. When the history would exceed its cap, it throws an uncatchable failure so the
 * execution fails as AWS fails it, leaving room for the final ExecutionFailed event.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */
export class HistoryRecorder {
  public readonly events: HistoryEvent[] = [];
  private limitHit = false;
  private closed = false;

  public constructor(
    private readonly clock: Clock,
    private readonly maxEvents: number = DEFAULT_MAX_HISTORY_EVENTS,
    private readonly onEvent?: (event: HistoryEvent) => void,
  ) {}

  /** Id of the newest event (0 when empty). */
  public get lastId(): number {
    return this.events.length;
  }

  /**
   * Records one event. `detailsKey` is the camelCase `<type>EventDetails` field.
   * @returns the new event's id
   */
  public add(type: string, previousEventId: number, detailsKey?: DetailsKey, details?: unknown): number {
    if (this.closed) throw new TaskFailure(StatesErrors.RUNTIME, 'The execution has already ended.');
    if (this.events.length >= this.maxEvents - 1) {
      // Every later event of any branch fails the same way; the engine records the final one.
      this.limitHit = true;
      throw new TaskFailure(
        StatesErrors.RUNTIME,
        `The execution reached the maximum number of history events (${this.maxEvents}).`,
      );
    }
    return this.push(type, previousEventId, detailsKey, details);
  }

  /** Records the execution's closing event, which may use the last slot under the cap. */
  public addFinal(type: string, previousEventId: number, detailsKey: DetailsKey, details: unknown): number {
    const id = this.push(type, previousEventId, detailsKey, details);
    // Work still unwinding after a timeout or abort must not append after the closing event.
    this.closed = true;
    return id;
  }

  /** Whether the history cap was reached. */
  public get limitReached(): boolean {
    return this.limitHit;
  }

  private push(type: string, previousEventId: number, detailsKey?: DetailsKey, details?: unknown): number {
    const id = this.events.length + 1;
    const timestamp = isoTimestamp(this.clock.now());
    const event: Record<string, unknown> = { id, previousEventId, timestamp, type };
    if (detailsKey !== undefined) event[detailsKey] = details;
    this.events.push(event as unknown as HistoryEvent);
    this.onEvent?.(event as unknown as HistoryEvent);
    return id;
  }
}

// Many events share one instant (always so on a virtual clock), and most share a second with the
// previous one, across executions too: format each second once and append the milliseconds
// (Date#toISOString is costly per event).
let lastMs = Number.NaN;
let lastIso = '';
let lastSecond = Number.NaN;
let secondPrefix = '';

/** `new Date(ms).toISOString()`, memoized on the last instant and the last second. */
export function isoTimestamp(ms: number): string {
  if (ms === lastMs) return lastIso;
  // Before 1970 (Date truncates toward zero there) and past year 9999 the prefix trick does not
  // hold: let Date format it.
  if (ms < 0 || ms >= 253402300800000) return new Date(ms).toISOString();
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    secondPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const millis = whole - second * 1000;
  lastMs = ms;
  lastIso = `${secondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  return lastIso;
}
