/** The manifest the stage publishes in SSM: one parameter per workflow and one for the stage, in the format lib/ops reads. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compileWorkflow, type CompiledWorkflow } from '../../../lib/compile/index.ts';
import { parseWorkflowSpec } from '../../../lib/spec/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { MANIFEST_VERSION, type StageManifest, type WorkflowManifest } from '../../../lib/contracts/stageManifest.ts';
import { exampleWorkflow, synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** A parameter's value with every CloudFormation reference replaced by `<ref>`, parsed. */
function valueOf(value: unknown): unknown {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const text = join ? join[1].map((part) => (typeof part === 'string' ? part : '<ref>')).join(join[0]) : String(value);
  return JSON.parse(text);
}

describe('Stage manifest (SSM parameters)', () => {
  let workflows: CompiledWorkflow[];
  let synth: Synthesized;
  let parameters: Map<string, { Type: string; Tier: string; Value: unknown }>;
  beforeAll(async () => {
    workflows = await Promise.all(['nightly-etl', 'user-onboarding', 'deploy-pipeline'].map(exampleWorkflow));
    synth = synthesize(workflows, { stage: 'prod' });
    const found = Object.values(synth.template.findResources('AWS::SSM::Parameter')).map((r) => r.Properties as { Name: string; Type: string; Tier: string; Value: unknown });
    parameters = new Map(found.map((p) => [p.Name, p]));
  });

  it('publishes one standard String parameter per workflow under /aethon/<app>/<stage>/workflows, and one for the stage', () => {
    expect([...parameters.keys()].sort()).toEqual([
      '/aethon/aethon/prod/stage',
      '/aethon/aethon/prod/workflows/deploy-pipeline',
      '/aethon/aethon/prod/workflows/nightly-etl',
      '/aethon/aethon/prod/workflows/user-onboarding',
    ]);
    for (const parameter of parameters.values()) expect(parameter).toMatchObject({ Type: 'String', Tier: 'Standard' });
  });

  it('gives each workflow its state machine, console URL, group, AppConfig ids and starters', () => {
    for (const workflow of workflows) {
      const manifest = valueOf(parameters.get(`/aethon/aethon/prod/workflows/${workflow.name}`)!.Value) as WorkflowManifest;
      const group = [...synth.stack.groups].find(([, g]) => g.workflows.has(workflow.name))![0];
      const starters = synth.stack.workflows.get(workflow.name)!.triggers.starters.length;
      expect(manifest).toEqual({
        version: MANIFEST_VERSION,
        workflow: workflow.name,
        group,
        stateMachineArn: '<ref>',
        consoleUrl: 'https://<ref>.console.aws.amazon.com/states/home?region=<ref>#/statemachines/view/<ref>',
        ...(workflow.config ? { appConfig: { applicationId: '<ref>', environmentId: '<ref>', profileId: '<ref>' } } : {}),
        starterFunctionArns: Array.from({ length: starters }, () => '<ref>'),
      });
    }
  });

  it('gives the stage its table, topic, dead-letter queue, strategies and the workflows\' path', () => {
    const stage = valueOf(parameters.get('/aethon/aethon/prod/stage')!.Value) as StageManifest;
    expect(stage).toEqual({
      version: MANIFEST_VERSION,
      app: 'aethon',
      stage: 'prod',
      stackName: 'Aethon-prod',
      idempotencyTableName: '<ref>',
      alarmTopicArn: '<ref>',
      deadLetterQueue: { url: '<ref>', arn: '<ref>' },
      appConfigStrategies: { normal: '<ref>', incident: '<ref>' },
      workflowsPath: '/aethon/aethon/prod/workflows',
    });
  });

  it('writes each workflow\'s parameter in the workflow\'s own nested stack, so no template grows with the stage', () => {
    for (const [name, nested] of synth.stack.workflowStacks) {
      const own = nested.node.findAll().filter((c) => c.node.id === 'Manifest');
      expect(own, name).toHaveLength(1);
    }
  });
});

describe('Function: publishWorkflowManifest', () => {
  it('refuses at synth a workflow whose manifest could outgrow a standard parameter (4 KB), naming what to merge', () => {
    // Prepare: 40 keyed event triggers, so 40 starter ARNs of up to ~100 characters each
    const triggers = Array.from({ length: 40 }, (_, i) => `  - event:\n      pattern: { source: [many.${i}] }\n      idempotencyKey: $.detail.id`).join('\n');
    const yaml = `name: many-triggers\ntype: standard\ntriggers:\n${triggers}\nsteps:\n  only:\n    type: task\n    handler: functions/nightly-etl/notify.ts\n    end: true\n`;
    const parsed = parseWorkflowSpec('many-triggers.yaml', yaml, { projectRoot: PROJECT_ROOT });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
    const compiled = compileWorkflow(parsed.spec);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));

    // Act / Assess
    expect(() => synthesize([compiled.workflow])).toThrow(/workflow 'many-triggers': its manifest could reach \d+ characters, more than a standard SSM parameter holds \(4096\).*merge triggers/);
  });
});
