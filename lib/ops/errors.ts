/**
 * Errors of the operations. Each says what went wrong and what to do, and carries the exit code
 * the CLI documents: 1 refused or failed, 2 a mistake in the request, 3 AWS or the environment
 * (credentials, a missing resource, throttling, a deployment in the way).
 */
import { ToolErrors } from '../contracts/toolErrors.ts';

/** Exit codes of the operations commands, as `aethon --help` documents them. */
export const OpsExit = { OK: 0, FAILED: 1, USAGE: 2, ENVIRONMENT: 3 } as const;

/** Base of every operations error. */
export class OpsError extends Error {
  override readonly name: string = ToolErrors.OPERATION_FAILED;
  constructor(
    message: string,
    /** The CLI's exit code for it. */
    readonly exitCode: number = OpsExit.FAILED,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request itself is wrong: a bad key=value, an unknown workflow, a missing option. Exit 2. */
export class InvalidRequestError extends OpsError {
  override readonly name = ToolErrors.INVALID_REQUEST;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, OpsExit.USAGE, options);
  }
}

/** A configuration document the workflow's JSON Schema refuses; nothing was written or sent. Exit 1. */
export class ConfigRefusedError extends OpsError {
  override readonly name = ToolErrors.CONFIG_REFUSED;
  constructor(
    readonly workflow: string,
    /** The schema's messages, one per problem. */
    readonly issues: readonly string[],
  ) {
    super(`the new configuration of '${workflow}' does not match its schema, so nothing was changed:\n  ${issues.join('\n  ')}`, OpsExit.FAILED);
  }
}

/** No execution, version or resource of that name. Exit 1. */
export class NotFoundError extends OpsError {
  override readonly name = ToolErrors.NOT_FOUND;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, OpsExit.FAILED, options);
  }
}

/** AWS refused or could not be reached: credentials, throttling, a missing resource, a conflict. Exit 3. */
export class AwsOperationError extends OpsError {
  override readonly name = ToolErrors.AWS_OPERATION_FAILED;
  constructor(
    message: string,
    /** The AWS error name (ExecutionAlreadyExists, ConflictException, ...). */
    readonly awsError: string,
    options?: { cause?: unknown },
  ) {
    super(message, OpsExit.ENVIRONMENT, options);
  }
}
