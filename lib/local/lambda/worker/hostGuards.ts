/**
 * Guards of the host process against a handler, installed in each worker before the handler loads.
 * A worker thread shares its process with the engine and the CLI: what ends or bloats the process
 * there ends or bloats every execution, where on Lambda it would end one execution environment.
 */
import { constants } from 'node:os';

/** Slots of the shared memory meter: the isolate's footprint in bytes, and when it was measured. */
export const METER_BYTES = 0;
export const METER_AT = 1;

/** How often the worker measures its own footprint while its event loop turns. */
const METER_INTERVAL_MS = 50;

/**
 * Publishes this isolate's memory (V8 heap plus memory held outside it: Buffers, ArrayBuffers) for
 * the engine's watchdog, while an invocation runs (an idle worker costs nothing). A synchronous
 * loop stops the measurements; the watchdog then judges by the process's RSS and the age of the
 * last measurement.
 */
export function memoryMeter(shared: SharedArrayBuffer | undefined): { start(): void; stop(): void } {
  if (shared === undefined) return { start: () => undefined, stop: () => undefined };
  const meter = new Float64Array(shared);
  const measure = (): void => {
    const usage = process.memoryUsage();
    meter[METER_BYTES] = usage.heapUsed + usage.external;
    meter[METER_AT] = Date.now();
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    start: () => {
      measure();
      timer ??= setInterval(measure, METER_INTERVAL_MS);
    },
    stop: () => {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

/**
 * Makes `process.kill` aimed at this process (its pid, its parent, or a process group, which holds
 * it) end only this worker, as the runtime reports it: on Lambda such a signal ends the execution
 * environment, locally it would end the CLI. Signal 0 (does the process exist?) still answers.
 */
export function confineProcessKill(exitWorker: (signalName: string) => never): void {
  const kill = process.kill.bind(process);
  process.kill = ((pid: number, signal?: string | number): true => {
    const target = Number(pid);
    const aimsAtHost = target === process.pid || target === process.ppid || target <= 0;
    if (!aimsAtHost || signal === 0) return kill(pid, signal);
    exitWorker(signalName(signal));
  }) as typeof process.kill;
}

function signalName(signal: string | number | undefined): string {
  if (signal === undefined) return 'SIGTERM';
  if (typeof signal === 'string') return signal;
  const named = Object.entries(constants.signals).find(([, number]) => number === signal);
  return named?.[0] ?? `signal ${signal}`;
}
