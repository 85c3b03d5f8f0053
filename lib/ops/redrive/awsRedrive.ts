/** `aethon redrive` on AWS: RedriveExecution, with its refusals explained. */
import { RedriveExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { translateAwsError } from '../aws/awsErrors.ts';
import { NotRedrivableError } from './localRedrive.ts';

/**
 * Redrives a FAILED, TIMED_OUT or ABORTED Standard execution of the last 14 days.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
 */
export async function redriveOnAws(client: Pick<SFNClient, 'send'>, executionArn: string, clientToken?: string): Promise<{ readonly executionArn: string; readonly redriveDate?: string }> {
  try {
    const result = await client.send(new RedriveExecutionCommand({ executionArn, ...(clientToken ? { clientToken } : {}) }));
    return { executionArn, ...(result.redriveDate ? { redriveDate: result.redriveDate.toISOString() } : {}) };
  } catch (error) {
    if ((error as Error).name === 'ExecutionNotRedrivable') {
      throw new NotRedrivableError(`Step Functions will not redrive ${executionArn}: ${(error as Error).message} (only FAILED, TIMED_OUT or ABORTED Standard executions of the last 14 days can be)`, 1, { cause: error });
    }
    throw translateAwsError(error, { action: 'RedriveExecution', resource: executionArn });
  }
}
