/**
 * The SQS, EventBridge and Step Functions requests of `aethon dead-letters` and its replay,
 * checked with aws-sdk-client-mock: what is received and how, that nothing is deleted but after a
 * re-delivery that succeeded, and that everything else is made visible again.
 */
import { EventBridgeClient, ListTargetsByRuleCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listDeadLetters } from '../../../lib/ops/deadLetters/listDeadLetters.ts';
import { replayDeadLetters, type ReplayRequest } from '../../../lib/ops/deadLetters/replayDeadLetters.ts';
import { stageReplayTargets } from '../../../lib/ops/deadLetters/replayTargets.ts';
import type { StageWorkflows } from '../../../lib/ops/deadLetters/stageWorkflows.ts';
import { AwsOperationError } from '../../../lib/ops/errors.ts';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';
import { ETL_SM, OPS_RULE, QUEUE, RULE, SCHEDULE, SENT, STARTER } from '../../fixtures/ops/deadLetterStage.ts';

const SM = ETL_SM;

registerSdkMatchers();

const sqs = mockClient(SQSClient);
const events = mockClient(EventBridgeClient);
const sfn = mockClient(SFNClient);
const lambda = mockClient(LambdaClient);
const EXECUTION = SM.replace('stateMachine', 'execution');
const EVENT = { version: '0', id: 'ev-0', 'detail-type': 'ReleaseTagged', source: 'app.ci', account: '111122223333', time: '2026-11-28T02:59:58Z', region: 'eu-west-1', resources: [], detail: { releaseId: 'r-42' } };
const stage: StageWorkflows = {
  workflows: [{ name: 'deploy-pipeline', type: 'standard', eventTriggers: [{ bus: 'default', pattern: { source: ['app.ci'] }, input: '$.detail', idempotencyKey: '$.detail.releaseId' }] }],
  stateMachines: new Map([[SM, 'nightly-etl']]),
  replayTargets: stageReplayTargets({ stackName: 'Aethon-prod', source: 'cdk-outputs.json', values: { NightlyEtlStateMachineArn: SM } }, ['deploy-pipeline', 'nightly-etl']),
};
const clients = () => ({ sqs: new SQSClient({ region: 'eu-west-1' }), events: new EventBridgeClient({ region: 'eu-west-1' }), sfn: new SFNClient({ region: 'eu-west-1' }), lambda: new LambdaClient({ region: 'eu-west-1' }) });
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
/** A rule's event as EventBridge writes it, with a number JSON.parse would round (and 1.10). */
const RULE_BODY = (id: string) => `{"version":"0","id":"ev-${id}","detail-type":"ReleaseTagged","source":"app.ci","account":"111122223333","time":"2026-11-28T02:59:58Z","region":"eu-west-1","resources":[],"detail":{"releaseId":"r-42","seq":12345678901234567891,"price":1.10}}`;
const ruleLetter = (id: string, sent = SENT) => received(id, RULE_BODY(id), { RULE_ARN: RULE, TARGET_ARN: STARTER, ERROR_CODE: 'Lambda.TooManyRequestsException', ERROR_MESSAGE: 'Rate exceeded' }, sent);
const scheduleLetter = (id: string) => received(id, '{"run":"nightly","at":1.10}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: SM, ERROR_CODE: 'AccessDeniedException', ERROR_MESSAGE: 'not authorized' });
const handlesOf = (command: typeof ChangeMessageVisibilityBatchCommand | typeof DeleteMessageCommand) =>
  sqs.commandCalls(command as typeof DeleteMessageCommand).flatMap((c) => {
    const input = c.args[0].input as { ReceiptHandle?: string; Entries?: { ReceiptHandle: string }[] };
    return input.Entries ? input.Entries.map((e) => e.ReceiptHandle) : [input.ReceiptHandle];
  });

beforeEach(() => {
  sqs.reset();
  events.reset();
  sfn.reset();
  lambda.reset();
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
  const request = (overrides: Partial<ReplayRequest> = {}): ReplayRequest => ({ queueUrl: QUEUE, select: 'all', dryRun: false, limit: 1000, ...overrides });
  const payloadOf = (n = 0) => new TextDecoder().decode(lambda.commandCalls(InvokeCommand)[n]!.args[0].input.Payload as Uint8Array);

  beforeEach(() => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${EXECUTION}:e-1`, startDate: new Date() });
  });

  it("invokes a rule's starter target (Event) with the body byte for byte, then deletes by this receive's handle", async () => {
    // Prepare
    const order: string[] = [];
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    lambda.on(InvokeCommand).callsFake(() => (order.push('Invoke'), { StatusCode: 202 }));
    sqs.on(DeleteMessageCommand).callsFake(() => (order.push('DeleteMessage'), {}));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toMatchObject({ VisibilityTimeout: 120 });
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toEqual({ FunctionName: STARTER, InvocationType: 'Event', Payload: expect.any(Uint8Array) });
    expect(payloadOf()).toBe(RULE_BODY('a'));
    expect(order).toEqual(['Invoke', 'DeleteMessage']);
    expect(sqs.commandCalls(DeleteMessageCommand)[0]!.args[0].input).toEqual({ QueueUrl: QUEUE, ReceiptHandle: 'a-handle-1' });
    expect(events).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(sqs).toReceiveCommandTimes(ChangeMessageVisibilityBatchCommand, 0);
    expect(report).toMatchObject({ exitCode: 0, notFound: [], results: [{ messageId: 'a', status: 'replayed', statusCode: 202, workflows: ['deploy-pipeline'], action: { kind: 'invoke', functionArn: STARTER, payloadBytes: Buffer.byteLength(RULE_BODY('a')) } }] });
  });

  it("reads a state machine target's InputPath with ListTargetsByRule and starts it with that part of the event, exactly", async () => {
    // Prepare
    const body = '{"version":"0","id":"ev-9","detail-type":"Tagged","source":"app.ci","account":"111122223333","time":"2026-11-28T02:59:58Z","region":"eu-west-1","resources":[],"detail":{"seq":12345678901234567891,"price":1.10}}';
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [received('s', body, { RULE_ARN: OPS_RULE, TARGET_ARN: SM })] }).resolves({ Messages: [] });
    events.on(ListTargetsByRuleCommand).resolvesOnce({ Targets: [{ Id: 'Target1', Arn: STARTER }], NextToken: 'next' }).resolves({ Targets: [{ Id: 'Target0', Arn: SM, InputPath: '$.detail' }] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(events.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input)).toEqual([
      { Rule: 'Aethon-prod-AuditEvent0-r2', EventBusName: 'ops' },
      { Rule: 'Aethon-prod-AuditEvent0-r2', EventBusName: 'ops', NextToken: 'next' },
    ]);
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: SM, input: '{"seq":12345678901234567891,"price":1.10}', name: 'dlq-s' });
    expect(handlesOf(DeleteMessageCommand)).toEqual(['s-handle-1']);
    expect(report.results[0]).toMatchObject({ status: 'replayed', executionArn: `${EXECUTION}:e-1` });
  });

  it("invokes a starter record's function, $LATEST dropped, with the exact text of its requestPayload", async () => {
    // Prepare
    const payload = '{"version":"0","id":"ev-7","detail-type":"ReleaseTagged","source":"app.ci","detail":{"releaseId":"r-7","n":1e2,"t":"caf\\u00e9 }{"}}';
    const body = `{"version":"1.0","requestContext":{"requestId":"q","functionArn":"${STARTER}:$LATEST","condition":"RetriesExhausted","approximateInvokeCount":3},"requestPayload":${payload},"responseContext":{"statusCode":200},"responsePayload":{"errorType":"Aethon.IdempotencyConflict","errorMessage":"x"}}`;
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [received('r', body, {})] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({ FunctionName: STARTER, InvocationType: 'Event' });
    expect(payloadOf()).toBe(payload);
    expect(handlesOf(DeleteMessageCommand)).toEqual(['r-handle-1']);
    expect(report.results[0]).toMatchObject({ status: 'replayed', trigger: { kind: 'starter' } });
  });

  it("starts a schedule's state machine with its exact input, named after the message, then deletes", async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [scheduleLetter('s')] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: SM, input: '{"run":"nightly","at":1.10}', name: 'dlq-s' });
    expect(handlesOf(DeleteMessageCommand)).toEqual(['s-handle-1']);
    expect(report.results[0]).toMatchObject({ status: 'replayed', executionArn: `${EXECUTION}:e-1` });
  });

  it('replays an event of an AWS source (PutEvents would refuse it)', async () => {
    // Prepare
    const body = JSON.stringify({ ...EVENT, source: 'aws.s3', 'detail-type': 'Object Created' });
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [received('s3', body, { RULE_ARN: RULE, TARGET_ARN: STARTER })] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(payloadOf()).toBe(body);
    expect(report).toMatchObject({ exitCode: 0, results: [{ status: 'replayed' }] });
  });

  it.each([
    ['Invoke is refused', () => lambda.on(InvokeCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: lambda:InvokeFunction')), 3, /Invoke: .*AccessDeniedException: not authorized to perform: lambda:InvokeFunction.*; it stays in the queue/],
    ['Invoke answers other than 202', () => lambda.on(InvokeCommand).resolves({ StatusCode: 200 }), 3, /answered StatusCode 200, not 202 \(queued\).*; it stays in the queue/],
  ])('keeps the message when %s', async (_, arrange, exitCode, reason) => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    arrange();
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1']);
    expect(report.results[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(reason) });
    expect(report.exitCode).toBe(exitCode);
  });

  it('keeps the message when StartExecution fails', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [scheduleLetter('s')] }).resolves({ Messages: [] });
    sfn.on(StartExecutionCommand).rejects(awsError('StateMachineDoesNotExist', 'State Machine Does Not Exist'));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(report.results[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/State Machine Does Not Exist.*; it stays in the queue/) });
    expect(report.exitCode).not.toBe(0);
  });

  it("never sends to a target that is not the stage's own, whatever the message names, and keeps it", async () => {
    // Prepare: a function of another account, and a state machine the outputs do not list.
    const foreignFunction = 'arn:aws:lambda:eu-west-1:999999999999:function:exfiltrate';
    const foreignMachine = 'arn:aws:states:eu-west-1:111122223333:stateMachine:PayrollExport';
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [received('f', RULE_BODY('f'), { RULE_ARN: RULE, TARGET_ARN: foreignFunction }), received('s', '{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: foreignMachine })] })
      .resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
    expect(sfn).toReceiveCommandTimes(StartExecutionCommand, 0);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(report.results.map((r) => [r.messageId, r.status])).toEqual([['f', 'refused'], ['s', 'refused']]);
    expect(report.results[0]!.reason).toMatch(/exfiltrate is not a starter function of this stage: only the stage's own targets are replayed to \(stack Aethon-prod in cdk-outputs\.json\)/);
    expect(report.results[1]!.reason).toMatch(/PayrollExport is not a state machine of this stage/);
  });

  it('never sends nor deletes a message whose body is not JSON', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [received('x', 'not json', { RULE_ARN: RULE, TARGET_ARN: STARTER })] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['x-handle-1']);
    expect(report).toMatchObject({ exitCode: 1, results: [{ status: 'refused', reason: expect.stringMatching(/its body is not JSON .*; it stays in the queue/) }] });
  });

  it('re-delivers and deletes nothing in a dry run, and shows each call with its exact payload', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a'), scheduleLetter('s')] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request({ dryRun: true }));
    // Assess
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
    expect(sfn).toReceiveCommandTimes(StartExecutionCommand, 0);
    expect(events).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 0);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1', 's-handle-2']);
    expect(report.results).toEqual([
      expect.objectContaining({ status: 'would-replay', action: { kind: 'invoke', functionArn: STARTER, invocationType: 'Event', payloadBytes: Buffer.byteLength(RULE_BODY('a')), payload: RULE_BODY('a') } }),
      expect.objectContaining({ status: 'would-replay', action: { kind: 'start-execution', stateMachineArn: SM, payloadBytes: 27, input: '{"run":"nightly","at":1.10}' } }),
    ]);
    expect(report.exitCode).toBe(0);
  });

  it('replays only the ids asked for, stops once it has them all, and reports the ones it did not find', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a'), ruleLetter('b')] }).resolves({ Messages: [] });
    // Act
    const found = await replayDeadLetters(clients(), stage, request({ select: ['b'] }));
    // Assess
    expect(sqs).toReceiveCommandTimes(ReceiveMessageCommand, 1);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 1);
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

  it('returns what it re-delivered and deleted when a later receive fails, with the error', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a'), ruleLetter('b')] }).rejects(awsError('AccessDenied', 'not authorized to perform: sqs:receivemessage'));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(handlesOf(DeleteMessageCommand)).toEqual(['a-handle-1', 'b-handle-2']);
    expect(report).toMatchObject({
      exitCode: 3,
      results: [
        { messageId: 'a', status: 'replayed' },
        { messageId: 'b', status: 'replayed' },
      ],
      error: { name: 'AwsOperationError', exitCode: 3, message: expect.stringMatching(/ReceiveMessage: AWS refused the credentials in use .*sqs:receivemessage/) },
    });
  });

  it('hides the waiting messages of a slow batch again before their hide lapses', async () => {
    // Prepare
    let now = 0;
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a'), ruleLetter('b'), ruleLetter('c')] }).resolves({ Messages: [] });
    lambda.on(InvokeCommand).callsFake(() => ((now += 40_000), { StatusCode: 202 }));
    // Act
    const report = await replayDeadLetters(clients(), stage, request({ clock: () => now }));
    // Assess: a took 40 s, b another 40 s; before c (80 s > 40 s, a third of the hide) c is hidden for 120 s more.
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((c) => c.args[0].input.Entries)).toEqual([[{ Id: '0', ReceiptHandle: 'c-handle-3', VisibilityTimeout: 120 }]]);
    expect(report).toMatchObject({ exitCode: 0, extendFailures: [] });
    expect(report.results.map((r) => r.status)).toEqual(['replayed', 'replayed', 'replayed']);
  });

  it('treats ExecutionAlreadyExists for its own dlq-<id> name as re-delivered before, and deletes', async () => {
    // Prepare: a first replay started it, then its delete failed
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [scheduleLetter('s')] }).resolves({ Messages: [] });
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists', 'Execution Already Exists'));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(handlesOf(DeleteMessageCommand)).toEqual(['s-handle-1']);
    expect(report.results[0]).toMatchObject({ status: 'replayed', executionArn: `${EXECUTION}:dlq-s` });
  });

  it('does not re-deliver a message whose hide it could not extend (another reader may hold it)', async () => {
    // Prepare
    let now = 0;
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a'), ruleLetter('b')] }).resolves({ Messages: [] });
    sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', Code: 'ReceiptHandleIsInvalid', SenderFault: true, Message: 'The receipt handle has expired' }] });
    lambda.on(InvokeCommand).callsFake(() => ((now += 50_000), { StatusCode: 202 }));
    // Act
    const report = await replayDeadLetters(clients(), stage, request({ clock: () => now }));
    // Assess: a was re-delivered; b lost its hold before its turn and was left alone
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 1);
    expect(handlesOf(DeleteMessageCommand)).toEqual(['a-handle-1']);
    expect(report.results.map((r) => [r.messageId, r.status])).toEqual([['a', 'replayed'], ['b', 'failed']]);
    expect(report.results[1]!.reason).toMatch(/its hide could not be extended .*another reader may hold it; it was not re-delivered; it stays in the queue/);
    expect(report.exitCode).toBe(1);
  });

  it('re-delivers a message once when one receive hands it out twice', async () => {
    // Prepare
    const first = ruleLetter('a');
    const again = { ...first, ReceiptHandle: 'a-handle-newer' };
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [first, again] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess: once, deleted by the newer handle
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 1);
    expect(handlesOf(DeleteMessageCommand)).toEqual(['a-handle-newer']);
    expect(report.results).toHaveLength(1);
  });

  it("replays a schedule's body that names another state machine as input, to the message's target", async () => {
    // Prepare: a dispatcher workflow's own input looks like a StartExecution request for a child
    const body = '{"stateMachineArn":"arn:aws:states:eu-west-1:111122223333:stateMachine:Child","input":"{\\"x\\":1}","note":"dispatch"}';
    const noTarget = received('n', '{"run":"nightly"}', { SCHEDULE_ARN: SCHEDULE });
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [received('d', body, { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: SM }), noTarget] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess: the body is the input, whole; a message without a target is refused
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toEqual([{ stateMachineArn: SM, input: body, name: 'dlq-d' }]);
    expect(report.results.map((r) => [r.messageId, r.status])).toEqual([['d', 'replayed'], ['n', 'refused']]);
    expect(report.results[1]!.reason).toMatch(/does not name the schedule's target \(no TARGET_ARN attribute\)/);
  });

  it('leaves a new record of a payload it re-invoked (the starter failed again) for the next run', async () => {
    // Prepare
    const again = received('again', `{"version":"1.0","requestContext":{"functionArn":"${STARTER}:$LATEST","condition":"RetriesExhausted"},"requestPayload":${RULE_BODY('a')},"responsePayload":{"errorType":"E"}}`, {});
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolvesOnce({ Messages: [again] }).resolves({ Messages: [] });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 1);
    expect(report).toMatchObject({ failedAgainDuringReplay: ['again'], results: [{ messageId: 'a', status: 'replayed' }] });
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual([again.ReceiptHandle]);
  });

  it('says when the queue handed out only messages already seen, and how many remain', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [received('x', 'not json', { RULE_ARN: RULE })] }).resolves({ Messages: [received('x', 'not json', { RULE_ARN: RULE })] });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '7', ApproximateNumberOfMessagesNotVisible: '1' } });
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(sqs).toReceiveCommandTimes(ReceiveMessageCommand, 4);
    expect(report).toMatchObject({ endedOn: 'seen-only', remaining: { visible: 7, inFlight: 1 } });
  });

  it('reports a re-delivered message it could not delete, with a non-zero exit', async () => {
    // Prepare
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [ruleLetter('a')] }).resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).rejects(awsError('AccessDenied', 'not authorized to perform: sqs:DeleteMessage'));
    // Act
    const report = await replayDeadLetters(clients(), stage, request());
    // Assess
    expect(report.results[0]).toMatchObject({ status: 'replayed-not-deleted', statusCode: 202, reason: expect.stringMatching(/not deleted from the queue .*sqs:DeleteMessage/) });
    expect(report.exitCode).toBe(3);
    expect(handlesOf(ChangeMessageVisibilityBatchCommand)).toEqual(['a-handle-1']);
  });
});
