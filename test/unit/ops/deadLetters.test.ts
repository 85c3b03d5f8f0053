/**
 * Reading dead letters and planning their replay: the three shapes the trigger dead-letter queue
 * receives (EventBridge rule targets, Scheduler schedules, the starter's invocation records), and
 * where each is re-delivered, or why not.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { functionNameOfArn, isStateMachineArn, regionOfQueueUrl, ruleOfArn, scheduleNameOfArn } from '../../../lib/ops/deadLetters/arns.ts';
import { eventSummaryOf, parseDeadLetter } from '../../../lib/ops/deadLetters/deadLetter.ts';
import { planReplay } from '../../../lib/ops/deadLetters/replayPlan.ts';
import { workflowsOfDeadLetter, type StageWorkflows } from '../../../lib/ops/deadLetters/stageWorkflows.ts';

const SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:DeployPipelineStateMachine-a1';
const ETL_SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:NightlyEtlStateMachine-b2';
const STARTER = 'arn:aws:lambda:eu-west-1:111122223333:function:Aethon-prod-DeployPipelineEvent0Starter-x1';
const RULE = 'arn:aws:events:eu-west-1:111122223333:rule/Aethon-prod-DeployPipelineEvent0-r1';
const OPS_RULE = 'arn:aws:events:eu-west-1:111122223333:rule/ops/Aethon-prod-AuditEvent0-r2';
const SCHEDULE = 'arn:aws:scheduler:eu-west-1:111122223333:schedule/default/Aethon-prod-NightlyEtlSchedule0-s1';
const EVENT = {
  version: '0',
  id: '9c1e0d2a-0000-4000-8000-000000000001',
  'detail-type': 'ReleaseTagged',
  source: 'app.ci',
  account: '111122223333',
  time: '2026-11-28T02:59:58Z',
  region: 'eu-west-1',
  resources: [],
  detail: { service: 'api', releaseId: 'r-42' },
};

const strings = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]));
const message = (body: string, attributes: Record<string, string> = {}): Message => ({
  MessageId: 'm-1',
  ReceiptHandle: 'h-1',
  Body: body,
  Attributes: { SentTimestamp: String(Date.parse('2026-11-28T03:00:12Z')), ApproximateReceiveCount: '2' },
  MessageAttributes: strings(attributes),
});
const ruleMessage = (event: unknown = EVENT, ruleArn = RULE, targetArn = STARTER) =>
  message(JSON.stringify(event), { RULE_ARN: ruleArn, TARGET_ARN: targetArn, ERROR_CODE: 'Lambda.TooManyRequestsException', ERROR_MESSAGE: 'Rate exceeded', RETRY_ATTEMPTS: '8' });
const starterRecord = (payload: unknown = EVENT) =>
  message(
    JSON.stringify({
      version: '1.0',
      timestamp: '2026-11-28T03:00:11.000Z',
      requestContext: { requestId: 'r-1', functionArn: `${STARTER}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Aethon.IdempotencyConflict', errorMessage: 'execution ... already exists with a different input', trace: [] },
    }),
  );

const stage: StageWorkflows = {
  workflows: [
    { name: 'deploy-pipeline', type: 'standard', eventTriggers: [{ bus: 'default', pattern: { source: ['app.ci'], 'detail-type': ['ReleaseTagged'] }, input: '$.detail', idempotencyKey: '$.detail.releaseId' }] },
    { name: 'release-audit', type: 'standard', eventTriggers: [{ bus: 'default', pattern: { source: ['app.ci'] }, input: '$.detail' }] },
    { name: 'ops-audit', type: 'standard', eventTriggers: [{ bus: 'ops', pattern: { source: ['app.ops'] }, input: '$.detail', idempotencyKey: '$.detail.id' }] },
    { name: 'ops-mirror', type: 'standard', eventTriggers: [{ bus: 'ops', pattern: { source: ['app.ci'] }, input: '$.detail' }] },
    { name: 'nightly-etl', type: 'standard', eventTriggers: [] },
  ],
  stateMachines: new Map([
    [SM, 'deploy-pipeline'],
    [ETL_SM, 'nightly-etl'],
  ]),
};

describe('Functions: ARNs of dead letters', () => {
  it('reads the bus from a rule ARN: default unless the ARN names one', () => {
    expect(ruleOfArn(RULE)).toEqual({ bus: 'default', name: 'Aethon-prod-DeployPipelineEvent0-r1' });
    expect(ruleOfArn(OPS_RULE)).toEqual({ bus: 'ops', name: 'Aethon-prod-AuditEvent0-r2' });
    expect(ruleOfArn(SM)).toBeUndefined();
  });

  it('names schedules, functions and state machines, and finds the region in a queue URL', () => {
    expect(scheduleNameOfArn(SCHEDULE)).toBe('default/Aethon-prod-NightlyEtlSchedule0-s1');
    expect(functionNameOfArn(`${STARTER}:$LATEST`)).toBe('Aethon-prod-DeployPipelineEvent0Starter-x1');
    expect(isStateMachineArn(SM)).toBe(true);
    expect(isStateMachineArn(`${SM}:live`)).toBe(false);
    expect(isStateMachineArn(STARTER)).toBe(false);
    expect(regionOfQueueUrl('https://sqs.eu-west-1.amazonaws.com/111122223333/dlq')).toBe('eu-west-1');
    expect(regionOfQueueUrl('http://localhost:4566/000000000000/dlq')).toBeUndefined();
  });
});

describe('Function: parseDeadLetter', () => {
  it('reads a rule target failure: the event, the rule and its bus, the error, the counts', () => {
    // Act
    const letter = parseDeadLetter(ruleMessage());
    // Assess
    expect(letter).toMatchObject({
      messageId: 'm-1',
      receiptHandle: 'h-1',
      sentAt: '2026-11-28T03:00:12.000Z',
      receiveCount: 2,
      trigger: { kind: 'rule', arn: RULE, name: 'Aethon-prod-DeployPipelineEvent0-r1', bus: 'default', targetArn: STARTER },
      error: { code: 'Lambda.TooManyRequestsException', message: 'Rate exceeded' },
      attempts: 8,
      event: EVENT,
    });
    expect(letter.problem).toBeUndefined();
    expect(eventSummaryOf(letter)).toEqual({ source: 'app.ci', detailType: 'ReleaseTagged', id: EVENT.id });
  });

  it('reads a schedule failure under either attribute naming, the body being the target input', () => {
    // Act
    const plain = parseDeadLetter(message('{"run":"nightly"}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM, ERROR_CODE: 'AccessDeniedException', ERROR_MESSAGE: 'not authorized', RETRY_ATTEMPTS: '0' }));
    const prefixed = parseDeadLetter(message('{"run":"nightly"}', { 'X-Amz-Scheduler-Schedule-Arn': SCHEDULE, 'X-Amz-Scheduler-Target-Arn': ETL_SM, 'X-Amz-Scheduler-Error-Code': 'AccessDeniedException', 'X-Amz-Scheduler-Attempt': '1' }));
    // Assess
    expect(plain).toMatchObject({ trigger: { kind: 'schedule', name: 'default/Aethon-prod-NightlyEtlSchedule0-s1', targetArn: ETL_SM }, input: { run: 'nightly' }, error: { code: 'AccessDeniedException', message: 'not authorized' }, attempts: 0 });
    expect(prefixed).toMatchObject({ trigger: { kind: 'schedule', targetArn: ETL_SM }, input: { run: 'nightly' }, error: { code: 'AccessDeniedException' }, attempts: 1 });
  });

  it('takes the input out of a StartExecution request body, and its state machine when no attribute names one', () => {
    // Act
    const letter = parseDeadLetter(message(JSON.stringify({ stateMachineArn: ETL_SM, input: '{"run":"nightly"}' }), { SCHEDULE_ARN: SCHEDULE }));
    // Assess
    expect(letter).toMatchObject({ trigger: { kind: 'schedule', targetArn: ETL_SM }, input: { run: 'nightly' } });
  });

  it("reads the starter's invocation record: the requestPayload event, errorType, condition and attempts", () => {
    // Act
    const letter = parseDeadLetter(starterRecord());
    // Assess
    expect(letter).toMatchObject({
      trigger: { kind: 'starter', arn: `${STARTER}:$LATEST`, name: 'Aethon-prod-DeployPipelineEvent0Starter-x1', condition: 'RetriesExhausted' },
      error: { code: 'Aethon.IdempotencyConflict', message: 'execution ... already exists with a different input' },
      attempts: 3,
      event: EVENT,
    });
  });

  it('falls back to the condition when a record has no error (EventAgeExceeded)', () => {
    // Prepare
    const record = { version: '1.0', requestContext: { functionArn: STARTER, condition: 'EventAgeExceeded', approximateInvokeCount: 0 }, requestPayload: EVENT };
    // Act / Assess
    expect(parseDeadLetter(message(JSON.stringify(record))).error).toEqual({ code: 'EventAgeExceeded' });
  });

  it.each([
    ['a rule body that is not JSON', message('<html>oops', { RULE_ARN: RULE }), /its body is not JSON \(.+\), so it is not the EventBridge event/],
    ['a rule body that is not an event', message('{"hello":1}', { RULE_ARN: RULE }), /not an EventBridge event/],
    ['a schedule body that is not JSON', message('run nightly', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM }), /a state machine takes JSON input only/],
    ['a record whose payload is no event', starterRecord({ Success: false }), /requestPayload is not an EventBridge event/],
    ['a message no trigger sent', message('{"hello":1}'), /no Aethon trigger sent it/],
    ['text without attributes', message('hello'), /its body is not JSON .* no RULE_ARN or SCHEDULE_ARN attribute/],
  ])('reports %s as a problem, keeping the body as text or JSON', (_, received, problem) => {
    // Act
    const letter = parseDeadLetter(received);
    // Assess
    expect(letter.problem).toMatch(problem);
    expect(letter.body).toBeDefined();
  });
});

describe('Function: workflowsOfDeadLetter', () => {
  it('names the workflow by the target state machine, else by the triggers the event matches', () => {
    expect(workflowsOfDeadLetter(parseDeadLetter(ruleMessage(EVENT, RULE, SM)), stage)).toEqual(['deploy-pipeline']);
    // The starter was the target: only idempotent triggers qualify.
    expect(workflowsOfDeadLetter(parseDeadLetter(ruleMessage()), stage)).toEqual(['deploy-pipeline']);
    expect(workflowsOfDeadLetter(parseDeadLetter(starterRecord()), stage)).toEqual(['deploy-pipeline']);
    expect(workflowsOfDeadLetter(parseDeadLetter(message('{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM })), stage)).toEqual(['nightly-etl']);
    expect(workflowsOfDeadLetter(parseDeadLetter(message('{}', { SCHEDULE_ARN: SCHEDULE })), stage)).toEqual([]);
  });
});

describe('Function: planReplay', () => {
  it("puts a rule's event back on the default bus, with source, detail-type, detail and time", () => {
    // Act
    const plan = planReplay(parseDeadLetter(ruleMessage()), stage);
    // Assess
    expect(plan).toMatchObject({ ok: true, workflows: ['deploy-pipeline'], action: { kind: 'put-event', bus: 'default' } });
    if (!plan.ok || plan.action.kind !== 'put-event') throw new Error('expected a put-event plan');
    expect(plan.action.entry).toEqual({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: '{"service":"api","releaseId":"r-42"}', EventBusName: 'default', Time: new Date('2026-11-28T02:59:58Z') });
  });

  it('says which other workflows on the same bus see the event again, and whether they start anew', () => {
    // Act
    const plan = planReplay(parseDeadLetter(ruleMessage()), stage);
    // Assess
    expect(plan.ok && plan.notes).toEqual(['the event also matches a trigger of release-audit, which has no idempotencyKey: it starts a new execution']);
  });

  it('uses the bus a rule ARN names', () => {
    // Act
    const plan = planReplay(parseDeadLetter(ruleMessage({ ...EVENT, source: 'app.ops', detail: { id: 'o-1' } }, OPS_RULE)), stage);
    // Assess
    expect(plan).toMatchObject({ ok: true, action: { kind: 'put-event', bus: 'ops', entry: { EventBusName: 'ops' } } });
  });

  it("finds a starter record's bus from the idempotent trigger its event matches, or takes --bus", () => {
    // Act
    const found = planReplay(parseDeadLetter(starterRecord({ ...EVENT, source: 'app.ops', detail: { id: 'o-1' } })), stage);
    const given = planReplay(parseDeadLetter(starterRecord({ ...EVENT, source: 'app.unknown' })), stage, { bus: 'custom' });
    // Assess
    expect(found).toMatchObject({ ok: true, workflows: ['ops-audit'], action: { kind: 'put-event', bus: 'ops' } });
    expect(given).toMatchObject({ ok: true, action: { kind: 'put-event', bus: 'custom' } });
  });

  it('refuses a starter record no idempotent trigger matches, naming --bus', () => {
    // Act
    const plan = planReplay(parseDeadLetter(starterRecord({ ...EVENT, source: 'app.unknown' })), stage);
    // Assess
    expect(plan).toEqual({ ok: false, workflows: [], reason: expect.stringMatching(/the bus it came from is unknown; pass --bus <name>/) });
  });

  it("starts a schedule's target state machine with its input", () => {
    // Act
    const plan = planReplay(parseDeadLetter(message('{"run":"nightly"}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM })), stage);
    // Assess
    expect(plan).toEqual({ ok: true, workflows: ['nightly-etl'], notes: [], action: { kind: 'start-execution', stateMachineArn: ETL_SM, input: { run: 'nightly' } } });
  });

  it.each([
    ['a schedule with no target', message('{}', { SCHEDULE_ARN: SCHEDULE }), /no TARGET_ARN attribute\), so which state machine to start is unknown/],
    ['a schedule whose target is no state machine', message('{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: STARTER }), /is not a state machine/],
    ['an event from an AWS source', ruleMessage({ ...EVENT, source: 'aws.s3' }), /cannot be put back on bus default: source 'aws\.s3' is reserved for AWS services/],
    ['a body that is not JSON', message('<html>', { RULE_ARN: RULE }), /its body is not JSON/],
  ])('refuses %s', (_, received, reason) => {
    // Act
    const plan = planReplay(parseDeadLetter(received), stage);
    // Assess
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.reason).toMatch(reason);
  });
});
