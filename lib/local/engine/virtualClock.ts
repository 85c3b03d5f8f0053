import { abortError } from './abortError.ts';
import type { Clock } from './clock.ts';

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /**
   * Start time, in milliseconds since the epoch.
   * @default Date.UTC(2024, 0, 1) (a fixed instant, so histories are reproducible)
   */
  readonly start?: number;
  /**
   * Event-loop turns (`setImmediate`) without any clock activity before time skips. More turns
   * tolerate task fakes that settle through a few `setImmediate` hops (timers with a real delay
   * are not covered: hold the clock around them).
   * @default 3
   */
  readonly quietTurns?: number;
}

interface Sleeper {
  readonly wakeAt: number;
  readonly seq: number;
  readonly resolve: () => void;
  /** For a sleep begun while the clock was held: when it is due in real time (ms since the epoch). */
  readonly realDue?: number;
}

/**
 * A clock whose time moves only when all work is blocked on sleeps: then it jumps to the earliest
 * wake time and wakes the sleepers due at that instant, in the order they went to sleep.
 *
 * "All work is blocked" is detected as a few event-loop turns (`setImmediate`) during which
 * nobody read the clock or went to sleep; the engine reads the clock whenever it makes progress,
 * and in-process task functions settle within microtasks. Real asynchronous work that takes
 * wall-clock time (worker threads, sockets) should hold the clock with {@link VirtualClock.hold}
 * while it runs, or it may see time skip past it.
 * @example
 * const clock = new VirtualClock();
 * await Promise.all([clock.sleep(5_000), clock.sleep(1_000)]); // instant; clock.now() advanced 5 s
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly sleepers: Sleeper[] = [];
  private seq = 0;
  private activity = 0;
  private holds = 0;
  private checkScheduled = false;
  private lastSeenActivity = -1;
  private quiet = 0;
  private readonly quietTurns: number;
  /** Since when (real and virtual ms) the clock has been held; undefined while it is not. */
  private heldSince: { readonly real: number; readonly virtual: number } | undefined;
  /** Real-time timer for the earliest deadline while the clock is held. */
  private deadlineTimer: NodeJS.Timeout | undefined;
  /** Waiters of {@link VirtualClock.released}: woken when the last hold is released. */
  private readonly releaseWaiters: (() => void)[] = [];
  /** Waiters of {@link VirtualClock.reached}: woken when time passes them, never a reason to skip. */
  private readonly watchers: { readonly at: number; readonly resolve: () => void }[] = [];

  public constructor(options: VirtualClockOptions = {}) {
    this.current = options.start ?? Date.UTC(2024, 0, 1);
    this.quietTurns = Math.max(1, options.quietTurns ?? 3);
  }

  public now(): number {
    this.activity++;
    return this.current;
  }

  /** Number of sleepers not yet woken (for tests and diagnostics). */
  public get pendingSleepers(): number {
    return this.sleepers.length;
  }

  /** Moves time forward by `ms` without waking anyone early (wakes those now due). */
  public advance(ms: number): void {
    this.current += ms;
    this.wakeDue();
  }

  /**
   * Stops time from skipping until the returned release function is called; use it around real
   * asynchronous work whose wall-clock duration must not be overtaken by virtual sleeps.
   *
   * Held time stands still (histories stay reproducible) unless real work outlasts a deadline:
   * once as much real time has passed as separates the hold from the earliest sleeper, time jumps
   * to that sleeper and wakes it. So a hung task still meets its TimeoutSeconds and the
   * execution's, as it would in real time, instead of stopping time for ever.
   */
  public hold(): () => void {
    if (this.holds++ === 0) {
      this.heldSince = { real: Date.now(), virtual: this.current };
      this.armDeadline();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) {
        this.heldSince = undefined;
        clearTimeout(this.deadlineTimer);
        this.deadlineTimer = undefined;
        for (const waiter of this.releaseWaiters.splice(0)) waiter();
      }
      this.activity++;
      this.scheduleCheck();
    };
  }

  /**
   * Resolves once the clock is not held (at once when it is not): what moves time from outside,
   * as schedules pacing it by real time, waits here, so held time stands still.
   */
  public released(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.holds === 0) return Promise.resolve();
    return waitIn(this.releaseWaiters, (wake) => wake, signal);
  }

  /**
   * When a sleeper is due in real time while the clock is held: a sleep begun during the hold
   * counts from its own start, an earlier one from the start of the hold.
   */
  private realDueOf(sleeper: Sleeper, since: { readonly real: number; readonly virtual: number }): number {
    return sleeper.realDue ?? since.real + (sleeper.wakeAt - since.virtual);
  }

  /** While held: a real-time timer for the sleeper due first in real time. */
  private armDeadline(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    const since = this.heldSince;
    if (since === undefined || this.sleepers.length === 0) return;
    let due = Infinity;
    for (const sleeper of this.sleepers) due = Math.min(due, this.realDueOf(sleeper, since));
    this.deadlineTimer = setTimeout(() => this.onDeadline(), Math.max(0, due - Date.now()));
    // The held work keeps the process alive, not the clock.
    this.deadlineTimer.unref();
  }

  /** Jumps to the latest virtual instant among the sleepers due in real time, and wakes in virtual order. */
  private onDeadline(): void {
    this.deadlineTimer = undefined;
    const since = this.heldSince;
    if (since === undefined) return;
    const realNow = Date.now();
    for (const sleeper of this.sleepers) {
      if (this.realDueOf(sleeper, since) <= realNow && sleeper.wakeAt > this.current) this.current = sleeper.wakeAt;
    }
    this.wakeDue();
    this.armDeadline();
  }

  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.activity++;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const held = this.heldSince !== undefined;
      const sleeper: Sleeper = {
        wakeAt: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        ...(held && { realDue: Date.now() + Math.max(0, ms) }),
      };
      const onAbort = (): void => {
        const index = this.sleepers.indexOf(sleeper);
        if (index >= 0) this.sleepers.splice(index, 1);
        this.activity++;
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.insert(sleeper);
      if (held) this.armDeadline();
      this.scheduleCheck();
    });
  }

  /**
   * Resolves once time reaches `at`, however it gets there (a skip for a sleeper, {@link advance}),
   * without being a sleeper itself: time never skips to reach it, so a waiter that acts on the time
   * (schedules on `aethon dev`) cannot make time run away.
   */
  public reached(at: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (at <= this.current) return Promise.resolve();
    return waitIn(this.watchers, (wake) => ({ at, resolve: wake }), signal);
  }

  /** Keeps sleepers sorted by (wakeAt, seq) so waking is deterministic. */
  private insert(sleeper: Sleeper): void {
    let index = this.sleepers.length;
    while (index > 0) {
      const before = this.sleepers[index - 1]!;
      if (before.wakeAt < sleeper.wakeAt || (before.wakeAt === sleeper.wakeAt && before.seq < sleeper.seq)) break;
      index--;
    }
    this.sleepers.splice(index, 0, sleeper);
  }

  private scheduleCheck(): void {
    if (this.checkScheduled || this.sleepers.length === 0) return;
    this.checkScheduled = true;
    this.lastSeenActivity = this.activity;
    setImmediate(() => this.check());
  }

  private check(): void {
    this.checkScheduled = false;
    if (this.sleepers.length === 0) return;
    if (this.holds > 0) return; // released holds reschedule
    if (this.activity !== this.lastSeenActivity) this.quiet = 0;
    else this.quiet++;
    if (this.quiet < this.quietTurns) {
      this.scheduleCheck();
      return;
    }
    this.quiet = 0;
    const first = this.sleepers[0]!;
    if (first.wakeAt > this.current) this.current = first.wakeAt;
    this.wakeDue();
  }

  private wakeDue(): void {
    const due: Sleeper[] = [];
    while (this.sleepers.length > 0 && this.sleepers[0]!.wakeAt <= this.current) due.push(this.sleepers.shift()!);
    for (const sleeper of due) sleeper.resolve();
    for (const watcher of this.watchers.filter((w) => w.at <= this.current)) {
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
    this.activity++;
    this.scheduleCheck();
  }
}

/**
 * Waits as an entry of `list` until the clock calls the `wake` the entry was made with; an abort
 * takes the entry out of the list and rejects.
 */
function waitIn<T>(list: T[], entryOf: (wake: () => void) => T, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      const index = list.indexOf(entry);
      if (index >= 0) list.splice(index, 1);
      reject(abortError(signal));
    };
    const entry = entryOf(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    list.push(entry);
  });
}
