import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { exampleWorkflow, synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('Construct: Workflow (functions)', () => {
  let etl: CompiledWorkflow;
  let onboarding: CompiledWorkflow;
  let synth: Synthesized;
  beforeAll(async () => {
    [etl, onboarding] = await Promise.all([exampleWorkflow('nightly-etl'), exampleWorkflow('user-onboarding')]);
    synth = synthesize([etl, onboarding], { 'aethon:environment': { ACCOUNTS_API_URL: 'https://accounts.example.com' } });
  });

  it('creates one function per task and compensation handler, plus a starter per keyed event trigger', () => {
    const lambdas = synth.template.findResources('AWS::Lambda::Function');
    // nightly-etl: 4 tasks; user-onboarding: 4 tasks + 2 compensations + 1 starter; the stage's config-in-force function
    expect(Object.keys(lambdas)).toHaveLength(etl.functions.length + onboarding.functions.length + 1 + 1);
    expect(onboarding.functions.filter((f) => f.role === 'compensation')).toHaveLength(2);
  });

  it('runs NODEJS_24_X on arm64 with X-Ray, source maps and the memory and timeout of the spec', () => {
    for (const fn of onboarding.functions) {
      synth.template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: `index.${fn.handler.exportName}`,
        MemorySize: fn.memoryMb,
        // Equal to the Task state's TimeoutSeconds, which the spec sets (20s by default here).
        Timeout: fn.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: Match.objectLike({ AETHON_STEP: fn.stepName, AETHON_FUNCTION_ROLE: fn.role, NODE_OPTIONS: '--enable-source-maps' }) },
      });
    }
    expect(onboarding.functions.find((f) => f.stepName === 'provisionWorkspace')!.timeoutSeconds).toBe(60);
    expect(onboarding.functions.find((f) => f.id === 'Function_chargeSetupFee_Compensate')!.timeoutSeconds).toBe(30);
  });

  it('sets the Powertools environment, the stage and the context environment', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'user-onboarding',
          POWERTOOLS_METRICS_NAMESPACE: 'Aethon',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          AETHON_STAGE: 'dev',
          AETHON_WORKFLOW: 'user-onboarding',
          ACCOUNTS_API_URL: 'https://accounts.example.com',
        }),
      },
    });
  });

  it('gives the idempotency environment only to idempotent steps and the compensations that release their records', () => {
    const lambdas = Object.values(synth.template.findResources('AWS::Lambda::Function')).map((l) => l.Properties.Environment.Variables);
    const withTable = lambdas.filter((env) => env.AETHON_IDEMPOTENCY_TABLE).map((env) => `${env.AETHON_WORKFLOW}/${env.AETHON_STEP}/${env.AETHON_FUNCTION_ROLE}`);
    expect(withTable.sort()).toEqual([
      'nightly-etl/loadFile/task',
      'user-onboarding/chargeSetupFee/compensation',
      'user-onboarding/chargeSetupFee/task',
      'user-onboarding/createUser/compensation',
      'user-onboarding/createUser/task',
      'user-onboarding/sendWelcomeEmail/task',
    ]);
  });

  it('logs each function to its own log group with a retention', () => {
    const lambdas = Object.values(synth.template.findResources('AWS::Lambda::Function'));
    const groups = new Set(lambdas.map((l) => l.Properties.LoggingConfig.LogGroup.Ref));
    expect(groups.size).toBe(lambdas.length);
    const logGroups = synth.template.findResources('AWS::Logs::LogGroup');
    for (const group of groups) expect(logGroups[group]!.Properties.RetentionInDays).toBe(30);
  });
});
