import { randomUUID } from 'node:crypto';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure } from '../taskInvoker.ts';
import type { LambdaWorker } from './LambdaWorker.ts';
import { functionTimeoutFailure, initTimeoutFailure, lambdaTaskFailure } from './lambdaErrors.ts';
import type { InvocationContextData } from './protocol.ts';

/** Lambda's limit on the init phase of an on-demand environment. */
const INIT_TIMEOUT_MS = 10_000;

/** One invocation as the pool sees it. */
export interface PoolRequest {
  readonly stateName: string;
  readonly eventJson: string;
  /** Context fields; the request id is set when a worker picks the job up. */
  readonly context: Omit<InvocationContextData, 'awsRequestId'>;
  readonly functionTimeoutSeconds: number;
  /**
   * The Task state's TimeoutSeconds. It counts from the moment a worker takes the call: time
   * queued for a free worker is not task time, as Step Functions does not count Lambda throttling.
   */
  readonly stateTimeoutSeconds?: number;
  readonly signal?: AbortSignal;
  /** Called when a worker takes the call (the engine's own limits start counting then). */
  readonly onStart?: () => void;
}

/** A successful invocation: the handler's result as JSON, and the request id it ran under. */
export interface PoolResult {
  readonly resultJson: string;
  readonly requestId: string;
}

/** Log metadata a worker slot carries for the invocation it runs. */
export interface SlotLogMeta {
  stateName: string | undefined;
  requestId: string | undefined;
}

interface Slot {
  readonly worker: LambdaWorker;
  readonly meta: SlotLogMeta;
  job: Job | undefined;
}

interface Job {
  readonly request: PoolRequest;
  readonly resolve: (result: PoolResult) => void;
  readonly reject: (error: unknown) => void;
  readonly timers: NodeJS.Timeout[];
  slot: Slot | undefined;
  settled: boolean;
  onAbort: (() => void) | undefined;
}

/**
 * The warm pool of one function: at most `maxWorkers` threads, a FIFO queue beyond, and timeouts
 * enforced by terminating the thread, so a hung handler neither keeps running nor blocks the pool.
 */
export class WorkerPool {
  readonly #idle: Slot[] = [];
  readonly #all = new Set<Slot>();
  readonly #queue: Job[] = [];
  #closed = false;

  public constructor(
    private readonly maxWorkers: number,
    /** Starts a thread whose log lines are tagged with the given (mutable) metadata. */
    private readonly spawn: (meta: SlotLogMeta) => LambdaWorker,
  ) {}

  /** Runs the request; resolves with the result JSON or rejects with a TaskFailure. */
  public run(request: PoolRequest): Promise<PoolResult> {
    if (this.#closed) return Promise.reject(new Error('The Lambda invoker is closed'));
    return new Promise<PoolResult>((resolve, reject) => {
      const job: Job = { request, resolve, reject, timers: [], slot: undefined, settled: false, onAbort: undefined };
      const { signal } = request;
      if (signal?.aborted === true) return reject(signal.reason);
      if (signal !== undefined) {
        job.onAbort = () => this.#kill(job, signal.reason);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Terminates every thread and fails queued and running invocations. */
  public async close(): Promise<void> {
    this.#closed = true;
    const closedError = (): Error => new Error('The Lambda invoker was closed before the invocation finished');
    for (const job of this.#queue.splice(0)) this.#settle(job, () => job.reject(closedError()));
    const slots = [...this.#all];
    for (const slot of slots) if (slot.job !== undefined) this.#settle(slot.job, (j) => j.reject(closedError()));
    this.#all.clear();
    this.#idle.length = 0;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #pump(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const slot = this.#takeSlot();
      if (slot === undefined) return;
      this.#dispatch(slot, this.#queue.shift() as Job);
    }
  }

  #takeSlot(): Slot | undefined {
    for (let slot = this.#idle.pop(); slot !== undefined; slot = this.#idle.pop()) {
      if (slot.worker.alive) return slot;
      this.#all.delete(slot); // died while idle, e.g. a timer of the last invocation threw
    }
    if (this.#all.size >= this.maxWorkers) return undefined;
    const meta: SlotLogMeta = { stateName: undefined, requestId: undefined };
    const slot: Slot = { worker: this.spawn(meta), meta, job: undefined };
    this.#all.add(slot);
    return slot;
  }

  #dispatch(slot: Slot, job: Job): void {
    const { request } = job;
    const awsRequestId = randomUUID();
    const timeoutMs = request.functionTimeoutSeconds * 1000;
    slot.job = job;
    job.slot = slot;
    slot.meta.stateName = request.stateName;
    slot.meta.requestId = awsRequestId;
    const { stateTimeoutSeconds } = request;
    if (stateTimeoutSeconds !== undefined) {
      const cause = `State '${request.stateName}' did not finish within its TimeoutSeconds (${stateTimeoutSeconds})`;
      job.timers.push(setTimeout(() => this.#kill(job, new TaskFailure(StatesErrors.TIMEOUT, cause)), stateTimeoutSeconds * 1000));
    }
    request.onStart?.();
    // Lambda times init (module load, at most 10 s) apart from the invocation's own timeout.
    const initTimer = setTimeout(() => this.#kill(job, initTimeoutFailure(awsRequestId)), INIT_TIMEOUT_MS);
    job.timers.push(initTimer);
    const onStarted = (): void => {
      if (job.settled) return;
      clearTimeout(initTimer);
      job.timers.push(
        setTimeout(() => this.#kill(job, functionTimeoutFailure(awsRequestId, request.functionTimeoutSeconds)), timeoutMs),
      );
    };
    const context: InvocationContextData = { ...request.context, awsRequestId };
    const message = { type: 'invoke', eventJson: request.eventJson, context, timeoutMs } as const;
    void slot.worker.run(message, onStarted).then((outcome) => {
      // The invocation's own lines arrived before its outcome; later ones belong to no request.
      slot.meta.stateName = undefined;
      slot.meta.requestId = undefined;
      slot.job = undefined;
      if (outcome.kind === 'crash' || !slot.worker.alive) this.#all.delete(slot);
      else if (!this.#closed && this.#all.has(slot)) this.#idle.push(slot);
      this.#settle(job, (j) => {
        if (outcome.kind === 'success') j.resolve({ resultJson: outcome.resultJson, requestId: awsRequestId });
        else j.reject(lambdaTaskFailure(outcome.error));
      });
      this.#pump();
    });
  }

  /** Ends a job early (timeout, abort): its thread is terminated, not left running. */
  #kill(job: Job, error: unknown): void {
    if (job.settled) return;
    this.#settle(job, (j) => j.reject(error));
    const slot = job.slot;
    if (slot === undefined) {
      this.#queue.splice(this.#queue.indexOf(job), 1);
      return;
    }
    this.#all.delete(slot);
    void slot.worker.terminate();
    this.#pump(); // the freed capacity serves the next queued invocation with a fresh thread
  }

  #settle(job: Job, finish: (job: Job) => void): void {
    if (job.settled) return;
    job.settled = true;
    for (const timer of job.timers) clearTimeout(timer);
    if (job.onAbort !== undefined) job.request.signal?.removeEventListener('abort', job.onAbort);
    finish(job);
  }
}
