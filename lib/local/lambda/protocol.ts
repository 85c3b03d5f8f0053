/**
 * Messages between the engine thread and a Lambda worker thread. Events and results cross as JSON
 * strings, as they cross the Lambda Invoke API, so a handler can never hand back something that
 * would not survive the trip to AWS (a Map, a BigInt, a class instance with methods).
 */

/** What the worker needs once, at start: the handler to load. */
export interface WorkerBootData {
  /** `file:` URL of the handler module. */
  readonly handlerUrl: string;
  /** Absolute path, for messages. */
  readonly handlerFile: string;
  readonly exportName: string;
  /** Where the worker publishes its memory footprint for the engine's watchdog (see hostGuards.ts). */
  readonly memoryMeter?: SharedArrayBuffer;
}

/** The Lambda context fields that are plain data; the worker adds the methods. */
export interface InvocationContextData {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  /** A string, as in the Node.js runtime. */
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** Engine to worker: run one invocation. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly eventJson: string;
  readonly context: InvocationContextData;
  /** The function's timeout; the handler's deadline counts from its start, after init. */
  readonly timeoutMs: number;
}

/** The error body the Lambda runtime reports for a failed invocation. */
export interface LambdaErrorBody {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** Worker to engine messages. */
export type WorkerMessage =
  | { readonly type: 'log'; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  /** Init is over and the handler was called; the function timeout starts now. */
  | { readonly type: 'started' }
  | { readonly type: 'success'; readonly resultJson: string }
  | { readonly type: 'failure'; readonly error: LambdaErrorBody }
  /** The runtime itself is going down (uncaught exception, unhandled rejection, bad module). */
  | { readonly type: 'crash'; readonly error: LambdaErrorBody };
