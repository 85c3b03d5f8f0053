import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AethonStack, createAethonApp } from '../../../lib/infra/index.ts';
import { stackNameFor } from '../../../lib/contracts/stackNames.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { exampleWorkflow, synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('Construct: StageResources', () => {
  let dev: Synthesized;
  let prod: Synthesized;
  beforeAll(async () => {
    const workflows = await Promise.all([exampleWorkflow('nightly-etl'), exampleWorkflow('user-onboarding')]);
    dev = synthesize(workflows);
    prod = synthesize(workflows, { stage: 'prod' });
  });

  it('names the stack after the stage given by -c stage, dev by default', () => {
    expect(dev.stack.stackName).toBe('Aethon-dev');
    expect(prod.stack.stackName).toBe('Aethon-prod');
  });

  it('refuses a stage name that cannot be part of resource names', () => {
    expect(() => synthesize([], { stage: 'Prod Env' })).toThrow(/stage 'Prod Env' is not valid/);
  });

  it('has one idempotency table per stage: id key, expiration TTL, on demand, PITR, encrypted', () => {
    dev.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    prod.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
    dev.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('has one AppConfig application per group, named after app, stage and group, with the stage as its one environment', () => {
    const groups = [...dev.stack.groups.keys()];
    dev.template.resourceCountIs('AWS::AppConfig::Application', groups.length);
    dev.template.resourceCountIs('AWS::AppConfig::Environment', groups.length);
    for (const group of groups) dev.template.hasResourceProperties('AWS::AppConfig::Application', { Name: `aethon-dev-${group}` });
    for (const group of prod.stack.groups.keys()) prod.template.hasResourceProperties('AWS::AppConfig::Application', { Name: `aethon-prod-${group}` });
    dev.template.allResourcesProperties('AWS::AppConfig::Environment', { Name: 'dev' });
    prod.template.allResourcesProperties('AWS::AppConfig::Environment', { Name: 'prod' });
  });

  it('gives two stages of one app (one account) AppConfig applications of different names', async () => {
    // Prepare: the dev stage as createAethonApp builds it, and a prod stage in the same app
    const workflows = [await exampleWorkflow('user-onboarding')];
    const { app, stack: devStack } = createAethonApp({ workflows, projectRoot: PROJECT_ROOT, appProps: { context: { 'aws:cdk:bundling-stacks': [] } } });
    const prodStack = new AethonStack(app, stackNameFor('aethon', 'prod'), { workflows, stage: 'prod', projectRoot: PROJECT_ROOT });

    // Act
    const names = [devStack, prodStack].map((stack) => [...stack.groups.values()].flatMap((group) => Object.values(Template.fromStack(group).findResources('AWS::AppConfig::Application')).map((a) => a.Properties.Name)));

    // Assess
    expect(names).toEqual([[expect.stringMatching(/^aethon-dev-G\d\d$/)], [expect.stringMatching(/^aethon-prod-G\d\d$/)]]);
  });

  it('has an incident deployment strategy (all at once, short bake), a normal one and one for CloudFormation', () => {
    dev.template.resourceCountIs('AWS::AppConfig::DeploymentStrategy', 3);
    dev.template.hasResourceProperties('AWS::AppConfig::DeploymentStrategy', {
      GrowthFactor: 100,
      DeploymentDurationInMinutes: 0,
      FinalBakeTimeInMinutes: 1,
    });
    dev.template.hasResourceProperties('AWS::AppConfig::DeploymentStrategy', {
      GrowthFactor: 50,
      DeploymentDurationInMinutes: 1,
      FinalBakeTimeInMinutes: 2,
    });
  });

  it('sends alarms to an SNS topic encrypted with a rotating key that CloudWatch may use, over TLS only', () => {
    dev.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    dev.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('keeps what triggers could not start in one queue per stage: SQS-managed SSE, TLS only, 14 days', () => {
    dev.template.resourceCountIs('AWS::SQS::Queue', 1);
    dev.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600, MaximumMessageSize: 1_048_576 });
    const queueId = Object.keys(dev.template.findResources('AWS::SQS::Queue'))[0]!;
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'sqs:*', Effect: 'Deny', Principal: { AWS: '*' }, Resource: { 'Fn::GetAtt': [queueId, 'Arn'] }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ]),
      },
    });
    prod.template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain' });
    dev.template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Delete' });
  });

  it('alarms to the alarm topic as soon as the dead-letter queue holds a message', () => {
    const queueId = Object.keys(dev.template.findResources('AWS::SQS::Queue'))[0]!;
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^StageAlarmTopic') }],
    });
  });

  it('alarms when a dead letter is a week old, half-way to its expiry', () => {
    const queueId = Object.keys(dev.template.findResources('AWS::SQS::Queue'))[0]!;
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 7 * 24 * 3600 - 1,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^StageAlarmTopic') }],
    });
  });

  it('outputs the stage-level ids the CLI needs, and the dead-letter queue, but nothing per workflow', () => {
    for (const key of ['AppConfigNormalStrategyId', 'AppConfigIncidentStrategyId', 'IdempotencyTableName', 'AlarmTopicArn']) {
      dev.template.hasOutput(key, { Value: Match.anyValue() });
    }
    dev.template.hasOutput('WorkflowManifestPath', { Value: '/aethon/aethon/dev' });
    const queueId = Object.keys(dev.template.findResources('AWS::SQS::Queue'))[0]!;
    dev.template.hasOutput('TriggerDeadLetterQueueUrl', { Value: { Ref: queueId } });
    dev.template.hasOutput('TriggerDeadLetterQueueArn', { Value: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    // One output per workflow capped a stage at ~66 workflows (200 outputs per template).
    expect(Object.keys(dev.root.toJSON().Outputs).filter((key) => key.startsWith('UserOnboarding') || key.startsWith('NightlyEtl'))).toEqual([]);
  });
});
