import { Worker } from 'node:worker_threads';
import { LambdaErrors } from './lambdaErrors.ts';
import { memoryWatchdog } from './MemoryWatchdog.ts';
import { METER_AT } from './worker/hostGuards.ts';
import type { InvokeMessage, LambdaErrorBody, WorkerBootData, WorkerMessage } from './protocol.ts';


/** How one invocation on a worker ended. */
export type WorkerOutcome =
  | { readonly kind: 'success'; readonly resultJson: string }
  /** The handler threw or returned something that is not JSON; the worker stays warm. */
  | { readonly kind: 'failure'; readonly error: LambdaErrorBody }
  /** The worker died (exit, uncaught error, out of memory, failed init); it is gone. */
  | { readonly kind: 'crash'; readonly error: LambdaErrorBody };

/** Settings for one worker thread. */
export interface LambdaWorkerOptions {
  /** The bundled worker runtime (see bundleWorkerRuntime). */
  readonly runtimeFile: string;
  readonly boot: WorkerBootData;
  readonly env: Record<string, string>;
  /** V8 old-generation limit, from the function's memory size. */
  readonly memoryMb: number;
  readonly onLog: (stream: 'stdout' | 'stderr', line: string) => void;
}

/**
 * One warm Lambda execution environment: a worker thread that keeps the handler's module scope
 * between invocations and runs one invocation at a time.
 */
export class LambdaWorker {
  readonly #worker: Worker;
  #current: { requestId: string; settle: (outcome: WorkerOutcome) => void; onStarted: () => void } | undefined;
  #crashReport: LambdaErrorBody | undefined;
  #outOfMemory = false;
  /** Set when the watchdog stopped the worker: how much memory it held, for the message. */
  #memoryOverrun: string | undefined;
  #exited = false;
  #unwatch: (() => void) | undefined;
  readonly #meter = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT));
  readonly #memoryMb: number;
  readonly #onLog: LambdaWorkerOptions['onLog'];

  public constructor(options: LambdaWorkerOptions) {
    this.#onLog = options.onLog;
    this.#memoryMb = options.memoryMb;
    this.#worker = new Worker(options.runtimeFile, {
      // Stack traces of the minified bundle point into the TypeScript sources, as with
      // NODE_OPTIONS=--enable-source-maps on the deployed functions.
      execArgv: ['--enable-source-maps'],
      workerData: { ...options.boot, memoryMeter: this.#meter.buffer as SharedArrayBuffer },
      env: options.env,
      // The runtime captures output through the message port. These streams are deliberately
      // never read: reading one keeps the thread referenced, so an idle pool would hold the
      // process open. Only output written before the runtime patched the streams is dropped.
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    this.#worker.on('message', (message: WorkerMessage) => this.#onMessage(message));
    // Errors the runtime could not report itself: V8 heap exhaustion, or a runtime that failed to start.
    this.#worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.#outOfMemory = true;
      else this.#crashReport ??= { errorType: error.name, errorMessage: error.message, trace: [] };
    });
    this.#worker.on('exit', (code) => this.#onExit(code));
  }

  /** False once the thread has exited or been terminated. */
  public get alive(): boolean {
    return !this.#exited;
  }

  /**
   * Runs one invocation; the outcome never rejects. `onStarted` fires once the handler module is
   * loaded and the handler called (cold start init excluded, as Lambda times it).
   */
  public run(message: InvokeMessage, onStarted: () => void): Promise<WorkerOutcome> {
    if (this.#current !== undefined) throw new Error('LambdaWorker is busy');
    // Busy workers keep the process alive; idle ones must not hold a CLI open.
    this.#worker.ref();
    // resourceLimits bound the V8 heap only; the watchdog bounds what the handler holds outside it.
    // The last measurement is as old as the idle time: count it as fresh until the worker measures.
    this.#meter[METER_AT] = Date.now();
    this.#unwatch = memoryWatchdog.watch({
      memoryMb: this.#memoryMb,
      meter: this.#meter,
      stopForMemory: (usedMb) => this.#stopForMemory(usedMb),
    });
    return new Promise((resolve) => {
      this.#current = { requestId: message.context.awsRequestId, settle: resolve, onStarted };
      this.#worker.postMessage(message);
    });
  }

  /** Stops the thread, even in the middle of a busy loop. */
  public async terminate(): Promise<void> {
    if (this.#exited) return;
    // Terminating a thread that is exiting on its own may reject; either way it is gone.
    await this.#worker.terminate().catch(() => undefined);
  }

  #stopForMemory(usedMb: number): void {
    this.#outOfMemory = true;
    this.#memoryOverrun = `the handler held about ${Math.round(usedMb).toLocaleString('en-US')} MB, more than its ${this.#memoryMb} MB; Buffers and other memory outside the JavaScript heap count, as on Lambda`;
    void this.terminate();
  }

  #finish(outcome: WorkerOutcome): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    const current = this.#current;
    this.#current = undefined;
    if (!this.#exited) this.#worker.unref();
    current?.settle(outcome);
  }

  #onMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'log':
        this.#onLog(message.stream, message.line);
        return;
      case 'started':
        this.#current?.onStarted();
        return;
      case 'success':
        this.#finish({ kind: 'success', resultJson: message.resultJson });
        return;
      case 'failure':
        this.#finish({ kind: 'failure', error: message.error });
        return;
      case 'crash':
        this.#crashReport = message.error;
        return;
    }
  }

  #onExit(code: number): void {
    this.#exited = true;
    if (this.#current === undefined) return;
    // Lambda's wording for a runtime that went away mid-invocation; killed for memory, Node.js
    // reports "signal: killed".
    const [errorType, reason] = this.#outOfMemory
      ? [LambdaErrors.OUT_OF_MEMORY, `Runtime exited with error: signal: killed${this.#memoryOverrun === undefined ? '' : ` (${this.#memoryOverrun})`}`]
      : code === 0
        ? [LambdaErrors.EXIT_ERROR, 'Runtime exited without providing a reason']
        : [LambdaErrors.EXIT_ERROR, `Runtime exited with error: exit status ${code}`];
    const errorMessage = `RequestId: ${this.#current.requestId} Error: ${reason}`;
    const fallback: LambdaErrorBody = { errorType, errorMessage, trace: [] };
    this.#finish({ kind: 'crash', error: this.#crashReport ?? fallback });
  }
}
