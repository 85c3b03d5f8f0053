import type { Clock } from '../clock.ts';

/**
 * An invocation whose invoker may make it wait for capacity (a busy worker pool). Step Functions
 * does not count Lambda throttling as task time, so a state's TimeoutSeconds and HeartbeatSeconds
 * stop counting while the call waits; they start again when it runs.
 */
export interface QueueableInvocation {
  /** Call when the work waits for capacity; call the returned function when it starts running. */
  queued(): () => void;
}

const noop = (): void => {};

/** Marks an invocation queued if its engine offers it (in-process callers may not); returns the start callback. */
export function markQueued(invocation: object): () => void {
  const queued = (invocation as Partial<QueueableInvocation>).queued;
  return typeof queued === 'function' ? queued.call(invocation) : noop;
}

/** The time that counts against a task's limits: all of it but the spans it waited in a queue. */
export class CountedTime {
  #pausedMs = 0;
  #pausedAt: number | undefined;
  #resumed: Promise<void> | undefined;
  #resume: () => void = noop;

  public constructor(
    private readonly clock: Clock,
    /** Called when a queued call starts: a fresh heartbeat window begins with the work. */
    private readonly onResume: () => void = noop,
  ) {}

  /** Stops counting; the returned function starts again (once). */
  public pause(): () => void {
    if (this.#pausedAt !== undefined) return noop;
    this.#pausedAt = this.clock.now();
    this.#resumed = new Promise((resolve) => (this.#resume = resolve));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#pausedMs += this.clock.now() - this.#pausedAt!;
      this.#pausedAt = undefined;
      this.#resumed = undefined;
      this.onResume();
      this.#resume();
    };
  }

  /**
   * Resolves once the clock passes `deadline(pausedMs)`, re-read on each wake (a heartbeat moves
   * it), given the time spent paused so far; never while paused.
   */
  public async reach(deadline: (pausedMs: number) => number, signal: AbortSignal): Promise<void> {
    for (;;) {
      if (this.#resumed !== undefined) await this.#resumed;
      const wait = deadline(this.#pausedMs) - this.clock.now();
      if (wait <= 0) return;
      await this.clock.sleep(wait, signal);
    }
  }
}
