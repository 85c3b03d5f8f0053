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

  it('deploys what the config-in-force custom resource computes from the spec, all at once, without a bake', () => {
    const strategies = synth.template.findResources('AWS::AppConfig::DeploymentStrategy');
    const [stackStrategy, properties] = Object.entries(strategies).find(([, s]) => s.Properties.Description.includes('CloudFormation'))!;
    expect(properties.Properties).toMatchObject({ GrowthFactor: 100, DeploymentDurationInMinutes: 0, FinalBakeTimeInMinutes: 0 });
    synth.template.resourceCountIs('AWS::AppConfig::HostedConfigurationVersion', 0);
    const inForce = synth.template.findResources('Custom::AethonConfigInForce');
    expect(Object.keys(inForce)).toHaveLength(workflows.length);
    for (const workflow of workflows) {
      synth.template.hasResourceProperties('Custom::AethonConfigInForce', {
        Workflow: workflow.name,
        Schema: JSON.stringify(workflow.config!.schema),
        Defaults: JSON.stringify(workflow.config!.defaults),
        ConfigurationProfileId: { Ref: Match.stringLikeRegexp(`Config${'Profile'}ConfigurationProfile`) },
      });
    }
    synth.template.resourceCountIs('AWS::AppConfig::Deployment', workflows.length);
    const deployments = Object.values(synth.template.findResources('AWS::AppConfig::Deployment'));
    for (const deployment of deployments) {
      expect(deployment.Properties.DeploymentStrategyId).toEqual({ Ref: stackStrategy });
      const [resource, attribute] = deployment.Properties.ConfigurationVersion['Fn::GetAtt'] as [string, string];
      expect(Object.keys(inForce)).toContain(resource);
      expect(attribute).toBe('VersionNumber');
    }
  });

  it('has one config-in-force function per stage, in the root stack, that may only touch hosted versions', () => {
    const functions = synth.root.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('keeps the configuration in force') } });
    expect(Object.keys(functions)).toHaveLength(1);
    const [id, fn] = Object.entries(functions)[0]!;
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 120 });
    for (const resource of Object.values(synth.template.findResources('Custom::AethonConfigInForce'))) {
      expect(resource.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    }
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(synth.root.findResources('AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const appconfigActions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('appconfig:')).sort();
    expect(appconfigActions).toEqual(['appconfig:CreateHostedConfigurationVersion', 'appconfig:DeleteHostedConfigurationVersion', 'appconfig:GetHostedConfigurationVersion', 'appconfig:ListHostedConfigurationVersions']);
    expect(JSON.stringify(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('appconfig:'))).map((s) => s.Resource))).toContain(':application/*/configurationprofile/*');
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
    expect(again.template.findResources('Custom::AethonConfigInForce')).toEqual(synth.template.findResources('Custom::AethonConfigInForce'));
  });

  it('runs the custom resource again (and so deploys again) only when the schema or defaults change', async () => {
    // Prepare: deploy-pipeline with one default changed
    const [etl, onboarding, pipeline] = await Promise.all(['nightly-etl', 'user-onboarding', 'deploy-pipeline'].map(exampleWorkflow));
    const changed = { ...pipeline!, config: { ...pipeline!.config!, defaults: { ...pipeline!.config!.defaults, verifyAttempts: 7 } } };

    // Act
    const again = synthesize([etl!, onboarding!, changed]);

    // Assess: only deploy-pipeline's resource has new properties, so only it is updated
    const propertiesOf = (t: Synthesized) => Object.fromEntries(Object.entries(t.template.findResources('Custom::AethonConfigInForce')).map(([id, r]) => [id, r.Properties]));
    const before = propertiesOf(synth);
    const after = propertiesOf(again);
    const differing = Object.keys(after).filter((id) => JSON.stringify(after[id]) !== JSON.stringify(before[id]));
    expect(differing).toHaveLength(1);
    expect(after[differing[0]!]).toMatchObject({ Workflow: 'deploy-pipeline', Defaults: JSON.stringify({ deploysFrozen: false, verifyAttempts: 7 }) });
  });

  it('keeps the logical ids of the profiles that earlier deploys made with the HostedConfiguration construct', () => {
    // A new logical id would replace the profile: a new id, its history left behind.
    for (const workflow of workflows) {
      const profiles = synth.template.findResources('AWS::AppConfig::ConfigurationProfile', { Properties: { Name: workflow.name } });
      expect(Object.keys(profiles)[0]).toMatch(new RegExp(`^G\\d\\d${workflow.name.replace(/-/g, '')}ConfigProfileConfigurationProfile[0-9A-F]{8}$`));
    }
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
