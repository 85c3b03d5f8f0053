import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import { toEventPattern } from '../../../lib/infra/workflow/workflowTriggers.ts';
import { SOME_HANDLER } from '../../helpers/paths.ts';
import { compiled } from '../../helpers/specs.ts';
import { exampleWorkflow, synthesize } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const spec = (type: string, triggers: string) => `
name: orders
type: ${type}
timeout: 1m
triggers:
${triggers}
steps:
  handle:
    type: task
    handler: ${SOME_HANDLER}
    end: true
`;

const keyed = `
  - event:
      bus: orders-bus
      pattern: { source: [shop.orders], detail-type: [OrderPlaced], detail: { total: [{ numeric: ['>', 0] }] } }
      input: $.detail.order
      idempotencyKey: $.detail.orderId`;
/** The logical id of the stage's one trigger dead-letter queue. */
function deadLetterQueueId(template: Template): string {
  const ids = Object.keys(template.findResources('AWS::SQS::Queue'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

const unkeyed = `
  - event:
      pattern: { source: [shop.orders] }
      input: $.detail`;

describe('Construct: WorkflowTriggers', () => {
  it('routes a keyed event through a starter that derives the execution name', () => {
    // Act
    const { template } = synthesize([compiled(spec('standard', keyed))]);

    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'orders-bus',
      EventPattern: { source: ['shop.orders'], 'detail-type': ['OrderPlaced'], detail: { total: [{ numeric: ['>', 0] }] } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('StarterFunction'), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: Match.objectLike({
          AETHON_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^ordersWorkflowStateMachine') },
          AETHON_WORKFLOW: 'orders',
          AETHON_TRIGGER_INPUT_PATH: '$.detail.order',
          AETHON_TRIGGER_KEY_PATH: '$.detail.orderId',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('^ordersWorkflowStateMachine') } },
          Match.objectLike({ Action: 'states:DescribeExecution' }),
        ]),
      },
    });
  });

  it('targets the state machine directly when no key is declared, with the configured input', () => {
    const { template } = synthesize([compiled(spec('standard', unkeyed))]);
    template.resourceCountIs('AWS::Lambda::Function', 2); // the step's and the stage's config-in-force function: no starter
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0]!;
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { Ref: expect.stringMatching(/^ordersWorkflowStateMachine/) }, InputPath: '$.detail', RoleArn: expect.anything() }),
    ]);
  });

  it('targets an Express state machine directly (the spec refuses keys on Express workflows)', () => {
    const { template } = synthesize([compiled(spec('express', unkeyed))]);
    template.resourceCountIs('AWS::Lambda::Function', 2); // the step's and the stage's config-in-force function: no starter
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^ordersWorkflowStateMachine') }, InputPath: '$.detail' })],
    });
  });

  it('schedules through EventBridge Scheduler with the time zone and input of the spec', async () => {
    // Prepare
    const etl = await exampleWorkflow('nightly-etl');
    const withInput = compiled(spec('standard', `
  - schedule:
      expression: rate(1 hour)
      input: { full: true }`));

    // Act
    const { template } = synthesize([etl, withInput]);

    // Assess
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^nightlyetlWorkflowStateMachine') }, Input: '{}' }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      ScheduleExpressionTimezone: 'UTC',
      Target: Match.objectLike({ Input: '{"full":true}' }),
    });
  });

  it('dead-letters what a rule cannot deliver, to a starter or to the state machine, after 8 retries', () => {
    // Act
    const { template } = synthesize([compiled(spec('standard', keyed + unkeyed))]);

    // Assess
    const queue = { 'Fn::GetAtt': [deadLetterQueueId(template), 'Arn'] };
    const targets = Object.values(template.findResources('AWS::Events::Rule')).flatMap((rule) => rule.Properties.Targets);
    expect(targets).toHaveLength(2);
    expect(targets.map((target) => target.Arn)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/StarterFunction/), 'Arn'] },
      { Ref: expect.stringMatching(/^ordersWorkflowStateMachine/) },
    ]);
    for (const target of targets) {
      expect(target.DeadLetterConfig).toEqual({ Arn: queue });
      expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 8 });
    }
  });

  it('dead-letters what a schedule cannot deliver, through its role, which may send to the queue', async () => {
    // Act
    const { template } = synthesize([await exampleWorkflow('nightly-etl')]);

    // Assess
    const queue = { 'Fn::GetAtt': [deadLetterQueueId(template), 'Arn'] };
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    for (const { Properties: { Target: target } } of schedules) {
      expect(target).toMatchObject({ DeadLetterConfig: { Arn: queue }, RetryPolicy: { MaximumRetryAttempts: 8 } });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: target.RoleArn['Fn::GetAtt'][0] }],
        PolicyDocument: { Statement: Match.arrayWith([{ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: queue }]) },
      });
    }
  });

  it('sends the record of a starter invocation that failed its two retries to the dead-letter queue', () => {
    // Act
    const { template } = synthesize([compiled(spec('standard', keyed))]);

    // Assess
    const queue = { 'Fn::GetAtt': [deadLetterQueueId(template), 'Arn'] };
    const [starterId, starter] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.includes('StarterFunction'))!;
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: starterId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: queue } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: starter.Properties.Role['Fn::GetAtt'][0] }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: queue })]) },
    });
  });

  it('keeps one queue-policy statement however many rules a stage has (SQS allows 20 statements, 10 conditions, 8 KiB)', () => {
    // Prepare: 30 rules on a bus with a 200-character name
    const bus = `b${'u'.repeat(198)}s`;
    const triggers = Array.from({ length: 30 }, (_, i) => `
  - event:
      bus: ${bus}
      pattern: { source: [shop.orders${i}] }
      input: $.detail`).join('');

    // Act
    const { template } = synthesize([compiled(spec('standard', triggers))]);

    // Assess
    template.resourceCountIs('AWS::Events::Rule', 30);
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy'))[0]!.Properties.PolicyDocument;
    expect(policy.Statement).toHaveLength(2);
    expect(JSON.stringify(policy).length).toBeLessThan(2_000);
  });

  it('alarms when a dead letter itself cannot be delivered: per rule, per starter, and for schedules', async () => {
    // Act
    const { template } = synthesize([compiled(spec('standard', keyed + unkeyed)), await exampleWorkflow('nightly-etl')]);

    // Assess: each rule (with its bus when not the default), each starter, the stage's schedules
    const topic = [{ Ref: Match.stringLikeRegexp('^StageAlarmTopic') }];
    const rules = Object.entries(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(2);
    for (const [ruleId, rule] of rules) {
      const dimensions = [{ Name: 'RuleName', Value: { Ref: ruleId } }];
      if (rule.Properties.EventBusName !== undefined) dimensions.unshift({ Name: 'EventBusName', Value: 'orders-bus' } as never);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Events',
        MetricName: 'InvocationsFailedToBeSentToDlq',
        Dimensions: dimensions,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: topic,
      });
    }
    const [starterId] = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.includes('StarterFunction'));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'DestinationDeliveryFailures',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: starterId } }],
      AlarmActions: topic,
    });
    for (const metric of ['InvocationsFailedToBeSentToDeadLetterCount', 'InvocationDroppedCount']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Scheduler',
        MetricName: metric,
        Dimensions: [{ Name: 'ScheduleGroup', Value: 'default' }],
        AlarmActions: topic,
      });
    }
  });

  it('maps pattern fields to the L2 names and refuses unknown ones', () => {
    expect(toEventPattern({ 'detail-type': ['X'], source: ['s'] }, 'w')).toEqual({ detailType: ['X'], source: ['s'] });
    expect(() => toEventPattern({ detailType: ['X'] }, 'w')).toThrow(/'detailType' is not an EventBridge pattern field/);
  });
});
