/**
 * The Step Functions and EventBridge requests of `aethon start`, `send-event`, `executions`,
 * `execution` and `redrive` on AWS, checked with aws-sdk-client-mock.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseEventEntry } from '../../../lib/events/index.ts';
import { executionNameFor } from '../../../lib/contracts/executionName.ts';
import { AwsOperationError, InvalidRequestError, NotFoundError } from '../../../lib/ops/errors.ts';
import { describeAwsExecution, executionConsoleUrl, listAwsExecutions } from '../../../lib/ops/executions/awsExecutions.ts';
import { redriveOnAws } from '../../../lib/ops/redrive/awsRedrive.ts';
import { NotRedrivableError } from '../../../lib/ops/redrive/localRedrive.ts';
import { sendEventOnAws, startOnAws } from '../../../lib/ops/start/awsStart.ts';
import { ExecutionInputConflictError } from '../../../lib/contracts/executionInputConflict.ts';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';

registerSdkMatchers();

const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);
const SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:aethon-dev-deploy-pipeline';
const NAME = executionNameFor('deploy-pipeline', 'r-42');
const EXEC = `arn:aws:states:eu-west-1:111122223333:execution:aethon-dev-deploy-pipeline:${NAME}`;
const START = new Date('2026-11-28T03:00:00.000Z');
const INPUT = { service: 'api', releaseId: 'r-42', commit: 'abc' };
const client = () => new SFNClient({ region: 'eu-west-1' });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

beforeEach(() => {
  sfn.reset();
  events.reset();
});

describe('Function: startOnAws', () => {
  it('sends StartExecution with the deterministic name and the input as JSON', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: START });
    // Act
    const outcome = await startOnAws(client(), { stateMachineArn: SM, workflow: 'deploy-pipeline', input: INPUT, name: NAME });
    // Assess
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: SM, name: NAME, input: JSON.stringify(INPUT) });
    expect(outcome).toEqual({ status: 'started', workflow: 'deploy-pipeline', name: NAME, executionArn: EXEC, startDate: '2026-11-28T03:00:00.000Z' });
  });

  it('reports ExecutionAlreadyExists with the same input as a duplicate, showing the existing execution', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, name: NAME, status: 'SUCCEEDED', input: JSON.stringify(INPUT), startDate: START });
    // Act
    const outcome = await startOnAws(client(), { stateMachineArn: SM, workflow: 'deploy-pipeline', input: INPUT, name: NAME });
    // Assess
    expect(sfn).toReceiveCommandWith(DescribeExecutionCommand, { executionArn: EXEC });
    expect(outcome).toMatchObject({ status: 'duplicate', executionArn: EXEC, executionStatus: 'SUCCEEDED' });
  });

  it('refuses the same name with a different input', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, status: 'RUNNING', input: '{"other":true}', startDate: START });
    // Act / Assess
    await expect(startOnAws(client(), { stateMachineArn: SM, workflow: 'deploy-pipeline', input: INPUT, name: NAME })).rejects.toBeInstanceOf(ExecutionInputConflictError);
  });

  it('omits the name when there is no key', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${SM.replace('stateMachine', 'execution')}:uuid-1`, startDate: START });
    // Act
    const outcome = await startOnAws(client(), { stateMachineArn: SM, workflow: 'deploy-pipeline', input: INPUT });
    // Assess
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: SM, input: JSON.stringify(INPUT) });
    expect(outcome.name).toBe('uuid-1');
  });

  it.each([
    [new StateMachineDoesNotExist({ message: 'State Machine Does Not Exist', $metadata: {} }), /the state machine \(arn:aws:states:.*\) does not exist\. Is this stage deployed/],
    [awsError('ThrottlingException', 'Rate exceeded'), /AWS throttled the request .* even after retrying/],
    [awsError('CredentialsProviderError', 'Could not resolve credentials using profile: [ops] in configuration/credentials file(s).'), /no AWS credentials \(Could not resolve credentials using profile: \[ops\].*Set AWS_PROFILE/],
  ])('explains %s with exit code 3', async (error, message) => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(error);
    // Act
    const act = startOnAws(client(), { stateMachineArn: SM, workflow: 'deploy-pipeline', input: INPUT, name: NAME });
    // Assess
    await expect(act).rejects.toBeInstanceOf(AwsOperationError);
    await expect(act).rejects.toMatchObject({ exitCode: 3 });
    await expect(act).rejects.toThrow(message);
  });
});

describe('Function: sendEventOnAws', () => {
  it('puts the entry on its bus', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-1' }] });
    const entry = parseEventEntry({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: { releaseId: 'r-42' }, EventBusName: 'ops', Resources: ['arn:x'] });
    // Act
    const sent = await sendEventOnAws(new EventBridgeClient({ region: 'eu-west-1' }), entry);
    // Assess
    expect(events.commandCalls(PutEventsCommand)[0]!.args[0].input).toEqual({
      Entries: [{ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: '{"releaseId":"r-42"}', EventBusName: 'ops', Resources: ['arn:x'] }],
    });
    expect(sent).toEqual({ eventId: 'ev-1', bus: 'ops' });
  });

  it('reports an entry that EventBridge refused inside a 200 answer', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' }] });
    // Act / Assess
    await expect(sendEventOnAws(new EventBridgeClient({ region: 'eu-west-1' }), parseEventEntry({ Source: 'app.ci', DetailType: 'X', Detail: {} }))).rejects.toThrow(
      /EventBridge did not accept the event on bus default: NotAuthorizedForSourceException: Not authorized for the source\./,
    );
  });

  it('explains a bus that does not exist', async () => {
    // Prepare
    events.on(PutEventsCommand).rejects(awsError('ResourceNotFoundException', 'Event bus ops does not exist.'));
    // Act / Assess
    await expect(sendEventOnAws(new EventBridgeClient({ region: 'eu-west-1' }), parseEventEntry({ Source: 'a', DetailType: 'X', Detail: {}, EventBusName: 'ops' }))).rejects.toThrow(/PutEvents: AWS found no such resource \(bus ops\)/);
  });
});

describe('Functions: listAwsExecutions / describeAwsExecution', () => {
  it('lists executions with the status filter and limit, durations computed', async () => {
    // Prepare
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        { executionArn: EXEC, stateMachineArn: SM, name: NAME, status: 'FAILED', startDate: START, stopDate: new Date('2026-11-28T03:01:30.000Z') },
        { executionArn: `${EXEC}-2`, stateMachineArn: SM, name: `${NAME}-2`, status: 'RUNNING', startDate: START },
      ],
    });
    // Act
    const rows = await listAwsExecutions(client(), SM, { status: 'failed', limit: 5 });
    // Assess
    expect(sfn.commandCalls(ListExecutionsCommand)[0]!.args[0].input).toEqual({ stateMachineArn: SM, maxResults: 5, statusFilter: 'FAILED' });
    expect(rows[0]).toMatchObject({ name: NAME, status: 'FAILED', durationMs: 90_000, stateMachineName: 'aethon-dev-deploy-pipeline' });
    expect(rows[1]).not.toHaveProperty('durationMs');
  });

  it('describes an execution by name: path through the states and the console URL', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, stateMachineArn: SM, name: NAME, status: 'FAILED', startDate: START, stopDate: new Date('2026-11-28T03:00:05.000Z'), input: '{"a":1}', error: 'Aethon.Permanent', cause: 'quota', redriveCount: 0 });
    sfn.on(GetExecutionHistoryCommand).resolvesOnce({
      events: [
        { id: 1, type: 'ExecutionStarted', timestamp: START },
        { id: 2, type: 'TaskStateEntered', timestamp: START, stateEnteredEventDetails: { name: 'build', input: '{}' } },
        { id: 3, type: 'TaskScheduled', timestamp: START },
      ],
      nextToken: 'page-2',
    }).resolves({
      events: [
        { id: 4, type: 'TaskFailed', timestamp: new Date('2026-11-28T03:00:05.000Z'), taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'Aethon.Permanent', cause: 'quota' } },
        { id: 5, type: 'ExecutionFailed', timestamp: new Date('2026-11-28T03:00:05.000Z'), executionFailedEventDetails: { error: 'Aethon.Permanent', cause: 'quota' } },
      ],
    });
    // Act
    const detail = await describeAwsExecution(client(), NAME, SM);
    // Assess
    expect(sfn).toReceiveCommandWith(DescribeExecutionCommand, { executionArn: EXEC });
    expect(sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input)).toEqual([
      { executionArn: EXEC, maxResults: 1000, includeExecutionData: true },
      { executionArn: EXEC, maxResults: 1000, includeExecutionData: true, nextToken: 'page-2' },
    ]);
    expect(detail.path).toMatchObject([{ name: 'build', status: 'FAILED', error: 'Aethon.Permanent', cause: 'quota', durationMs: 5000 }]);
    expect(detail.consoleUrl).toBe(`https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXEC}`);
    expect(detail).toMatchObject({ input: { a: 1 }, durationMs: 5000, status: 'FAILED' });
  });

  it('needs the workflow to find an execution by name, and says so', async () => {
    await expect(describeAwsExecution(client(), NAME, undefined)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(describeAwsExecution(client(), 'arn:aws:states:eu-west-1:1:stateMachine:x', undefined)).rejects.toThrow(/is not an execution ARN/);
  });

  it('reports an execution that does not exist as not found (exit 1)', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));
    // Act / Assess
    await expect(describeAwsExecution(client(), EXEC, undefined)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('builds console URLs in the execution\'s region', () => {
    expect(executionConsoleUrl('arn:aws:states:us-east-2:1:execution:m:n')).toBe('https://us-east-2.console.aws.amazon.com/states/home?region=us-east-2#/v2/executions/details/arn:aws:states:us-east-2:1:execution:m:n');
  });
});

describe('Function: redriveOnAws', () => {
  it('sends RedriveExecution', async () => {
    // Prepare
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: START });
    // Act
    const result = await redriveOnAws(client(), EXEC);
    // Assess
    expect(sfn.commandCalls(RedriveExecutionCommand)[0]!.args[0].input).toEqual({ executionArn: EXEC });
    expect(result).toEqual({ executionArn: EXEC, redriveDate: '2026-11-28T03:00:00.000Z' });
  });

  it('explains an execution Step Functions will not redrive', async () => {
    // Prepare
    sfn.on(RedriveExecutionCommand).rejects(new ExecutionNotRedrivable({ message: 'Execution is SUCCEEDED', $metadata: {} }));
    // Act
    const act = redriveOnAws(client(), EXEC);
    // Assess
    await expect(act).rejects.toBeInstanceOf(NotRedrivableError);
    await expect(act).rejects.toThrow(/will not redrive .*Execution is SUCCEEDED.*only FAILED, TIMED_OUT or ABORTED/);
  });
});
