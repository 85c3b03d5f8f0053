import type { HistoryEvent } from '../types.ts';
import type { Clock } from './clock.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { EngineFailure } from './failures.ts';

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
  private lastMs = Number.NaN;
  private lastIso = '';
  private lastSecond = Number.NaN;
  private secondPrefix = '';

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
  public add(type: string, previousEventId: number, detailsKey?: string, details?: unknown): number {
    if (this.closed) throw new EngineFailure(StatesErrors.RUNTIME, 'The execution has already ended.');
    if (this.events.length >= this.maxEvents - 1) {
      // Every later event of any branch fails the same way; the engine records the final one.
      this.limitHit = true;
      throw new EngineFailure(
        StatesErrors.RUNTIME,
        `The execution reached the maximum number of history events (${this.maxEvents}).`,
      );
    }
    return this.push(type, previousEventId, detailsKey, details);
  }

  /** Records the execution's closing event, which may use the last slot under the cap. */
  public addFinal(type: string, previousEventId: number, detailsKey: string, details: unknown): number {
    const id = this.push(type, previousEventId, detailsKey, details);
    // Work still unwinding after a timeout or abort must not append after the closing event.
    this.closed = true;
    return id;
  }

  /** Whether the history cap was reached. */
  public get limitReached(): boolean {
    return this.limitHit;
  }

  private push(type: string, previousEventId: number, detailsKey?: string, details?: unknown): number {
    const id = this.events.length + 1;
    const now = this.clock.now();
    // Many events share one instant (always so on a virtual clock), and most share a second:
    // format the second once and append the milliseconds (toISOString is costly per event).
    if (now !== this.lastMs) {
      this.lastMs = now;
      const whole = Math.floor(now);
      const second = Math.floor(whole / 1000);
      if (second !== this.lastSecond) {
        this.lastSecond = second;
        this.secondPrefix = new Date(second * 1000).toISOString().slice(0, 20);
      }
      const ms = whole - second * 1000;
      this.lastIso = `${this.secondPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
    }
    const event: Record<string, unknown> = { id, previousEventId, timestamp: this.lastIso, type };
    if (detailsKey !== undefined) event[detailsKey] = details;
    this.events.push(event as unknown as HistoryEvent);
    this.onEvent?.(event as unknown as HistoryEvent);
    return id;
  }
}
