import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { exampleWorkflow, synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('Construct: Workflow (AppConfig)', () => {
  let workflows: CompiledWorkflow[];
  let synth: Synthesized;
  beforeAll(async () => {
    workflows = await Promise.all(['nightly-etl', 'user-onboarding', 'deploy-pipeline'].map(exampleWorkflow));
    synth = synthesize(workflows);
  });

  it('creates one freeform profile per workflow whose JSON Schema validator is the spec schema', () => {
    synth.template.resourceCountIs('AWS::AppConfig::ConfigurationProfile', workflows.length);
    for (const workflow of workflows) {
      synth.template.hasResourceProperties('AWS::AppConfig::ConfigurationProfile', {
        Name: workflow.name,
        Type: 'AWS.Freeform',
        LocationUri: 'hosted',
        Validators: [{ Type: 'JSON_SCHEMA', Content: JSON.stringify(workflow.config!.schema) }],
      });
    }
  });

  it('hosts the spec defaults as the initial version and deploys it all at once, without a bake', () => {
    const strategies = synth.template.findResources('AWS::AppConfig::DeploymentStrategy');
    const [stackStrategy, properties] = Object.entries(strategies).find(([, s]) => s.Properties.Description.includes('CloudFormation'))!;
    expect(properties.Properties).toMatchObject({ GrowthFactor: 100, DeploymentDurationInMinutes: 0, FinalBakeTimeInMinutes: 0 });
    for (const workflow of workflows) {
      synth.template.hasResourceProperties('AWS::AppConfig::HostedConfigurationVersion', {
        ContentType: 'application/json',
        Content: JSON.stringify(workflow.config!.defaults),
      });
    }
    synth.template.resourceCountIs('AWS::AppConfig::Deployment', workflows.length);
    synth.template.allResourcesProperties('AWS::AppConfig::Deployment', { DeploymentStrategyId: { Ref: stackStrategy }, ConfigurationVersion: { Ref: Match.anyValue() } });
  });

  it('chains the deployments of one environment, so AppConfig never sees two at once ("deployment already exists")', () => {
    // Prepare: every example in one group, so one environment receives all three deployments
    const oneGroup = synthesize(workflows, { 'aethon:workflowGroups': 1 });
    for (const template of [oneGroup.template, synth.template]) {
      const deployments = template.findResources('AWS::AppConfig::Deployment');
      const byEnvironment = new Map<string, string[]>();
      for (const id of Object.keys(deployments)) {
        const environment = JSON.stringify(deployments[id]!.Properties.EnvironmentId);
        byEnvironment.set(environment, [...(byEnvironment.get(environment) ?? []), id]);
      }
      for (const ids of byEnvironment.values()) {
        const dependencies = ids.map((id) => [deployments[id]!.DependsOn ?? []].flat().filter((d: string) => ids.includes(d)));
        // A single chain: one root, every other deployment waits for exactly one other deployment.
        expect(dependencies.filter((d) => d.length === 0)).toHaveLength(1);
        expect(dependencies.filter((d) => d.length === 1)).toHaveLength(ids.length - 1);
        expect(new Set(dependencies.flat()).size).toBe(ids.length - 1);
      }
    }
    expect(Object.keys(oneGroup.template.findResources('AWS::AppConfig::Deployment'))).toHaveLength(3);
  });

  it('gives each group its own application and environment, so chains of different groups run in parallel', () => {
    const deployments = Object.values(synth.template.findResources('AWS::AppConfig::Deployment'));
    const environments = new Set(deployments.map((d) => JSON.stringify(d.Properties.EnvironmentId)));
    expect(environments.size).toBe(synth.stack.groups.size);
    for (const [groupId, group] of synth.stack.groups) {
      for (const name of group.workflows.keys()) {
        synth.template.hasResourceProperties('AWS::AppConfig::ConfigurationProfile', { Name: name, ApplicationId: { Ref: Match.stringLikeRegexp(`^${groupId}Application`) } });
      }
    }
  });

  it('leaves deployments untouched when an unchanged spec is deployed again', async () => {
    // Act: a second, independent synth of the same specs (a redeploy)
    const again = synthesize(await Promise.all(['nightly-etl', 'user-onboarding', 'deploy-pipeline'].map(exampleWorkflow)));

    // Assess: same logical ids and same properties, so CloudFormation has nothing to replace
    const before = synth.template.findResources('AWS::AppConfig::Deployment');
    const after = again.template.findResources('AWS::AppConfig::Deployment');
    expect(after).toEqual(before);
    expect(again.template.findResources('AWS::AppConfig::HostedConfigurationVersion')).toEqual(synth.template.findResources('AWS::AppConfig::HostedConfigurationVersion'));
  });

  it('deploys again when the spec defaults change', async () => {
    // Prepare: deploy-pipeline with one default changed
    const [etl, onboarding, pipeline] = await Promise.all(['nightly-etl', 'user-onboarding', 'deploy-pipeline'].map(exampleWorkflow));
    const changed = { ...pipeline!, config: { ...pipeline!.config!, defaults: { ...pipeline!.config!.defaults, verifyAttempts: 7 } } };

    // Act
    const again = synthesize([etl!, onboarding!, changed]);

    // Assess: a new hosted version, which the deployment references, so CloudFormation deploys it
    const versionOf = (t: Synthesized) => Object.values(t.template.findResources('AWS::AppConfig::HostedConfigurationVersion')).map((v) => v.Properties.Content);
    expect(versionOf(again)).toContain(JSON.stringify({ deploysFrozen: false, verifyAttempts: 7 }));
    expect(versionOf(again)).not.toEqual(versionOf(synth));
  });

  it('retains old hosted versions, so a changed default never deletes a version a deployment used', () => {
    synth.template.allResources('AWS::AppConfig::HostedConfigurationVersion', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('gives functions the profile ids in their environment', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AETHON_APPCONFIG_APPLICATION: { Ref: Match.stringLikeRegexp('^G\\d\\dApplication') },
          AETHON_APPCONFIG_ENVIRONMENT: { Ref: Match.stringLikeRegexp('^G\\d\\dEnvironment') },
          AETHON_APPCONFIG_PROFILE: { Ref: Match.stringLikeRegexp('^G\\d\\ddeploypipelineConfig') },
        }),
      },
    });
  });
});
