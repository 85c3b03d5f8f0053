/**
 * `aethon start` and `aethon send-event` on AWS: StartExecution with the deterministic name (a
 * duplicate is shown, not started), and PutEvents on the trigger's bus.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { EventEntry } from '../../events/index.ts';
import { awsCall, translateAwsError } from '../aws/awsErrors.ts';
import { AwsOperationError } from '../errors.ts';
import { executionArnOf } from './executionNames.ts';
import { ExecutionInputConflictError } from '../../contracts/executionInputConflict.ts';

/** What a start on AWS did. */
export interface AwsStartOutcome {
  readonly status: 'started' | 'duplicate';
  readonly workflow: string;
  readonly name: string;
  readonly executionArn: string;
  /** ISO 8601. */
  readonly startDate?: string;
  /** The existing execution's status, for a duplicate. */
  readonly executionStatus?: string;
}

/**
 * Starts an execution; an existing execution of that name with the same input is reported as a
 * duplicate (exit 0), one with another input as a conflict.
 */
export async function startOnAws(
  client: Pick<SFNClient, 'send'>,
  request: { readonly stateMachineArn: string; readonly workflow: string; readonly input: unknown; readonly name?: string },
): Promise<AwsStartOutcome> {
  const input = JSON.stringify(request.input ?? {});
  try {
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: request.stateMachineArn, input, ...(request.name ? { name: request.name } : {}) }));
    return { status: 'started', workflow: request.workflow, name: started.executionArn!.split(':').pop()!, executionArn: started.executionArn!, startDate: started.startDate?.toISOString() };
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists' || !request.name) throw translateAwsError(error, { action: `StartExecution of ${request.workflow}`, resource: request.stateMachineArn });
  }
  const executionArn = executionArnOf(request.stateMachineArn, request.name);
  const existing = await awsCall({ action: 'DescribeExecution', resource: executionArn }, () => client.send(new DescribeExecutionCommand({ executionArn })));
  if (existing.input !== undefined && existing.input !== input) throw new ExecutionInputConflictError(request.workflow, request.name, executionArn);
  return { status: 'duplicate', workflow: request.workflow, name: request.name, executionArn, executionStatus: existing.status ?? 'UNKNOWN', startDate: existing.startDate?.toISOString() };
}

/** Puts one event on its bus; EventBridge's rules (and the starters behind them) do the rest. */
export async function sendEventOnAws(client: Pick<EventBridgeClient, 'send'>, entry: EventEntry): Promise<{ readonly eventId: string; readonly bus: string }> {
  const result = await awsCall({ action: 'PutEvents', resource: `bus ${entry.EventBusName}` }, () =>
    client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: entry.Source,
            DetailType: entry.DetailType,
            Detail: entry.Detail,
            EventBusName: entry.EventBusName,
            ...(entry.Resources ? { Resources: [...entry.Resources] } : {}),
            ...(entry.Time ? { Time: entry.Time } : {}),
          },
        ],
      }),
    ),
  );
  const [first] = result.Entries ?? [];
  // PutEvents answers 200 even when the entry failed; the failure is in the entry.
  if ((result.FailedEntryCount ?? 0) > 0 || !first?.EventId) {
    throw new AwsOperationError(`EventBridge did not accept the event on bus ${entry.EventBusName}: ${first?.ErrorCode ?? 'unknown error'}: ${first?.ErrorMessage ?? 'no message'}`, first?.ErrorCode ?? 'PutEventsFailed');
  }
  return { eventId: first.EventId, bus: entry.EventBusName };
}
