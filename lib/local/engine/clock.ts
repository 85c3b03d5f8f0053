import type { SleepingClock } from '../../contracts/clock.ts';
import { abortError } from './abortError.ts';

/**
 * Time as a dependency of the engine: every Wait, retry backoff, task timeout and timestamp goes
 * through a clock, so tests can skip time deterministically and the engine never calls
 * `Date.now` or `setTimeout` itself. The interface is lib/contracts' (the step runtime reads the
 * same one); the engine needs the kind that can be waited on.
 */
export type Clock = SleepingClock;

export { abortError } from './abortError.ts';
export { VirtualClock, type VirtualClockOptions } from './virtualClock.ts';

/** Wall-clock time: `Date.now()` and `setTimeout`. */
export class RealClock implements Clock {
  public now(): number {
    return Date.now();
  }

  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
