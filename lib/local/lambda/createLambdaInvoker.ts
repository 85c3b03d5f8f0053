import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure, type TaskInvocation, type TaskInvoker } from '../taskInvoker.ts';
import { markQueued } from '../engine/states/countedTime.ts';
import { FunctionResolver, LAMBDA_INVOKE_RESOURCE } from './functionResolver.ts';
import { bundleHandlers, bundleWorkerRuntime, type Bundles } from './bundleHandler.ts';
import { lambdaTaskFailure } from './lambdaErrors.ts';
import { LambdaWorker } from './LambdaWorker.ts';
import { WorkerPool } from './WorkerPool.ts';
import { FunctionOutputRedactor } from './FunctionOutputRedactor.ts';
import { contextFor, lambdaEnvironment } from './lambdaEnvironment.ts';
import type { LambdaInvokerOptions, LambdaLogMeta, LocalFunctionConfig } from './types.ts';

/** A TaskInvoker that runs Lambda handlers locally; `close()` ends every worker thread. */
export type LambdaInvoker = TaskInvoker & {
  /** Terminates all pools; pending invocations reject. Call it before the process exits. */
  close(): Promise<void>;
};

/** Log metadata of what the bundler reports (no function invocation wrote it). */
const BUNDLER_LOG: LambdaLogMeta = { functionName: 'esbuild', stateName: undefined, requestId: undefined, stream: 'stderr' };

/** What a Task state asks of Lambda, once the two resource forms are told apart. */
interface LambdaCall {
  readonly reference: string;
  readonly event: unknown;
  /** `lambda:invoke` wraps the result in the Invoke API response; a bare ARN returns it as is. */
  readonly integration: boolean;
  readonly invocationType: 'RequestResponse' | 'Event' | 'DryRun';
  /** `Qualifier` of the Invoke call (alias or version), for the invoked ARN. */
  readonly qualifier?: string;
}

/**
 * Creates a TaskInvoker that runs Task states backed by Lambda in local worker threads: one warm
 * pool per function, handlers bundled as `cdk deploy` bundles them (esbuild, minified CommonJS
 * with source maps), Lambda's environment, context, timeouts and error reporting.
 *
 * Handles `arn:aws:states:::lambda:invoke` (FunctionName and Payload from the parameters; the
 * result is the Invoke response with `Payload`) and Resources that name a function directly (a
 * function ARN or a compiler placeholder; the parameters are the event, the result is returned
 * as is).
 *
 * @example
 * const invoker = createLambdaInvoker({
 *   functions: { '${Function_createUser}': { functionName: 'createUser', handlerFile: '/abs/createUser.ts' } },
 *   onLog: (line, meta) => logs.push({ line, ...meta }),
 * });
 * try { await runExecution({ invoker }); } finally { await invoker.close(); }
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
export function createLambdaInvoker(options: LambdaInvokerOptions): LambdaInvoker {
  const resolver = new FunctionResolver(options.functions);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const maxWorkers = options.maxWorkersPerFunction ?? 2;
  const onLog = options.onLog ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const pools = new Map<string, WorkerPool>();
  const redactors = new Map<string, FunctionOutputRedactor>();
  let closed = false;

  /** What keeps the function's secrets out of its recorded output (see FunctionOutputRedactor). */
  const redactorFor = (key: string, config: LocalFunctionConfig): FunctionOutputRedactor => {
    let redactor = redactors.get(key);
    if (redactor === undefined) {
      const env = lambdaEnvironment(config, options, region, config.memoryMb ?? 128, config.handlerFile);
      redactors.set(key, (redactor = new FunctionOutputRedactor(env)));
    }
    return redactor;
  };

  // Handlers are bundled as `cdk deploy` bundles them, all at the first invocation (one esbuild
  // run for all is far cheaper than one per function), into a folder of this invoker's own.
  let buildDir: string | undefined;
  let bundles: Promise<Bundles> | undefined;
  let runtimeFile: Promise<string> | undefined;
  const build = (): { bundles: Promise<Bundles>; runtimeFile: Promise<string> } => {
    if (bundles === undefined || runtimeFile === undefined) {
      buildDir = mkdtempSync(join(tmpdir(), 'aethon-lambda-'));
      const entries = Object.entries(options.functions).map(([name, config]) => ({
        key: name,
        handlerFile: config.handlerFile,
        where: `${config.handlerFile} (export '${config.exportName ?? 'handler'}')`,
      }));
      bundles = bundleHandlers(entries, buildDir).then((built) => {
        for (const warning of built.warnings) onLog(`bundling: ${warning}`, BUNDLER_LOG);
        return built;
      });
      // Aethon's own code: failing to build it is not the handler's fault, and says so.
      runtimeFile = bundleWorkerRuntime(buildDir).catch((error: unknown) => {
        throw lambdaTaskFailure({ errorType: 'Runtime.Unknown', errorMessage: `Aethon's local Lambda runtime could not be built: ${String(error)}`, trace: [] });
      });
      // Awaited by every invocation; marked handled here so an early failure never goes unobserved.
      bundles.catch(() => undefined);
      runtimeFile.catch(() => undefined);
    }
    return { bundles, runtimeFile };
  };

  /** The function's warm pool, once its bundle is built; rejects as a function whose init fails. */
  const readyPool = async (key: string, config: LocalFunctionConfig): Promise<WorkerPool> => {
    const built = build();
    const bundle = (await built.bundles).outcomes.get(key)!;
    if (!bundle.ok) throw lambdaTaskFailure(bundle.error);
    const workerRuntime = await built.runtimeFile;
    // close() may have run while the bundles were built: a pool made now would never be closed.
    if (closed) throw new Error('The Lambda invoker is closed');
    return poolFor(key, config, bundle.file, workerRuntime);
  };

  const poolFor = (key: string, config: LocalFunctionConfig, bundleFile: string, workerRuntime: string): WorkerPool => {
    let pool = pools.get(key);
    if (pool === undefined) {
      const memoryMb = config.memoryMb ?? 128;
      const env = lambdaEnvironment(config, options, region, memoryMb, bundleFile);
      const exportName = config.exportName ?? 'handler';
      const boot = { handlerFile: config.handlerFile, handlerUrl: pathToFileURL(bundleFile).href, exportName };
      const redactor = redactorFor(key, config);
      pool = new WorkerPool(maxWorkers, (meta) =>
        new LambdaWorker({
          runtimeFile: workerRuntime,
          boot,
          env,
          memoryMb,
          onLog: (stream, line) => {
            const logMeta: LambdaLogMeta = { functionName: config.functionName, ...meta, stream };
            onLog(redactor.redactLine(line), logMeta);
          },
        }),
      );
      pools.set(key, pool);
    }
    return pool;
  };

  const invoke = async (invocation: TaskInvocation): Promise<unknown> => {
    if (closed) throw new Error('The Lambda invoker is closed');
    // Until a worker takes the call (bundling, a queue behind busy workers), the state's limits
    // stand still: that wait is Aethon's or throttling, not the task's time.
    const started = markQueued(invocation);
    const call = toLambdaCall(invocation);
    const target = resolver.resolve(call.reference);
    if (target === undefined) {
      const { stateName, resource } = invocation;
      throw new TaskFailure(
        StatesErrors.RUNTIME,
        !call.integration && resource.startsWith('arn:aws:states:::')
          ? `State '${stateName}': resource '${resource}' is a service integration, not a Lambda function; ` +
              'mock the state (MockConfigFile or a function mock) to run it locally.'
          : `State '${stateName}': no local function for '${call.reference}' (resource '${resource}'). ` +
              `Known: ${resolver.known().join(', ') || 'none'}. Add it to the local functions or mock the state.`,
      );
    }
    const request = {
      stateName: invocation.stateName,
      eventJson: toEventJson(invocation.stateName, call.event),
      context: contextFor(target, call.qualifier ?? target.qualifier, region, accountId),
      functionTimeoutSeconds: target.config.timeoutSeconds ?? 60,
    };
    // DryRun only checks that the call would be allowed; nothing runs.
    if (call.invocationType !== 'RequestResponse') started();
    if (call.invocationType === 'DryRun') return invokeResponse(204, '', randomUUID());
    if (call.invocationType === 'Event') {
      // Asynchronous invocation: Lambda accepts it and the state moves on; failures (a handler
      // that does not build included) only log.
      readyPool(target.key, target.config).then(async (pool) => {
        await redactorFor(target.key, target.config).refresh();
        return pool.run(request);
      }).catch((error: unknown) =>
        onLog(`Async invocation failed: ${String(error)}`, {
          functionName: target.config.functionName, stateName: invocation.stateName, requestId: undefined, stream: 'stderr',
        }),
      );
      return invokeResponse(202, '', randomUUID());
    }
    // A handler that does not build fails every invocation, as a function whose init fails does.
    const pool = await readyPool(target.key, target.config);
    const redactor = redactorFor(target.key, target.config);
    await redactor.refresh();
    const { resultJson, requestId } = await pool
      .run({
        ...request,
        ...(invocation.timeoutSeconds !== undefined && { stateTimeoutSeconds: invocation.timeoutSeconds }),
        ...(invocation.signal !== undefined && { signal: invocation.signal }),
        onStart: started,
      })
      .catch((error: unknown) => {
        throw redactor.redactFailure(error);
      });
    const result: unknown = JSON.parse(resultJson);
    return call.integration ? invokeResponse(200, result, requestId) : result;
  };

  const close = async (): Promise<void> => {
    closed = true;
    await Promise.all([...pools.values()].map((pool) => pool.close()));
    pools.clear();
    // Builds still running finish into the folder first; then it goes.
    await Promise.allSettled([bundles, runtimeFile]);
    if (buildDir !== undefined) rmSync(buildDir, { recursive: true, force: true });
  };
  return Object.assign(invoke, { close });
}

function toLambdaCall(invocation: TaskInvocation): LambdaCall {
  const { resource, parameters, stateName } = invocation;
  if (resource !== LAMBDA_INVOKE_RESOURCE) {
    return { reference: resource, event: parameters, integration: false, invocationType: 'RequestResponse' };
  }
  const params = (typeof parameters === 'object' && parameters !== null ? parameters : {}) as Record<string, unknown>;
  const functionName = params['FunctionName'];
  if (typeof functionName !== 'string') {
    const message = `State '${stateName}': ${resource} needs a string FunctionName in its parameters`;
    throw new TaskFailure(StatesErrors.RUNTIME, message);
  }
  const invocationType = params['InvocationType'] ?? 'RequestResponse';
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event' && invocationType !== 'DryRun') {
    throw new TaskFailure(StatesErrors.RUNTIME, `State '${stateName}': unknown InvocationType '${String(invocationType)}'`);
  }
  let event = params['Payload'] ?? {};
  if (typeof event === 'string') {
    // The Invoke API takes bytes; a string Payload is the JSON document itself.
    try {
      event = JSON.parse(event);
    } catch {
      throw new TaskFailure('Lambda.InvalidRequestContentException', `State '${stateName}': Payload is a string but not JSON`);
    }
  }
  const qualifier = params['Qualifier'];
  return {
    reference: functionName,
    event,
    integration: true,
    invocationType,
    ...(typeof qualifier === 'string' && { qualifier }),
  };
}

function toEventJson(stateName: string, event: unknown): string {
  try {
    const json = JSON.stringify(event ?? {});
    if (json !== undefined) return json;
  } catch {
    // fall through to the failure below
  }
  throw new TaskFailure(StatesErrors.RUNTIME, `State '${stateName}': the Lambda event is not JSON-serializable`);
}

/**
 * The Invoke API response, as the optimized integration returns it. Of the HTTP metadata only the
 * deterministic headers are kept (no Date, Content-Length or trace id).
 */
function invokeResponse(statusCode: number, payload: unknown, requestId: string): Record<string, unknown> {
  const headers = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: statusCode,
  };
}
