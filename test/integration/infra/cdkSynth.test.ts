/**
 * The real thing: `npx cdk synth` from the project root, offline, bundling one example's handlers
 * (and its starter) with the local esbuild; no notices, no telemetry, no version check.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const run = promisify(execFile);
/** Bundling seven small handlers takes seconds; the bound only stops a hung synth. */
const SYNTH_TIMEOUT_MS = 120_000;

describe('npx cdk synth (bundling user-onboarding)', () => {
  let outdir: string;
  let result: { stdout: string; stderr: string };
  /** Resources of the root and nested templates. */
  let resources: { Type: string; Metadata?: Record<string, string>; Properties: Record<string, unknown> }[];

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'aethon-synth-'));
    result = await run('npx', ['cdk', 'synth', '--quiet', '--output', outdir, '-c', 'aethon:workflows=user-onboarding', '-c', 'stage=ci'], {
      cwd: PROJECT_ROOT,
      timeout: SYNTH_TIMEOUT_MS,
      env: {
        ...process.env,
        CDK_DISABLE_VERSION_CHECK: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // Offline: no credentials and no region lookups are needed to synthesize.
        AWS_REGION: 'eu-central-1',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(existsSync(join(outdir, 'Aethon-ci.template.json'))).toBe(true);
    resources = readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .flatMap((file) => Object.values((JSON.parse(readFileSync(join(outdir, file), 'utf8')) as { Resources: Record<string, (typeof resources)[number]> }).Resources));
  }, SYNTH_TIMEOUT_MS + 10_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('prints no notices, telemetry notice or version warning', () => {
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).not.toMatch(/NOTICES|telemetry|newer version|Newer version/i);
  });

  it('bundles every function, minified with a source map', () => {
    const lambdas = resources.filter((r) => r.Type === 'AWS::Lambda::Function');
    // 4 tasks, 2 compensations, 1 starter, and the stage's config-in-force custom resource
    expect(lambdas).toHaveLength(8);
    for (const lambda of lambdas) {
      const assetDir = join(outdir, lambda.Metadata!['aws:asset:path']!);
      const code = readFileSync(join(assetDir, 'index.js'), 'utf8');
      expect(existsSync(join(assetDir, 'index.js.map'))).toBe(true);
      expect(code).toContain('//# sourceMappingURL=index.js.map');
      // Minified: long lines (an unminified bundle averages well under 100 characters a line).
      expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    }
  });

  it('keeps CDK and the YAML tooling out of the bundles', () => {
    for (const lambda of resources.filter((r) => r.Type === 'AWS::Lambda::Function')) {
      const code = readFileSync(join(outdir, lambda.Metadata!['aws:asset:path']!, 'index.js'), 'utf8');
      expect(code).not.toContain('aws-cdk-lib');
      expect(code).not.toMatch(/require\("constructs"\)/);
      // The SDK comes from the Lambda runtime, not the bundle.
      expect(code).not.toContain('SFNServiceException');
    }
  });

  it('dead-letters what the rule cannot deliver and what the starter fails on, in the stage queue', () => {
    const queues = resources.filter((r) => r.Type === 'AWS::SQS::Queue');
    expect(queues.map((q) => q.Properties)).toEqual([expect.objectContaining({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 })]);
    const targets = resources.filter((r) => r.Type === 'AWS::Events::Rule').flatMap((r) => r.Properties.Targets as { DeadLetterConfig?: unknown }[]);
    expect(targets).toHaveLength(1);
    expect(targets[0]!.DeadLetterConfig).toEqual({ Arn: expect.anything() });
    const invokeConfigs = resources.filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig').map((r) => r.Properties);
    expect(invokeConfigs).toEqual([expect.objectContaining({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: expect.anything() } } })]);
  });

  it('passes cdk-nag with nothing left unacknowledged', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: unknown[] }[] };
    expect(report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')!.violations).toEqual([]);
  });
});
