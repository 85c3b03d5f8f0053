/**
 * The Lambda runtime inside a worker thread: loads the handler once (module scope stays warm
 * between invocations, as in a reused Lambda execution environment), builds the context, captures
 * console output per invocation and reports results as JSON. This file and the handler both run
 * bundled (bundleHandler.ts), as plain JavaScript with source maps.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type {
  InvocationContextData,
  InvokeMessage,
  LambdaErrorBody,
  WorkerBootData,
  WorkerMessage,
} from '../protocol.ts';
import { LambdaErrors } from '../lambdaErrors.ts';
import { confineProcessKill, memoryMeter } from './hostGuards.ts';

type Handler = (event: unknown, context: unknown, callback?: unknown) => unknown;

const port = parentPort;
if (port === null) throw new Error('lambda runtime must run in a worker thread');
const boot = workerData as WorkerBootData;
const post = (message: WorkerMessage): void => port.postMessage(message);

/** Lambda's shape for a thrown value: `errorType` is `error.name`, never the constructor. */
function toErrorBody(error: unknown, errorType?: string): LambdaErrorBody {
  if (error instanceof Error) {
    return {
      errorType: errorType ?? error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n').filter((line) => line !== ''),
    };
  }
  return { errorType: errorType ?? typeof error, errorMessage: String(error), trace: [] };
}

// Capture both streams at the write level: console.* and loggers that hold their own Console
// (Powertools Logger) all end up here, so lines reach the engine in order, before the result.
const pending = { stdout: '', stderr: '' };
function capture(stream: 'stdout' | 'stderr'): void {
  const target = process[stream];
  target.write = ((chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    const lines = (pending[stream] + text).split('\n');
    pending[stream] = lines.pop() ?? '';
    for (const line of lines) post({ type: 'log', stream, line });
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as typeof target.write;
}
function flushLogs(): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    if (pending[stream] !== '') post({ type: 'log', stream, line: pending[stream] });
    pending[stream] = '';
  }
}
capture('stdout');
capture('stderr');

/** Init failure: Lambda reports it on the invocation and starts a fresh environment next time. */
function crash(error: LambdaErrorBody): never {
  flushLogs();
  post({ type: 'crash', error });
  process.exit(1);
}

/** The invocation running now, for the RequestId of a crash report. */
let currentRequestId: string | undefined;

const meter = memoryMeter(boot.memoryMeter);
confineProcessKill((signal) =>
  crash({
    errorType: LambdaErrors.EXIT_ERROR,
    errorMessage:
      `RequestId: ${currentRequestId ?? 'none'} Error: Runtime exited with error: signal: ${signal} ` +
      `(process.kill aimed at the process running the handler; locally it ends only this function's worker)`,
    trace: [],
  }),
);

process.on('uncaughtException', (error) => crash(toErrorBody(error)));
process.on('unhandledRejection', (reason) =>
  crash(toErrorBody(reason, LambdaErrors.UNHANDLED_PROMISE_REJECTION)),
);

async function loadHandler(): Promise<Handler> {
  const where = `${boot.handlerFile} (export '${boot.exportName}')`;
  if (!existsSync(boot.handlerFile)) {
    crash({
      errorType: LambdaErrors.IMPORT_MODULE_ERROR,
      errorMessage: `Error: Cannot find module '${boot.handlerFile}': the handler file of ${where} does not exist`,
      trace: [],
    });
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(boot.handlerUrl)) as Record<string, unknown>;
  } catch (error) {
    const type = error instanceof SyntaxError ? LambdaErrors.USER_CODE_SYNTAX_ERROR : LambdaErrors.IMPORT_MODULE_ERROR;
    const body = toErrorBody(error, type);
    crash({ ...body, errorMessage: `Error loading ${where}: ${body.errorMessage}` });
  }
  // The bundle is CommonJS: import() shows module.exports as `default`. Read the export there, as
  // Lambda's runtime does after require() (so `export default` is the export named `default`).
  const cjs = mod['default'];
  const exports = (typeof cjs === 'object' && cjs !== null ? cjs : mod) as Record<string, unknown>;
  const handler = Object.hasOwn(exports, boot.exportName) ? exports[boot.exportName] : undefined;
  if (typeof handler !== 'function') {
    const exported = Object.keys(exports).join(', ') || 'none';
    const problem = handler === undefined ? 'undefined or not exported' : 'not a function';
    crash({
      errorType: LambdaErrors.HANDLER_NOT_FOUND,
      errorMessage: `${where} is ${problem}; exports: ${exported}`,
      trace: [],
    });
  }
  return handler as Handler;
}

function buildContext(data: InvocationContextData, deadlineMs: number): Record<string, unknown> {
  return {
    ...data,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
}

/** Calls async and callback-style handlers alike. */
function call(handler: Handler, event: unknown, context: unknown): Promise<unknown> {
  if (handler.length < 3) return Promise.resolve(handler(event, context));
  return new Promise((resolve, reject) => {
    const callback = (error: unknown, result: unknown): void =>
      error === null || error === undefined ? resolve(result) : reject(error);
    Promise.resolve(handler(event, context, callback)).then((value) => {
      if (value !== undefined) resolve(value);
    }, reject);
  });
}

function marshal(result: unknown): WorkerMessage {
  let resultJson: string | undefined;
  let reason = 'it is a function or symbol';
  try {
    resultJson = JSON.stringify(result === undefined ? null : result);
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (resultJson === undefined) {
    return {
      type: 'failure',
      error: {
        errorType: LambdaErrors.MARSHAL_ERROR,
        errorMessage: `Unable to marshal the handler result to JSON (${reason}); return plain JSON data`,
        trace: [],
      },
    };
  }
  return { type: 'success', resultJson };
}

let handlerPromise: Promise<Handler> | undefined;

port.on('message', async (message: InvokeMessage) => {
  meter.start();
  handlerPromise ??= loadHandler();
  const handler = await handlerPromise;
  currentRequestId = message.context.awsRequestId;
  const deadlineMs = Date.now() + message.timeoutMs;
  post({ type: 'started' });
  let outcome: WorkerMessage;
  try {
    const result = await call(handler, JSON.parse(message.eventJson), buildContext(message.context, deadlineMs));
    outcome = marshal(result);
  } catch (error) {
    outcome = { type: 'failure', error: toErrorBody(error) };
  }
  flushLogs();
  meter.stop();
  post(outcome);
});
