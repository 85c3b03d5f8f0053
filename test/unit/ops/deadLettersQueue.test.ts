/**
 * The SQS, EventBridge and Step Functions requests of `aethon dead-letters` and its replay,
 * checked with aws-sdk-client-mock: what is received and how, that nothing is deleted but after a
 * re-delivery that succeeded, and that everything else is made visible again.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listDeadLetters } from '../../../lib/ops/deadLetters/listDeadLetters.ts';
import { replayDeadLetters, type ReplayRequest } from '../../../lib/ops/deadLetters/replayDeadLetters.ts';
import type { StageWorkflows } from '../../../lib/ops/deadLetters/stageWorkflows.ts';
import { AwsOperationError } from '../../../lib/ops/errors.ts';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';

registerSdkMatchers();

const sqs = mockClient(SQSClient);
const events = mockClient(EventBridgeClient);
const sfn = mockClient(SFNClient);
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/111122223333/Aethon-prod-TriggerDeadLettersQueue-q1';
const SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:NightlyEtlStateMachine-b2';
const RULE = 'arn:aws:events:eu-west-1:111122223333:rule/Aethon-prod-DeployPipelineEvent0-r1';
const SCHEDULE = 'arn:aws:scheduler:eu-west-1:111122223333:schedule/default/Aethon-prod-NightlyEtlSchedule0-s1';
const SENT = Date.parse('2026-11-28T03:00:12Z');
const NOW = () => new Date('2026-11-28T04:00:00Z');
const EVENT = { version: '0', id: 'ev-0', 'detail-type': 'ReleaseTagged', source: 'app.ci', account: '111122223333', time: '2026-11-28T02:59:58Z', region: 'eu-west-1', resources: [], detail: { releaseId: 'r-42' } };
const stage: StageWorkflows = {
  workflows: [{ name: 'deploy-pipeline', type: 'standard', eventTriggers: [{ bus: 'default', pattern: { source: ['app.ci'] }, input: '$.detail', idempotencyKey: '$.detail.releaseId' }] }],
  stateMachines: new Map([[SM, 'nightly-etl']]),
};
const clients = () => ({ sqs: new SQSClient({ region: 'eu-west-1' }), events: new EventBridgeClient({ region: 'eu-west-1' }), sfn: new SFNClient({ region: 'eu-west-1' }) });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

let handles = 0;
/** A message as ReceiveMessage returns it; each receive gets a fresh handle, as SQS gives. */
function received(id: string, body: string, attributes: Record<string, string>, sent = SENT): Message {
  return {
    MessageId: id,
    ReceiptHandle: `${id}-handle-${++handles}`,
    Body: body,
    Attributes: { SentTimestamp: String(sent), ApproximateReceiveCount: '1' },
    MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
  };
}
const ruleLetter = (id: string, sent = SENT) => received(id, JSON.stringify({ ...EVENT, id: `ev-${id}` }), { RULE_ARN: RULE, ERROR_CODE: 'Lambda.TooManyRequestsException', ERROR_MESSAGE: 'Rate exceeded' }, sent);
const scheduleLetter = (id: string) => received(id, '{"run":"nightly"}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: SM, ERROR_CODE: 'AccessDeniedException', ERROR_MESSAGE: 'not authorized' });
const handlesOf = (command: typeof ChangeMessageVisibilityBatchCommand | typeof DeleteMessageCommand) =>
  sqs.commandCalls(command as typeof DeleteMessageCommand).flatMap((c) => {
    const input = c.args[0].input as { ReceiptHandle?: string; Entries?: { ReceiptHandle: string }[] };
    return input.Entries ? input.Entries.map((e) => e.ReceiptHandle) : [input.ReceiptHandle];
  });

beforeEach(() => {
  sqs.reset();
  events.reset();
  sfn.reset();
  handles = 0;
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '0' } });
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  sqs.on(DeleteMessageCommand).resolves({});
});

describe('Function: listDeadLetters', () => {
  it('receives with a short visibility timeout and long polling, releases everything, deletes nothing', async () => {
    // Prepare
    const first = [ruleLetter('a'), scheduleLetter('b')];
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: first }).resolves({ Messages: [] });
    // Act
    const listing = await listDeadLetters(new SQSClient({ region: 'eu-west-1' }), stage, { queueUrl: QUEUE, limit: 50 });
    // Assess
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: QUEUE,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 30,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
      MessageAttributeNames: ['All'],
    });
    expect(sqs).toReceiveCommandWith(GetQueueAttributesCommand, { QueueUrl: QUEUE, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] });
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]!.args[0].input).toEqual({
      QueueUrl: QUEUE,
      Entries: [
        { Id: '0', ReceiptHandle: 'a-handle-1', VisibilityTimeout: 0 },
        { Id: '1', ReceiptHandle: 'b-handle-2', VisibilityTimeout: 0 },
      ],
    });
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(listing.messages.map((m) => [m.messageId, m.workflows, m.trigger.kind, m.error?.code])).toEqual([
      ['a', ['deploy-pipeline'], 'rule', 'Lambda.TooManyRequestsException'],
      ['b', ['nightly-etl'], 'schedule', 'AccessDeniedException'],
    ]);
    expect(listing).toMatchObject({ depth: { visible: 2, inFlight: 0 }, hiddenForAtMostSeconds: 30, releaseFailures: [] });
  });

  it('asks for no more than the limit, and stops when a receive brings only messages already seen', async () => {
    // Prepare
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [ruleLetter('a'), ruleLetter('b')] })
      .resolvesOnce({ Messages: [ruleLetter('a')] })
      .resolves({ Messages: [ruleLetter('c')] });
    // Act
    const listing = await listDeadLetters(new SQSClient({ region: 'eu-west-1' }), stage, { queueUrl: QUEUE, limit: 3 });
    // Assess
    expect(sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input.MaxNumberOfMessages)).toEqual([3, 1]);
    expect(listing.messages.map((m) => m.messageId)).toEqual(['a', 'b']);
    // Only the newest handle of a message received twice is valid.
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-3', 'b-handle-2']);
  });

  it('releases what it received when a later receive fails, and quotes the service', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).rejects(awsError('RequestThrottled', 'Request is throttled.'));
    // Act
    const act = listDeadLetters(new SQSClient({ region: 'eu-west-1' }), stage, { queueUrl: QUEUE, limit: 50 });
    // Assess
    await expect(act).rejects.toBeInstanceOf(AwsOperationError);
    await expect(act).rejects.toThrow(/ReceiveMessage: AWS throttled the request .* \(RequestThrottled: Request is throttled\.\)/);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1']);
  });

  it('explains a queue that does not exist', async () => {
    // Prepare
    sqs.on(GetQueueAttributesCommand).rejects(awsError('QueueDoesNotExist', 'The specified queue does not exist.'));
    // Act / Assess
    await expect(listDeadLetters(new SQSClient({ region: 'eu-west-1' }), stage, { queueUrl: QUEUE, limit: 50 })).rejects.toThrow(
      /the dead-letter queue \(https:\/\/sqs\..*\) does not exist \(QueueDoesNotExist: The specified queue does not exist\.\)\. Is the stage deployed/,
    );
  });
});

describe('Function: replayDeadLetters', () => {
  const request = (overrides: Partial<ReplayRequest> = {}): ReplayRequest => ({ queueUrl: QUEUE, select: 'all', dryRun: false, limit: 1000, now: NOW, ...overrides });

  it('puts the event back, then deletes the message by the handle of this receive', async () => {
    // Prepare
    const order: string[] = [];
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    events.on(PutEventsCommand).callsFake(() => (order.push('PutEvents'), { FailedEntryCount: 0, Entries: [{ EventId: 'new-1' }] }));
    sqs.on(DeleteMessageCommand).callsFake(() => (order.push('DeleteMessage'), {}));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toMatchObject({ VisibilityTimeout: 120 });
    expect(events.commandCalls(PutEventsCommand)[0]!.args[0].input).toEqual({
      Entries: [{ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: '{"releaseId":"r-42"}', EventBusName: 'default', Time: new Date('2026-11-28T02:59:58Z') }],
    });
    expect(order).toEqual(['PutEvents', 'DeleteMessage']);
    expect(sqs.commandCalls(DeleteMessageCommand)[0]!.args[0].input).toEqual({ QueueUrl: QUEUE, ReceiptHandle: 'a-handle-1' });
    expect(sqs).toReceiveCommandTimes(ChangeMessageVisibilityBatchCommand, 0);
    expect(report).toMatchObject({ exitCode: 0, notFound: [], results: [{ messageId: 'a', status: 'replayed', eventId: 'new-1', workflows: ['deploy-pipeline'] }] });
  });

  it("starts a schedule's state machine with its input and no name, then deletes", async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [scheduleLetter('s')] }).resolves({ Messages: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${SM.replace('stateMachine', 'execution')}:e-1`, startDate: new Date() });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: SM, input: '{"run":"nightly"}' });
    expect(handlesOf(DeleteMessageCommand)).toEqual(['s-handle-1']);
    expect(report.results[0]).toMatchObject({ status: 'replayed', executionArn: `${SM.replace('stateMachine', 'execution')}:e-1` });
  });

  it('keeps a message whose event EventBridge refused in a 200 answer (FailedEntryCount > 0)', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error.' }] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1']);
    expect(report.results[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/did not accept the event on bus default: InternalFailure: Internal service error; it stays in the queue/) });
    expect(report.exitCode).toBe(3);
  });

  it('keeps a message when AWS refuses the re-delivery, with the service message', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    events.on(PutEventsCommand).rejects(awsError('AccessDeniedException', 'User: arn:aws:iam::111122223333:user/ops is not authorized to perform: events:PutEvents'));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(report.results[0]!.reason).toMatch(/AWS refused the credentials in use \(AccessDeniedException: User: .* is not authorized to perform: events:PutEvents\)/);
    expect(report.exitCode).toBe(3);
  });

  it('never sends nor deletes a message whose body is not JSON', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [received('x', 'not json', { RULE_ARN: RULE })] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(events).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['x-handle-1']);
    expect(report).toMatchObject({ exitCode: 1, results: [{ status: 'refused', reason: expect.stringMatching(/its body is not JSON .*; it stays in the queue/) }] });
  });

  it('sends and deletes nothing in a dry run, and shows what it would send', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a'), scheduleLetter('s')] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request({ dryRun: true }));
    // Assess
    expect(events).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(sfn).toReceiveCommandTimes(StartExecutionCommand, 0);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1', 's-handle-2']);
    expect(report.results).toMatchObject([
      { status: 'would-replay', action: { kind: 'put-event', bus: 'default', source: 'app.ci', detailType: 'ReleaseTagged', detail: { releaseId: 'r-42' } } },
      { status: 'would-replay', action: { kind: 'start-execution', stateMachineArn: SM, input: { run: 'nightly' } } },
    ]);
    expect(report.exitCode).toBe(0);
  });

  it('replays only the ids asked for, stops once it has them all, and reports the ones it did not find', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'new-1' }] });
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a'), ruleLetter('b')] }).resolves({ Messages: [] });
    // Act
    const found = await replayDeadLetters(clients(), stage, request({ select: ['b'] }));
    // Assess
    expect(sqs).toReceiveCommandTimes(ReceiveMessageCommand, 1);
    expect(events).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(handlesOf(DeleteMessageCommand)).toEqual(['b-handle-2']);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1']);
    expect(found).toMatchObject({ exitCode: 0, notFound: [], results: [{ messageId: 'b', status: 'replayed' }] });

    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    // Act
    const missing = await replayDeadLetters(clients(), stage, request({ select: ['zzz'] }));
    // Assess
    expect(missing).toMatchObject({ exitCode: 1, notFound: ['zzz'], results: [] });
  });

  it('leaves for the next run what arrived after the replay began (a replay that failed again)', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'new-1' }] });
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('old'), ruleLetter('new', NOW().getTime() + 1000)] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(report.results.map((r) => r.messageId)).toEqual(['old']);
    expect(report.arrivedDuringReplay).toBe(1);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['new-handle-2']);
  });

  it('reports a re-delivered message it could not delete, with a non-zero exit', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'new-1' }] });
    sqs.on(DeleteMessageCommand).rejects(awsError('AccessDenied', 'not authorized to perform: sqs:DeleteMessage'));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(report.results[0]).toMatchObject({ status: 'replayed-not-deleted', eventId: 'new-1', reason: expect.stringMatching(/not deleted from the queue .*sqs:DeleteMessage/) });
    expect(report.exitCode).toBe(3);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1']);
  });
});
