/** cdk-nag AwsSolutions runs on every synth and finds nothing that is not acknowledged with a reason. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAethonApp } from '../../../lib/infra/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { exampleWorkflow } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: { ruleName: string }[];
  suppressedViolations?: { ruleName: string; reason: string; acknowledgedAt: string }[];
}

const outdirs: string[] = [];
afterEach(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function appOfExamples(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'aethon-nag-'));
  outdirs.push(outdir);
  const workflows = await Promise.all(['nightly-etl', 'user-onboarding', 'deploy-pipeline'].map(exampleWorkflow));
  const built = createAethonApp({
    workflows,
    projectRoot: PROJECT_ROOT,
    appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } },
  });
  const report = () => JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  return { ...built, report };
}

describe('cdk-nag AwsSolutions', () => {
  it('passes on the examples with zero unacknowledged findings, warnings included', async () => {
    // Prepare
    const { app, report } = await appOfExamples({ 'aethon:createSecrets': ['aethon/partner-api-key'] });

    // Act
    app.synth();

    // Assess
    const nag = report().pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag).toBeDefined();
    expect(nag!.violations).toEqual([]);
    expect(nag!.conclusion).toBe('success');
  });

  it('gives every acknowledgement a reason that explains itself', async () => {
    const { app, report } = await appOfExamples({ 'aethon:createSecrets': ['aethon/partner-api-key'] });
    app.synth();
    const suppressed = report().pluginReports.find((r) => r.pluginName === 'AwsSolutions')!.suppressedViolations ?? [];
    expect(new Set(suppressed.map((s) => s.ruleName.replace(/\[Resource::arn:.*\]$/, '[Resource::<execution ARN>]')))).toEqual(
      new Set(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::<execution ARN>]', 'AwsSolutions-SMG4', 'AwsSolutions-SQS3']),
    );
    for (const { reason } of suppressed) expect(reason.length).toBeGreaterThan(150);
  });

  it('fails the synth on a finding nobody acknowledged', async () => {
    // Prepare: a wildcard that no acknowledgement covers. ("*" itself is acknowledged on function
    // roles for X-Ray; leastPrivilege.test.ts is what catches any other action on "*".)
    const { app, stack } = await appOfExamples();
    stack.workflows.get('nightly-etl')!.functions.get('Function_notify')!.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/*'] }));

    // Act / Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::reports\/\*\]/);
  });
});
