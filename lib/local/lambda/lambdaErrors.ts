import { TaskFailure } from '../taskInvoker.ts';
import type { LambdaErrorBody } from './protocol.ts';

/**
 * Error types the Lambda service and the Node.js runtime report; with the `lambda:invoke`
 * integration, Step Functions uses the errorType as the ASL error and the JSON body as the cause.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html
 */
export const LambdaErrors = {
  /** The function ran past its configured timeout. */
  TIMED_OUT: 'Sandbox.Timedout',
  /** The runtime process exited mid-invocation (process.exit, fatal error). */
  EXIT_ERROR: 'Runtime.ExitError',
  /** The runtime ran out of its configured memory. */
  OUT_OF_MEMORY: 'Runtime.OutOfMemory',
  /** The handler module could not be loaded (missing file, failing import). */
  IMPORT_MODULE_ERROR: 'Runtime.ImportModuleError',
  /** The module loaded but does not export the handler as a function. */
  HANDLER_NOT_FOUND: 'Runtime.HandlerNotFound',
  /** The handler module has a syntax error. */
  USER_CODE_SYNTAX_ERROR: 'Runtime.UserCodeSyntaxError',
  /** The handler's result could not be serialized to JSON. */
  MARSHAL_ERROR: 'Runtime.MarshalError',
  /** A promise rejection nobody handled brought the runtime down. */
  UNHANDLED_PROMISE_REJECTION: 'Runtime.UnhandledPromiseRejection',
} as const;

/** The TaskFailure Step Functions reports for a failed Lambda invocation. */
export function lambdaTaskFailure(error: LambdaErrorBody): TaskFailure {
  return new TaskFailure(error.errorType, JSON.stringify(error));
}

/** `Task timed out after 1.00 seconds`, as Lambda words it. */
export function functionTimeoutFailure(requestId: string, timeoutSeconds: number): TaskFailure {
  return lambdaTaskFailure({
    errorType: LambdaErrors.TIMED_OUT,
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
    trace: [],
  });
}

/** The init phase (loading the handler module) ran past Lambda's 10-second limit. */
export function initTimeoutFailure(requestId: string): TaskFailure {
  return lambdaTaskFailure({
    errorType: LambdaErrors.TIMED_OUT,
    errorMessage: `RequestId: ${requestId} Error: Init phase timed out after 10.00 seconds`,
    trace: [],
  });
}
