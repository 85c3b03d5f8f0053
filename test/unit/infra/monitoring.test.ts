import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { exampleWorkflow, synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('Construct: WorkflowMonitoring', () => {
  let onboarding: CompiledWorkflow;
  let synth: Synthesized;
  beforeAll(async () => {
    onboarding = await exampleWorkflow('user-onboarding');
    synth = synthesize([onboarding]);
  });

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled'])('alarms on %s of the state machine, to the topic', (metric) => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: metric,
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: Match.stringLikeRegexp('^useronboardingWorkflowStateMachine') } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^StageAlarmTopic') }],
    });
  });

  it("alarms on each function's errors, starter included", () => {
    // The stage's config-in-force function runs only during a deploy, whose failure CloudFormation reports.
    const lambdas = Object.entries(synth.template.findResources('AWS::Lambda::Function')).filter(([, fn]) => !String(fn.Properties.Description).includes('configuration in force')).map(([id]) => id);
    expect(lambdas).toHaveLength(onboarding.functions.length + 1);
    for (const lambda of lambdas) {
      synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: lambda } }],
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^StageAlarmTopic') }],
      });
    }
    // Plus the dead-letter alarms (stageResources.test.ts, triggers.test.ts): the queue's depth and
    // oldest message, the rule's and the starter's failed deliveries to it.
    synth.template.resourceCountIs('AWS::CloudWatch::Alarm', 3 + lambdas.length + 4);
  });

  it('draws one dashboard per workflow: executions, duration, step errors and Powertools retries', () => {
    synth.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(synth.template.findResources('AWS::CloudWatch::Dashboard'))[0]!;
    expect(dashboard.Properties.DashboardName).toBe('user-onboarding-dev');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['Executions', 'Execution duration (ms)', 'Step errors', 'Step retries']) expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    expect(body).toContain('ExecutionTime');
    expect(body).toContain('MetricName=\\\\\\"StepRetry\\\\\\" service=\\\\\\"user-onboarding\\\\\\"');
  });
});
