import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { DEFAULT_WORKFLOW_GROUPS, groupIdOf, groupIndexOf } from '../../../lib/infra/stage/workflowGroups.ts';
import { exampleWorkflow, synthesize } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('Function: createAethonApp', () => {
  let workflows: CompiledWorkflow[];
  beforeAll(async () => {
    workflows = await Promise.all([exampleWorkflow('nightly-etl'), exampleWorkflow('user-onboarding')]);
  });

  it('puts each workflow in a nested stack of its group, and each group in a nested stack of the stage stack', () => {
    const { stack, root } = synthesize(workflows);
    expect([...stack.workflowStacks.keys()].sort()).toEqual(['nightly-etl', 'user-onboarding']);
    for (const [name, nested] of stack.workflowStacks) expect(nested.nestedStackParent).toBe(stack.groups.get(groupIdOf(groupIndexOf(name, DEFAULT_WORKFLOW_GROUPS))));
    root.resourceCountIs('AWS::CloudFormation::Stack', stack.groups.size);
    // The root holds only the stage's config-in-force function; every step function is a workflow's.
    root.resourceCountIs('AWS::Lambda::Function', 1);
    root.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('keeps the configuration in force') });
  });

  it('puts every workflow in one group when aethon:workflowGroups is 1, and refuses a count outside 1..100', () => {
    const { stack } = synthesize(workflows, { 'aethon:workflowGroups': 1 });
    expect([...stack.groups.keys()]).toEqual(['G00']);
    expect([...stack.groups.get('G00')!.workflows.keys()]).toEqual(['nightly-etl', 'user-onboarding']);
    expect(() => synthesize(workflows, { 'aethon:workflowGroups': 0 })).toThrow(/aethon:workflowGroups must be a whole number from 1 to 100; got 0/);
  });

  it('deploys only the workflows named by aethon:workflows', () => {
    const { stack } = synthesize(workflows, { 'aethon:workflows': 'user-onboarding' });
    expect([...stack.workflowStacks.keys()]).toEqual(['user-onboarding']);
  });

  it('names the known workflows when aethon:workflows names an unknown one', () => {
    expect(() => synthesize(workflows, { 'aethon:workflows': 'user-onbording' })).toThrow(/unknown workflows: user-onbording \(there are: nightly-etl, user-onboarding\)/);
  });

  it('takes the app name and log level from the context', () => {
    const { stack, template } = synthesize(workflows, { 'aethon:app': 'billing-ops', 'aethon:logLevel': 'DEBUG' });
    expect(stack.stackName).toBe('BillingOps-dev');
    template.hasResourceProperties('AWS::AppConfig::Application', { Name: Match.stringLikeRegexp('^billing-ops-dev-G\\d\\d$') });
    const steps = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) => fn.Properties.Environment.Variables.AETHON_STEP);
    expect(steps).toHaveLength(workflows.reduce((n, w) => n + w.functions.length, 0));
    for (const fn of steps) expect(fn.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
  });
});
