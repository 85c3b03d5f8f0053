/** One local function: where its handler is and how Lambda would configure it. */
export interface LocalFunctionConfig {
  /** The deployed function name; used in the context, the ARN and AWS_LAMBDA_FUNCTION_NAME. */
  readonly functionName: string;
  /** Absolute path to the handler module (.ts, .mts, .js or .mjs). */
  readonly handlerFile: string;
  /**
   * Named export of the handler function.
   * @default 'handler'
   */
  readonly exportName?: string;
  /**
   * The function's own timeout; past it the invocation fails with `Sandbox.Timedout`.
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * Memory size, enforced as Lambda enforces it: the worker's V8 old-generation limit, and a
   * watchdog on what the handler holds outside the V8 heap (Buffers, ArrayBuffers; see
   * MemoryWatchdog.ts). Past it, the invocation fails with Runtime.OutOfMemory and only its worker
   * ends.
   * @default 128
   */
  readonly memoryMb?: number;
  /** The function's environment variables, visible only inside its workers. */
  readonly environment?: Readonly<Record<string, string>>;
}

/** Where a captured log line came from. */
export interface LambdaLogMeta {
  readonly functionName: string;
  /** The Task state that invoked the function; undefined for output between invocations. */
  readonly stateName: string | undefined;
  /** The awsRequestId of the invocation that wrote the line. */
  readonly requestId: string | undefined;
  readonly stream: 'stdout' | 'stderr';
}

/** Options of {@link createLambdaInvoker}. */
export interface LambdaInvokerOptions {
  /**
   * Functions by reference: a compiler placeholder (`${Function_createUser}` or
   * `Function_createUser`), a function name, or a function ARN. Every entry is also reachable by
   * its `functionName` and by ARNs naming it (with or without a qualifier).
   */
  readonly functions: Readonly<Record<string, LocalFunctionConfig>>;
  /**
   * Warm workers per function; invocations beyond wait in a FIFO queue. Time in the queue does not
   * count against the state's TimeoutSeconds (Step Functions does not count Lambda throttling as
   * task time), so a Map wider than the pool waits rather than timing out.
   * @default 2
   */
  readonly maxWorkersPerFunction?: number;
  /**
   * Receives every line a handler writes to stdout or stderr, with the values of the secrets the
   * function declares (AETHON_SECRETS) replaced by `[REDACTED]`.
   * @default writes the line to process.stderr, whole lines only
   */
  readonly onLog?: (line: string, meta: LambdaLogMeta) => void;
  /**
   * AWS_REGION of the functions and the region in their ARNs.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * Account id in the local function ARNs.
   * @default '123456789012'
   */
  readonly accountId?: string;
  /**
   * Variables copied from the engine's environment into every worker; nothing else leaks in.
   * @default ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']
   */
  readonly inheritEnv?: readonly string[];
  /** Variables for every function (local endpoints, credentials for dynalite); function wins. */
  readonly sharedEnvironment?: Readonly<Record<string, string>>;
}
