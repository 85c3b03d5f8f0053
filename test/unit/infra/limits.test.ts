/** The quota checks that run on every synth: templates (errors) and the account (warnings). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnOutput, CfnWaitConditionHandle } from 'aws-cdk-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAethonApp } from '../../../lib/infra/index.ts';
import { quotaWarning, stageQuotaUsage } from '../../../lib/infra/limits/accountQuotas.ts';
import { ACCOUNT_QUOTAS } from '../../../lib/infra/limits/quotas.ts';
import { countTemplate, templateProblems } from '../../../lib/infra/limits/templateLimits.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-limits-'));
  dirs.push(dir);
  return dir;
}

describe('Function: templateProblems', () => {
  it('names the template, the count and the quota of every figure over CloudFormation\'s limits', () => {
    // Prepare: a template of 501 resources, 201 outputs, 201 parameters
    const file = join(tempDir(), 'Big.nested.template.json');
    const many = (n: number, value: (i: number) => unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X${i}`, value(i)]));
    writeFileSync(file, JSON.stringify({ Resources: many(501, () => ({ Type: 'AWS::CloudFormation::WaitConditionHandle' })), Outputs: many(201, () => ({ Value: 'x' })), Parameters: many(201, () => ({ Type: 'String' })) }));

    // Act
    const problems = templateProblems(countTemplate(file));

    // Assess
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Big\.nested\.template\.json has 501 resources; CloudFormation allows 500 per template\. .*aethon:workflowGroups/),
      expect.stringMatching(/has 201 outputs; CloudFormation allows 200/),
      expect.stringMatching(/has 201 parameters; CloudFormation allows 200/),
    ]);
  });

  it('counts AppConfig profiles and environments per application, and refuses a 101st profile', () => {
    const file = join(tempDir(), 'Group.nested.template.json');
    const profiles = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`P${i}`, { Type: 'AWS::AppConfig::ConfigurationProfile', Properties: { ApplicationId: { Ref: 'App' } } }]));
    const other = { Q: { Type: 'AWS::AppConfig::ConfigurationProfile', Properties: { ApplicationId: { Ref: 'Other' } } } };
    writeFileSync(file, JSON.stringify({ Resources: { ...profiles, ...other } }));

    const counts = countTemplate(file);

    expect(counts.appConfig.get('{"Ref":"App"}')).toEqual({ profiles: 101, environments: 0 });
    expect(templateProblems(counts).map((p) => p.rule)).toEqual(['appconfig-profiles']);
    expect(templateProblems(counts)[0]!.message).toMatch(/would hold 101 configuration profiles; AppConfig allows 100 per application/);
  });
});

describe('Plugin: TemplateLimitsPlugin', () => {
  it('fails the synth before anything is deployed when a template has more than 200 outputs', () => {
    // Prepare: CDK itself refuses 501 resources; outputs it lets through to deploy time
    const outdir = tempDir();
    const { app, stack } = createAethonApp({ workflows: [], projectRoot: PROJECT_ROOT, appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [] } } });
    const handle = new CfnWaitConditionHandle(stack, 'Handle');
    for (let i = 0; i < 200; i++) new CfnOutput(stack, `Extra${i}`, { value: handle.ref });

    // Act / Assess
    expect(() => app.synth()).toThrow(/Aethon-dev\.template\.json has 207 outputs; CloudFormation allows 200 per template/);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: { ruleName: string; description: string }[] }[] };
    const limits = report.pluginReports.find((r) => r.pluginName === 'AethonTemplateLimits')!;
    expect(limits.violations.map((v) => v.ruleName)).toEqual(['Aethon-template-outputs']);
  });

  it('passes a stage within its quotas', () => {
    const { app } = createAethonApp({ workflows: [], projectRoot: PROJECT_ROOT, appProps: { outdir: tempDir(), context: { 'aws:cdk:bundling-stacks': [] } } });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('Function: quotaWarning', () => {
  it('stays quiet below half a quota, and above it names the quota, the share and how to raise it', () => {
    expect(quotaWarning({ key: 'iamRoles', quota: ACCOUNT_QUOTAS.iamRoles, used: 499 })).toBeUndefined();
    expect(quotaWarning({ key: 'iamRoles', quota: ACCOUNT_QUOTAS.iamRoles, used: 500 })).toMatch(/needs 500 of the account's default 1,000 IAM roles per account \(50%\).*Service Quotas console/);
    expect(quotaWarning({ key: 'rulesPerBus', quota: ACCOUNT_QUOTAS.rulesPerBus, used: 301, scope: 'bus default' })).toMatch(/301 of the account's default 300 EventBridge rules per event bus on bus default \(100%\): more than the default allows/);
  });

  it('counts the stage over its whole tree, nested stacks included', () => {
    const { stack } = createAethonApp({ workflows: [], projectRoot: PROJECT_ROOT, appProps: { outdir: tempDir(), context: { 'aws:cdk:bundling-stacks': [] } } });
    const usage = Object.fromEntries(stageQuotaUsage(stack).map((u) => [u.key, u.used]));
    expect(usage).toMatchObject({ stacks: 1, appConfigApplications: 0, appConfigStrategies: 3, ssmParameters: 1 });
  });
});
