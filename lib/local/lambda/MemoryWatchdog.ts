/**
 * Enforces each function's memory size on memory outside the V8 heap. A worker's `resourceLimits`
 * bound only its V8 heap; Buffers, ArrayBuffers and native memory are not bounded there, and a
 * handler holding gigabytes of them would take the whole process (the CLI, every execution) down,
 * where Lambda would end that one execution environment with Runtime.OutOfMemory.
 *
 * Two measures, sampled while any worker is busy:
 * - each worker's own footprint (V8 heap plus external memory), which it publishes itself; past
 *   its memory size, the worker is stopped;
 * - the process's RSS, for a worker whose synchronous loop keeps it from publishing: growth that
 *   neither the engine's own heap nor the publishing workers explain belongs to the silent ones;
 *   past what they may hold together, the largest silent worker is stopped. A worker whose own
 *   measurement is within its size is never stopped for the process's growth.
 */
import { METER_AT, METER_BYTES } from './worker/hostGuards.ts';

/** A busy worker as the watchdog sees it. */
export interface WatchedWorker {
  /** The function's memory size. */
  readonly memoryMb: number;
  /** The worker's published measurements (see hostGuards.ts). */
  readonly meter: Float64Array;
  /** Stops the worker; its invocation fails with Runtime.OutOfMemory. */
  readonly stopForMemory: (usedMb: number) => void;
}

const MB = 1024 * 1024;
/** How often memory is sampled while a worker is busy. */
const SAMPLE_INTERVAL_MS = 50;
/** A worker thread's own cost besides what its handler holds (runtime, modules, stacks). */
const WORKER_OVERHEAD_MB = 96;
/** A worker whose measurement is older than this is in a synchronous loop. */
const STALE_AFTER_MS = 250;

/** One watchdog per process: RSS belongs to the process, not to one pool. */
class MemoryWatchdog {
  readonly #busy = new Set<WatchedWorker>();
  #timer: NodeJS.Timeout | undefined;
  /** RSS and the engine isolate's footprint when the first busy worker started: growth counts from here. */
  #baseline = { rss: 0, engine: 0 };

  /** Watches a worker until the returned function is called (its invocation ended). */
  public watch(worker: WatchedWorker): () => void {
    if (this.#busy.size === 0) {
      const usage = process.memoryUsage();
      this.#baseline = { rss: usage.rss, engine: usage.heapUsed + usage.external };
      this.#timer = setInterval(() => this.#sample(), SAMPLE_INTERVAL_MS);
      // Busy workers keep the process alive; the watchdog must not.
      this.#timer.unref();
    }
    this.#busy.add(worker);
    return () => {
      if (!this.#busy.delete(worker) || this.#busy.size > 0) return;
      clearInterval(this.#timer);
      this.#timer = undefined;
    };
  }

  #sample(): void {
    const now = Date.now();
    const silent: WatchedWorker[] = [];
    let explainedMb = 0;
    for (const worker of this.#busy) {
      const usedMb = worker.meter[METER_BYTES]! / MB;
      if (usedMb > worker.memoryMb) return this.#stop(worker, usedMb);
      if (now - worker.meter[METER_AT]! > STALE_AFTER_MS) silent.push(worker);
      else explainedMb += usedMb + WORKER_OVERHEAD_MB;
    }
    if (silent.length === 0) return;
    const usage = process.memoryUsage();
    explainedMb += Math.max(0, usage.heapUsed + usage.external - this.#baseline.engine) / MB;
    const unexplainedMb = (usage.rss - this.#baseline.rss) / MB - explainedMb;
    let allowedMb = 0;
    for (const worker of silent) allowedMb += worker.memoryMb + WORKER_OVERHEAD_MB;
    if (unexplainedMb <= allowedMb) return;
    const suspect = silent.reduce((a, b) => (b.meter[METER_BYTES]! > a.meter[METER_BYTES]! ? b : a));
    this.#stop(suspect, unexplainedMb - (allowedMb - suspect.memoryMb - WORKER_OVERHEAD_MB));
  }

  #stop(worker: WatchedWorker, usedMb: number): void {
    this.#busy.delete(worker);
    if (this.#busy.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    worker.stopForMemory(usedMb);
  }
}

/** The process's watchdog. */
export const memoryWatchdog = new MemoryWatchdog();
