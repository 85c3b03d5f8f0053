/**
 * `aethon stop`: StopExecution, on AWS or on a running `aethon dev` (the same SDK call). An
 * execution that already ended is reported, not stopped again.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html
 */
import { DescribeExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { translateAwsError } from '../aws/awsErrors.ts';
import { OpsError, OpsExit } from '../errors.ts';

/** What a stop recorded. */
export interface StopOutcome {
  readonly executionArn: string;
  /** ISO 8601. */
  readonly stopDate?: string;
}

/** The error name and cause StopExecution records (AWS: error up to 256 characters, cause up to 32,768). */
export interface StopReason {
  readonly error?: string;
  readonly cause?: string;
}

/**
 * Stops a running execution.
 * @throws OpsError (exit 1) when it has already ended
 */
export async function stopExecution(client: Pick<SFNClient, 'send'>, executionArn: string, reason: StopReason = {}): Promise<StopOutcome> {
  if (reason.error !== undefined && reason.error.length > 256) throw new OpsError(`--error is ${reason.error.length} characters; Step Functions takes at most 256`, OpsExit.USAGE);
  if (reason.cause !== undefined && reason.cause.length > 32_768) throw new OpsError(`--cause is ${reason.cause.length} characters; Step Functions takes at most 32768`, OpsExit.USAGE);
  try {
    const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') throw new OpsError(`execution ${executionArn} has already ended (${status}); there is nothing to stop`, OpsExit.FAILED);
    const stopped = await client.send(new StopExecutionCommand({ executionArn, ...(reason.error !== undefined ? { error: reason.error } : {}), ...(reason.cause !== undefined ? { cause: reason.cause } : {}) }));
    return { executionArn, ...(stopped.stopDate ? { stopDate: stopped.stopDate.toISOString() } : {}) };
  } catch (error) {
    throw translateAwsError(error, { action: 'StopExecution', resource: executionArn });
  }
}
