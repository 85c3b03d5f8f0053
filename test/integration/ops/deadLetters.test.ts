/**
 * `aethon dead-letters` and `aethon dead-letters replay` end to end through the CLI, with the SDK
 * clients mocked: how the queue is found (cdk-outputs.json or --queue-url), what is printed, what
 * is sent, and that only re-delivered messages are deleted.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';
import { runCli } from '../../helpers/cli.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { DEPLOY_SM, ETL_SM, QUEUE, RULE, SCHEDULE, SENT, STARTER } from '../../fixtures/ops/deadLetterStage.ts';

registerSdkMatchers();

const sqs = mockClient(SQSClient);
const events = mockClient(EventBridgeClient);
const sfn = mockClient(SFNClient);
const lambda = mockClient(LambdaClient);
/** Outputs that list no workflows send the CLI to the stage's SSM manifest: here, there is none. */
const ssm = mockClient(SSMClient);
const RELEASE = { version: '0', id: 'ev-42', 'detail-type': 'ReleaseTagged', source: 'app.ci', account: '111122223333', time: '2026-11-28T02:59:58Z', region: 'eu-west-1', resources: [], detail: { service: 'api', releaseId: 'r-42', commit: 'abc' } };

/** A project with the example workflows and, unless null, the outputs `cdk deploy --outputs-file` writes for stage prod. */
function deployedProject(outputs: Record<string, string> | null = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-dlq-'));
  cpSync(join(PROJECT_ROOT, 'workflows'), join(dir, 'workflows'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'functions'), join(dir, 'functions'), { recursive: true });
  if (outputs) {
    writeFileSync(
      join(dir, 'cdk-outputs.json'),
      JSON.stringify({ 'Aethon-prod': { DeployPipelineStateMachineArn: DEPLOY_SM, NightlyEtlStateMachineArn: ETL_SM, TriggerDeadLetterQueueUrl: QUEUE, TriggerDeadLetterQueueArn: 'arn:aws:sqs:eu-west-1:111122223333:Aethon-prod-TriggerDeadLettersQueue-q1', ...outputs } }),
    );
  }
  return dir;
}

const attributes = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]));
const letter = (id: string, body: string, attrs: Record<string, string> = {}): Message => ({
  MessageId: id,
  ReceiptHandle: `${id}-handle`,
  Body: body,
  Attributes: { SentTimestamp: String(SENT), ApproximateReceiveCount: '3' },
  MessageAttributes: attributes(attrs),
});
/** The event as EventBridge wrote it: a number JSON.parse would round, and 1.10. */
const RELEASE_TEXT = JSON.stringify(RELEASE).replace('"commit":"abc"', '"commit":"abc","build":12345678901234567891,"ratio":1.10');
const RULE_LETTER = letter('5f0c1e2a-0000-4000-8000-00000000000a', RELEASE_TEXT, { RULE_ARN: RULE, TARGET_ARN: STARTER, ERROR_CODE: 'Lambda.TooManyRequestsException', ERROR_MESSAGE: 'Rate exceeded', RETRY_ATTEMPTS: '8', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttemptsExhausted' });
const SCHEDULE_LETTER = letter('7a1b2c3d-0000-4000-8000-00000000000b', '{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM, ERROR_CODE: 'AccessDeniedException', ERROR_MESSAGE: 'not authorized to perform states:StartExecution' });
const STARTER_LETTER = letter(
  '9c2d3e4f-0000-4000-8000-00000000000c',
  JSON.stringify({
    version: '1.0',
    timestamp: '2026-11-28T03:00:11.000Z',
    requestContext: { requestId: 'req-1', functionArn: `${STARTER}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    requestPayload: RELEASE,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'States.ServiceUnavailable', errorMessage: 'Step Functions is unavailable' },
  }),
);
const BROKEN_LETTER = letter('0d0e0a0d-0000-4000-8000-00000000000d', '<html>502 Bad Gateway', { RULE_ARN: RULE });
const queueHolds = (...messages: Message[]) => sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: messages }).resolves({ Messages: [] });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

beforeEach(() => {
  sqs.reset();
  events.reset();
  sfn.reset();
  lambda.reset();
  ssm.reset();
  ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '4', ApproximateNumberOfMessagesNotVisible: '0' } });
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  sqs.on(DeleteMessageCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-new' }] });
});

describe('Command: aethon dead-letters', () => {
  it('lists the queue from cdk-outputs.json in an aligned table, deleting nothing', async () => {
    // Prepare
    queueHolds(RULE_LETTER, SCHEDULE_LETTER, STARTER_LETTER, BROKEN_LETTER);
    // Act
    const run = await runCli(['dead-letters', '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(sqs).toReceiveCommandWith(ReceiveMessageCommand, { QueueUrl: QUEUE, VisibilityTimeout: 30 });
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(sqs).toReceiveCommandTimes(ChangeMessageVisibilityBatchCommand, 1);
    expect(run.stdout).toContain(`4 dead letters in ${QUEUE}`);
    expect(run.stdout).toMatch(/^ID +SENT +WORKFLOW +TRIGGER +EVENT +EVENT ID +RECEIVES +ATTEMPTS +GAVE UP +ERROR$/m);
    expect(run.stdout).toMatch(/^5f0c1e2a-\S+ +2026-11-28 03:00:12Z +deploy-pipeline +rule Aethon-prod-DeployPipelineEvent0-r1 +app\.ci ReleaseTagged +ev-42 +3 +8 +MaximumRetryAttemptsExhausted +Lambda\.TooManyRequestsException: Rate exceeded$/m);
    expect(run.stdout).toMatch(/^7a1b2c3d-\S+ +2026-11-28 03:00:12Z +nightly-etl +schedule default\/Aethon-prod-NightlyEtlSchedule0-s1 +\(schedule input\) +- +3 +- +- +AccessDeniedException: not authorized/m);
    expect(run.stdout).toMatch(/^9c2d3e4f-\S+ +2026-11-28 03:00:12Z +deploy-pipeline +starter Aethon-prod-DeployPipelineEvent0Starter-x1 +app\.ci ReleaseTagged +ev-42 +3 +3 +RetriesExhausted +States\.ServiceUnavailable: Step Functions is unavailable$/m);
    expect(run.stdout).toMatch(/^0d0e0a0d-\S+: cannot be replayed: its body is not JSON/m);
    // Columns line up: every row starts its SENT column where the header does.
    const lines = run.stdout.split('\n').filter((l) => /^(ID|[0-9a-f]{8}-)/.test(l) && !l.includes(': cannot'));
    expect(new Set(lines.map((l) => l.indexOf('2026-11-28') === -1 ? l.indexOf('SENT') : l.indexOf('2026-11-28'))).size).toBe(1);
    expect(run.stderr).toMatch(/listing receives the messages: other readers miss them for a moment \(at most 30 s.*Nothing was deleted/);
  });

  it('gives one JSON object with --json', async () => {
    // Prepare
    queueHolds(RULE_LETTER);
    // Act
    const run = await runCli(['dead-letters', '--stage', 'prod', '--json'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      queueUrl: QUEUE,
      depth: { visible: 4, inFlight: 0 },
      hiddenForAtMostSeconds: 30,
      messages: [
        {
          messageId: RULE_LETTER.MessageId,
          sentAt: '2026-11-28T03:00:12.000Z',
          receiveCount: 3,
          workflows: ['deploy-pipeline'],
          trigger: { kind: 'rule', name: 'Aethon-prod-DeployPipelineEvent0-r1', bus: 'default', targetArn: STARTER },
          error: { code: 'Lambda.TooManyRequestsException', message: 'Rate exceeded' },
          attempts: 8,
          exhaustedRetryCondition: 'MaximumRetryAttemptsExhausted',
          event: { source: 'app.ci', detailType: 'ReleaseTagged', id: 'ev-42' },
        },
      ],
    });
  });

  it('says when the queue is empty', async () => {
    // Prepare
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } });
    queueHolds();
    // Act
    const run = await runCli(['dead-letters', '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`the dead-letter queue is empty: no trigger has an event waiting (${QUEUE})\n`);
    expect(sqs).toReceiveCommandTimes(ChangeMessageVisibilityBatchCommand, 0);
  });

  it('takes --queue-url instead of the outputs file', async () => {
    // Prepare
    queueHolds(RULE_LETTER);
    const other = 'https://sqs.us-east-2.amazonaws.com/444455556666/elsewhere';
    // Act
    const run = await runCli(['dead-letters', '--queue-url', other], deployedProject(null));
    // Assess
    expect(run.code).toBe(0);
    expect(sqs).toReceiveCommandWith(ReceiveMessageCommand, { QueueUrl: other });
    expect(run.stdout).toContain(`1 dead letter in ${other}`);
  });

  it.each([
    [null, [] as string[], 2, /there is no cdk-outputs\.json to read TriggerDeadLetterQueueUrl from\. Deploy with 'npx cdk deploy --outputs-file cdk-outputs\.json', or pass --queue-url <url>/],
    [{ TriggerDeadLetterQueueUrl: '' }, [], 2, /has no output TriggerDeadLetterQueueUrl for Aethon-prod\. Deploy with 'npx cdk deploy --outputs-file cdk-outputs\.json', or pass --queue-url <url>/],
    [{}, ['--queue-url', 'not-a-url'], 2, /--queue-url 'not-a-url' is not an SQS queue URL/],
    [{}, ['--local'], 2, /the dead-letter queue exists on AWS only/],
    [{}, ['--all'], 2, /--id, --all and --dry-run belong to 'aethon dead-letters replay'/],
    [{}, ['everything'], 2, /'aethon dead-letters' takes no argument but 'replay'/],
    [{}, ['--limit', '0'], 2, /--limit takes a whole number from 1 to 1000/],
    [{}, ['--bus', 'ops'], 2, /--bus belongs to 'aethon send-event'; dead-letters takes no bus/],
    [{}, ['replay', '--all', '--bus', 'ops'], 2, /dead-letters replay takes no bus: replay re-delivers each message to the target that failed .*never through an event bus/],
  ])('explains what is missing or wrong (%#)', async (outputs, flags, code, message) => {
    // Act
    const run = await runCli(['dead-letters', '--stage', 'prod', ...flags], deployedProject(outputs));
    // Assess
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(sqs).toReceiveCommandTimes(ReceiveMessageCommand, 0);
  });

  it('surfaces access denied with the service message, exit 3', async () => {
    // Prepare
    sqs.on(GetQueueAttributesCommand).rejects(awsError('AccessDenied', 'User: arn:aws:sts::111122223333:assumed-role/ReadOnly/ops is not authorized to perform: sqs:getqueueattributes'));
    // Act
    const run = await runCli(['dead-letters', '--stage', 'prod', '--json'], deployedProject());
    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/GetQueueAttributes: AWS refused the credentials in use \(https:.*\) \(AccessDenied: User: .* is not authorized to perform: sqs:getqueueattributes\)/);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { name: 'AwsOperationError', exitCode: 3 } });
  });

  it('is in --help', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toMatch(/^ {2}dead-letters {14}The events the stage's triggers could not start an execution from/m);
    expect(run.stdout).toMatch(/^ {2}dead-letters replay {7}Re-deliver them/m);
    expect(run.stdout).toMatch(/^ {2}--queue-url <url> {9}dead-letters: the queue/m);
  });
});

describe('Command: aethon dead-letters replay', () => {
  const payloadOf = (n = 0) => new TextDecoder().decode(lambda.commandCalls(InvokeCommand)[n]!.args[0].input.Payload as Uint8Array);

  it('re-delivers one message by id to its starter, byte for byte, and deletes it once Lambda queued it', async () => {
    // Prepare
    queueHolds(SCHEDULE_LETTER, RULE_LETTER);
    // Act
    const run = await runCli(['dead-letters', 'replay', '--id', RULE_LETTER.MessageId!, '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input)).toEqual([{ FunctionName: STARTER, InvocationType: 'Event', Payload: expect.any(Uint8Array) }]);
    expect(payloadOf()).toBe(RELEASE_TEXT);
    expect(payloadOf()).toContain('"build":12345678901234567891,"ratio":1.10');
    expect(events).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input)).toEqual([{ QueueUrl: QUEUE, ReceiptHandle: `${RULE_LETTER.MessageId}-handle` }]);
    expect(sfn).toReceiveCommandTimes(StartExecutionCommand, 0);
    expect(run.stdout).toMatch(/^STATUS +ID +WORKFLOW +DETAIL$/m);
    expect(run.stdout).toMatch(new RegExp(`^replayed +${RULE_LETTER.MessageId} +deploy-pipeline +invoke Aethon-prod-DeployPipelineEvent0Starter-x1 \\(Event, ${Buffer.byteLength(RELEASE_TEXT)} bytes\\): 202; deleted from the queue$`, 'm'));
    expect(run.stdout).toContain('1 re-delivered and deleted, 0 failed, 0 refused; 0 stay in the queue');
  });

  it("invokes a starter record's function with its requestPayload and starts a schedule's state machine", async () => {
    // Prepare
    queueHolds(STARTER_LETTER, SCHEDULE_LETTER);
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${ETL_SM.replace('stateMachine', 'execution')}:e-1`, startDate: new Date() });
    // Act
    const run = await runCli(['dead-letters', 'replay', '--all', '--stage', 'prod', '--json'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({ FunctionName: STARTER, InvocationType: 'Event' });
    expect(payloadOf()).toBe(JSON.stringify(RELEASE));
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: ETL_SM, input: '{}', name: `dlq-${SCHEDULE_LETTER.MessageId}` });
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      dryRun: false,
      ok: true,
      exitCode: 0,
      results: [
        { messageId: STARTER_LETTER.MessageId, status: 'replayed', workflows: ['deploy-pipeline'], statusCode: 202, action: { kind: 'invoke', functionArn: STARTER } },
        { messageId: SCHEDULE_LETTER.MessageId, status: 'replayed', workflows: ['nightly-etl'], action: { kind: 'start-execution', stateMachineArn: ETL_SM, input: '{}' } },
      ],
    });
  });

  it('keeps what it cannot re-deliver and exits non-zero: an Invoke Lambda refuses, a body that is not JSON', async () => {
    // Prepare
    queueHolds(RULE_LETTER, BROKEN_LETTER);
    lambda.on(InvokeCommand).rejects(awsError('TooManyRequestsException', 'Rate exceeded'));
    // Act
    const run = await runCli(['dead-letters', 'replay', '--all', '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(3);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]!.args[0].input.Entries!.map((e) => e.VisibilityTimeout)).toEqual([0, 0]);
    expect(run.stdout).toMatch(/^failed +5f0c1e2a-\S+ +deploy-pipeline +invoke Aethon-prod-DeployPipelineEvent0Starter-x1 .*TooManyRequestsException: Rate exceeded.*; it stays in the queue$/m);
    expect(run.stdout).toMatch(/^refused +0d0e0a0d-\S+ +- +its body is not JSON .*; it stays in the queue$/m);
    expect(run.stdout).toContain('0 re-delivered and deleted, 1 failed, 1 refused; 2 stay in the queue');
  });

  it('shows each call, target ARN and payload size with --dry-run, and calls nothing', async () => {
    // Prepare
    queueHolds(RULE_LETTER, SCHEDULE_LETTER);
    // Act
    const run = await runCli(['dead-letters', 'replay', '--all', '--dry-run', '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
    expect(sfn).toReceiveCommandTimes(StartExecutionCommand, 0);
    expect(events).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(run.stdout).toMatch(new RegExp(`^would-replay +5f0c1e2a-\\S+ +deploy-pipeline +would call lambda:Invoke \\(InvocationType Event\\) on starter ${STARTER} with the ${Buffer.byteLength(RELEASE_TEXT)}-byte payload$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^would-replay +7a1b2c3d-\\S+ +nightly-etl +would call states:StartExecution on state machine ${ETL_SM} with the 2-byte input$`, 'm'));
    expect(run.stdout).toContain('dry run: 2 would be re-delivered, 0 refused, 0 failed; nothing was re-delivered or deleted');
  });

  it('prints what it re-delivered and deleted before the error when a later receive fails, and returns it with --json', async () => {
    // Prepare
    const abortAfterOneBatch = () => {
      sqs.reset();
      sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
      sqs.on(DeleteMessageCommand).resolves({});
      sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [RULE_LETTER, STARTER_LETTER] }).rejects(awsError('AccessDenied', 'not authorized to perform: sqs:receivemessage'));
    };
    abortAfterOneBatch();
    // Act
    const text = await runCli(['dead-letters', 'replay', '--all', '--stage', 'prod'], deployedProject());
    abortAfterOneBatch();
    const json = await runCli(['dead-letters', 'replay', '--all', '--stage', 'prod', '--json'], deployedProject());
    // Assess
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^replayed +5f0c1e2a-\S+ .*; deleted from the queue$/m);
    expect(text.stdout).toMatch(/^replayed +9c2d3e4f-\S+ .*; deleted from the queue$/m);
    expect(text.stdout).toContain('2 re-delivered and deleted, 0 failed, 0 refused; 0 stay in the queue');
    expect(text.stdout).toContain('the replay stopped part-way: what is above was done');
    expect(text.stderr).toMatch(/ReceiveMessage: AWS refused the credentials in use .*sqs:receivemessage/);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      exitCode: 3,
      results: [{ status: 'replayed' }, { status: 'replayed' }],
      error: { name: 'AwsOperationError', exitCode: 3, message: expect.stringMatching(/sqs:receivemessage/) },
    });
  });

  it('reports an id the queue does not hold, exit 1', async () => {
    // Prepare
    queueHolds(RULE_LETTER);
    // Act
    const run = await runCli(['dead-letters', 'replay', '--id', 'no-such-id', '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(1);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
    expect(run.stdout).toMatch(/^not found: no-such-id \(not in the queue, held by another reader, or beyond --limit\)/m);
  });

  it.each([
    [[] as string[], /say which messages to replay: --id <message id> \(repeatable\) or --all/],
    [['--all', '--id', 'x'], /give --id or --all, not both/],
  ])('refuses an unclear selection (%#)', async (flags, message) => {
    // Act
    const run = await runCli(['dead-letters', 'replay', '--stage', 'prod', ...flags], deployedProject());
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(sqs).toReceiveCommandTimes(ReceiveMessageCommand, 0);
  });
});
