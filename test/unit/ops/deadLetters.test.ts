/**
 * Reading dead letters and planning their replay: the three shapes the trigger dead-letter queue
 * receives (EventBridge rule targets, Scheduler schedules, the starter's invocation records), and
 * where each is re-delivered, or why not.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { functionNameOfArn, invocableFunctionArn, isStateMachineArn, regionOfQueueUrl, ruleOfArn, scheduleNameOfArn } from '../../../lib/ops/deadLetters/arns.ts';
import { eventSummaryOf, parseDeadLetter } from '../../../lib/ops/deadLetters/deadLetter.ts';
import { planReplay, resolveRuleTarget } from '../../../lib/ops/deadLetters/replayPlan.ts';
import { replayTargetsFromManifest, stageReplayTargets } from '../../../lib/ops/deadLetters/replayTargets.ts';
import { workflowsOfDeadLetter, type StageWorkflows } from '../../../lib/ops/deadLetters/stageWorkflows.ts';
import { DEPLOY_SM, ETL_SM, OPS_RULE, RULE, SCHEDULE, STARTER } from '../../fixtures/ops/deadLetterStage.ts';

const SM = DEPLOY_SM;

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
  message(JSON.stringify(event), { RULE_ARN: ruleArn, TARGET_ARN: targetArn, ERROR_CODE: 'Lambda.TooManyRequestsException', ERROR_MESSAGE: 'Rate exceeded', RETRY_ATTEMPTS: '8', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttemptsExhausted' });
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

/** Stage prod's outputs, as `cdk deploy --outputs-file` writes them. */
const targets = stageReplayTargets(
  { stackName: 'Aethon-prod', source: 'cdk-outputs.json', values: { DeployPipelineStateMachineArn: SM, NightlyEtlStateMachineArn: ETL_SM } },
  ['deploy-pipeline', 'nightly-etl'],
);
const stage: StageWorkflows = {
  workflows: [
    { name: 'deploy-pipeline', type: 'standard', eventTriggers: [{ bus: 'default', pattern: { source: ['app.ci'], 'detail-type': ['ReleaseTagged'] }, input: '$.detail', idempotencyKey: '$.detail.releaseId' }] },
    { name: 'release-audit', type: 'standard', eventTriggers: [{ bus: 'default', pattern: { source: ['app.ci'] }, input: '$.detail' }] },
    { name: 'ops-audit', type: 'standard', eventTriggers: [{ bus: 'ops', pattern: { source: ['app.ops'] }, input: '$.detail', idempotencyKey: '$.detail.id' }] },
    { name: 'ops-mirror', type: 'standard', eventTriggers: [{ bus: 'ops', pattern: { source: ['app.ci'] }, input: '$.detail' }] },
    { name: 'nightly-etl', type: 'standard', eventTriggers: [] },
  ],
  stateMachines: targets.stateMachines,
  replayTargets: targets,
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
      exhaustedRetryCondition: 'MaximumRetryAttemptsExhausted',
      event: EVENT,
      payloadText: JSON.stringify(EVENT),
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

  it("takes the input out of a body that is exactly a StartExecution request for the message's target, and only then", () => {
    // Act
    const request = JSON.stringify({ stateMachineArn: ETL_SM, input: '{"run":"nightly"}' });
    const forTarget = parseDeadLetter(message(request, { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM }));
    const noTarget = parseDeadLetter(message(request, { SCHEDULE_ARN: SCHEDULE }));
    const withMore = parseDeadLetter(message(JSON.stringify({ stateMachineArn: ETL_SM, input: '{}', note: 'x' }), { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM }));
    // Assess: the target never comes from the body; a body with other fields is the input itself
    expect(forTarget).toMatchObject({ trigger: { kind: 'schedule', targetArn: ETL_SM }, input: { run: 'nightly' } });
    expect(noTarget.trigger).not.toHaveProperty('targetArn');
    expect(noTarget).toMatchObject({ input: { stateMachineArn: ETL_SM, input: '{"run":"nightly"}' } });
    expect(withMore).toMatchObject({ input: { stateMachineArn: ETL_SM, input: '{}', note: 'x' } });
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

  it('reports a record nested too deeply to copy exactly as a problem, and does not throw', () => {
    // Prepare: JSON.parse takes this nesting; the exact-text scanner cannot follow it
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const body = `{"version":"1.0","requestContext":{"functionArn":"${STARTER}:$LATEST"},"requestPayload":{"version":"0","id":"e","source":"s","detail-type":"d","detail":{"x":${deep}}},"responsePayload":{}}`;
    // Act
    const letter = parseDeadLetter(message(body, {}));
    // Assess
    expect(letter.problem).toMatch(/requestPayload could not be read as text/);
  });

  it("keeps the exact text of a record's requestPayload", () => {
    // Prepare
    const payload = '{ "version":"0","id":"e","source":"app.ci","detail-type":"X","detail":{"n":12345678901234567891,"p":1.10,"e":1e2,"u":"\\u00e9\\"}{"} }';
    const body = `{"version":"1.0","requestContext":{"functionArn":"${STARTER}:$LATEST","condition":"RetriesExhausted"},"requestPayload":${payload},"responsePayload":{"errorType":"E"}}`;
    // Act
    const letter = parseDeadLetter(message(body));
    // Assess
    expect(letter.problem).toBeUndefined();
    expect(letter.payloadText).toBe(payload);
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
  it("invokes a rule's starter target (Event) with the body's exact text, big numbers and all", () => {
    // Prepare
    const body = `{"version":"0","id":"ev-1","detail-type":"ReleaseTagged","source":"app.ci","account":"111122223333","time":"2026-11-28T02:59:58Z","region":"eu-west-1","resources":[],"detail":{"releaseId":"r-42","seq":12345678901234567891,"price":1.10}}`;
    // Act
    const plan = planReplay(parseDeadLetter(message(body, { RULE_ARN: RULE, TARGET_ARN: STARTER })), stage);
    // Assess
    expect(plan).toMatchObject({ ok: true, workflows: ['deploy-pipeline'], action: { kind: 'invoke', functionArn: STARTER } });
    expect(plan.ok && plan.action.kind === 'invoke' && plan.action.payload).toBe(body);
  });

  it("reads a rule's state machine target back before starting it", () => {
    // Act
    const plan = planReplay(parseDeadLetter(ruleMessage(EVENT, OPS_RULE, SM)), stage);
    // Assess
    expect(plan).toMatchObject({ ok: true, workflows: ['deploy-pipeline'], action: { kind: 'rule-target', rule: 'Aethon-prod-AuditEvent0-r2', bus: 'ops', stateMachineArn: SM, event: JSON.stringify(EVENT) } });
  });

  it("invokes a starter record's function, $LATEST dropped, with the record's requestPayload text", () => {
    // Act
    const plan = planReplay(parseDeadLetter(starterRecord()), stage);
    // Assess
    expect(plan).toMatchObject({ ok: true, workflows: ['deploy-pipeline'], action: { kind: 'invoke', functionArn: STARTER, payload: JSON.stringify(EVENT) } });
  });

  it('keeps a version or alias qualifier, which names other code', () => {
    expect(invocableFunctionArn(`${STARTER}:$LATEST`)).toBe(STARTER);
    expect(invocableFunctionArn(`${STARTER}:7`)).toBe(`${STARTER}:7`);
    expect(invocableFunctionArn(`${STARTER}:live`)).toBe(`${STARTER}:live`);
    expect(invocableFunctionArn(STARTER)).toBe(STARTER);
  });

  it("starts a schedule's target state machine with its input text, from either body shape", () => {
    // Act
    const plain = planReplay(parseDeadLetter(message('{"run":"nightly","n":1.10}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM })), stage);
    const request = planReplay(parseDeadLetter(message(JSON.stringify({ stateMachineArn: ETL_SM, input: '{"run":"nightly","n":1e2}' }), { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM })), stage);
    // Assess
    expect(plain).toMatchObject({ ok: true, workflows: ['nightly-etl'], action: { kind: 'start-execution', stateMachineArn: ETL_SM, input: '{"run":"nightly","n":1.10}' } });
    expect(request).toMatchObject({ ok: true, action: { kind: 'start-execution', stateMachineArn: ETL_SM, input: '{"run":"nightly","n":1e2}' } });
  });

  it('plans an event of an AWS source like any other: nothing goes through PutEvents', () => {
    // Act
    const plan = planReplay(parseDeadLetter(ruleMessage({ ...EVENT, source: 'aws.s3' })), stage);
    // Assess
    expect(plan).toMatchObject({ ok: true, action: { kind: 'invoke', functionArn: STARTER } });
  });

  it.each([
    ['a schedule with no target', message('{}', { SCHEDULE_ARN: SCHEDULE }), /no TARGET_ARN attribute\), so which state machine to start is unknown/],
    ['a schedule whose target is no state machine', message('{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: STARTER }), /is not a state machine/],
    ['a rule message with no target', message(JSON.stringify(EVENT), { RULE_ARN: RULE }), /no TARGET_ARN attribute/],
    ['a rule target that is neither', ruleMessage(EVENT, RULE, 'arn:aws:sqs:eu-west-1:111122223333:q'), /neither a starter function nor a state machine/],
    ['a body that is not JSON', message('<html>', { RULE_ARN: RULE, TARGET_ARN: STARTER }), /its body is not JSON/],
  ])('refuses %s', (_, received, reason) => {
    // Act
    const plan = planReplay(parseDeadLetter(received), stage);
    // Assess
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.reason).toMatch(reason);
  });
});

describe('Function: planReplay, allow-list', () => {
  const OTHER_ACCOUNT_FN = 'arn:aws:lambda:eu-west-1:999999999999:function:Aethon-prod-DeployPipelineEvent0Starter-x1';
  const UNRELATED_FN = 'arn:aws:lambda:eu-west-1:111122223333:function:payroll-export';
  const UNLISTED_SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:PayrollExport';

  it.each([
    ["a rule's starter target in another account", ruleMessage(EVENT, RULE, OTHER_ACCOUNT_FN), /not a starter function of this stage/],
    ["a rule's function target not named after the stage's stack", ruleMessage(EVENT, RULE, UNRELATED_FN), /payroll-export is not a starter function of this stage/],
    ["a rule's state machine target the outputs do not list", ruleMessage(EVENT, RULE, UNLISTED_SM), /PayrollExport is not a state machine of this stage/],
    ["a schedule's target the outputs do not list", message('{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: UNLISTED_SM }), /PayrollExport is not a state machine of this stage/],
  ])('refuses %s, saying where the allow-list came from', (_, received, reason) => {
    // Act
    const plan = planReplay(parseDeadLetter(received), stage);
    // Assess
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.reason).toMatch(reason);
    expect(!plan.ok && plan.reason).toMatch(/only the stage's own targets are replayed to \(stack Aethon-prod in cdk-outputs\.json\)/);
  });

  it('refuses everything when no stack outputs say what the stage owns', () => {
    // Prepare
    const unknown: StageWorkflows = { ...stage, stateMachines: new Map(), replayTargets: stageReplayTargets(undefined, ['deploy-pipeline']) };
    // Act
    const plans = [planReplay(parseDeadLetter(ruleMessage()), unknown), planReplay(parseDeadLetter(message('{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM })), unknown)];
    // Assess
    expect(plans.map((p) => !p.ok && p.reason)).toEqual([expect.stringMatching(/no stack outputs/), expect.stringMatching(/no stack outputs/)]);
  });

  it('takes only the starters the outputs list, once they list any (a deployed manifest may replace the outputs)', () => {
    // Prepare
    const listed = stageReplayTargets(
      { stackName: 'Aethon-prod', source: 'cdk-outputs.json', values: { DeployPipelineStateMachineArn: SM, DeployPipelineEvent0StarterFunctionArn: STARTER } },
      ['deploy-pipeline'],
    );
    const withList: StageWorkflows = { ...stage, stateMachines: listed.stateMachines, replayTargets: listed };
    const sibling = STARTER.replace('Event0Starter-x1', 'Event1Starter-y2');
    // Act
    const allowed = planReplay(parseDeadLetter(ruleMessage()), withList);
    const unlisted = planReplay(parseDeadLetter(ruleMessage(EVENT, RULE, sibling)), withList);
    // Assess
    expect(listed.starterFunctions).toEqual(new Map([[STARTER, 'deploy-pipeline']]));
    expect(allowed.ok).toBe(true);
    expect(unlisted.ok).toBe(false);
  });
});

describe('Function: replayTargetsFromManifest', () => {
  const manifest = (arns: readonly string[]) =>
    replayTargetsFromManifest(
      { version: 1, app: 'aethon', stage: 'prod', stackName: 'Aethon-prod', idempotencyTableName: 't', alarmTopicArn: 'a', deadLetterQueue: { url: 'u', arn: 'q' }, appConfigStrategies: { normal: 'n', incident: 'i' }, workflowsPath: '/aethon/aethon/prod/workflows' },
      [{ version: 1, workflow: 'deploy-pipeline', group: 'G01', stateMachineArn: SM, consoleUrl: 'c', starterFunctionArns: arns }],
    );

  it("allows the manifest's state machines and listed starters only; a stack-named function it does not list is refused", () => {
    // Prepare
    const targets = manifest([STARTER]);
    const withManifest: StageWorkflows = { ...stage, stateMachines: targets.stateMachines, replayTargets: targets };
    const none: StageWorkflows = { ...stage, replayTargets: manifest([]) };
    // Act
    const plans = [planReplay(parseDeadLetter(ruleMessage()), withManifest), planReplay(parseDeadLetter(ruleMessage()), none)];
    // Assess
    expect(plans.map((p) => p.ok)).toEqual([true, false]);
    expect(!plans[1]!.ok && plans[1]!.reason).toMatch(/not a starter function of this stage: .*the manifest of stack Aethon-prod under \/aethon\/aethon\/prod\/workflows/);
  });

  it('says where the targets are when the outputs point to a manifest instead of listing them', () => {
    // Prepare
    const targets = stageReplayTargets({ stackName: 'Aethon-prod', source: 'cdk-outputs.json', values: { WorkflowManifestPath: '/aethon/aethon/prod' } }, ['deploy-pipeline']);
    // Act
    const plan = planReplay(parseDeadLetter(message('{}', { SCHEDULE_ARN: SCHEDULE, TARGET_ARN: ETL_SM })), { ...stage, stateMachines: targets.stateMachines, replayTargets: targets });
    // Assess
    expect(!plan.ok && plan.reason).toMatch(/lists its workflows in the SSM manifest under \/aethon\/aethon\/prod/);
  });
});

describe('Function: resolveRuleTarget', () => {
  const body = '{"id":"ev-1","source":"app.ci","detail-type":"X","detail":{"big":12345678901234567891,"price":1.10,"s":"a}\\"b{"},"other":1}';
  const lookup = { kind: 'rule-target' as const, ruleArn: RULE, rule: 'r', bus: 'default', stateMachineArn: SM, event: body };

  it('applies the InputPath of the target whose Arn failed, keeping the exact text', () => {
    // Act
    const resolved = resolveRuleTarget(lookup, [
      { Id: 'other', Arn: ETL_SM, InputPath: '$.other' },
      { Id: 'Target0', Arn: SM, InputPath: '$.detail' },
    ]);
    // Assess
    expect(resolved).toEqual({ ok: true, action: { kind: 'start-execution', stateMachineArn: SM, input: '{"big":12345678901234567891,"price":1.10,"s":"a}\\"b{"}' } });
  });

  it('takes a constant Input as it is, and the whole event without either', () => {
    expect(resolveRuleTarget(lookup, [{ Id: 't', Arn: SM, Input: '{"fixed":1.0}' }])).toEqual({ ok: true, action: { kind: 'start-execution', stateMachineArn: SM, input: '{"fixed":1.0}' } });
    expect(resolveRuleTarget(lookup, [{ Id: 't', Arn: SM }])).toEqual({ ok: true, action: { kind: 'start-execution', stateMachineArn: SM, input: body } });
  });

  it.each([
    ['no target of that ARN', [{ Id: 't', Arn: ETL_SM }], /no longer has the target .*NightlyEtl|no longer has the target/],
    ['an InputTransformer', [{ Id: 't', Arn: SM, InputTransformer: { InputTemplate: '{"a":<a>}', InputPathsMap: { a: '$.id' } } }], /has an InputTransformer, which this replay does not reproduce/],
    ['targets of that ARN that disagree', [{ Id: 'a', Arn: SM, InputPath: '$.detail' }, { Id: 'b', Arn: SM }], /several targets .* with different inputs \(a, b\)/],
    ['an InputPath that selects nothing', [{ Id: 't', Arn: SM, InputPath: '$.detail.missing' }], /InputPath \$\.detail\.missing cannot be applied to the event: \$\.detail\.missing selects nothing/],
    ['a wildcard InputPath over numbers it would rewrite', [{ Id: 't', Arn: SM, InputPath: '$.detail.*' }], /not a plain dotted path, so the selection would be re-serialized, and that would rewrite the numbers 12345678901234567891, 1\.10/],
  ])('refuses %s', (_, targets, reason) => {
    // Act
    const resolved = resolveRuleTarget(lookup, targets);
    // Assess
    expect(resolved.ok).toBe(false);
    expect(!resolved.ok && resolved.reason).toMatch(reason);
  });
});
