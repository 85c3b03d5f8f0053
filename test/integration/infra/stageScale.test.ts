/**
 * A stage of hundreds of workflows synthesizes within every quota a deploy checks: the examples
 * plus generated two-step workflows (keyed event trigger, schedule, config schema), bundling
 * skipped, cdk-nag and the limits check on, as `cdk synth` runs them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkflow, listWorkflowFiles } from '../../../lib/workspace/index.ts';
import { createAethonApp, type AethonStack } from '../../../lib/infra/index.ts';
import { APPCONFIG_QUOTAS } from '../../../lib/infra/limits/quotas.ts';
import { countTemplate, templateProblems, type TemplateCounts } from '../../../lib/infra/limits/templateLimits.ts';
import { generatedWorkflows } from '../../fixtures/infra/generatedWorkflows.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

/** 300 synthesize in about 45 s here (two cores); bench/synth.ts covers 1,000. */
const GENERATED = 300;
const SYNTH_TIMEOUT_MS = 240_000;

describe(`A stage of the examples plus ${GENERATED} generated workflows`, () => {
  let outdir: string;
  let stack: AethonStack;
  let templates: TemplateCounts[];
  let workflowCount: number;
  let warnings: string[];

  beforeAll(async () => {
    const examples = (await Promise.all(listWorkflowFiles(PROJECT_ROOT).map((file) => buildWorkflow(PROJECT_ROOT, file)))).map((built) => built.compiled!);
    const workflows = [...examples, ...generatedWorkflows(GENERATED, PROJECT_ROOT)];
    workflowCount = workflows.length;
    outdir = mkdtempSync(join(tmpdir(), 'aethon-scale-'));
    const built = createAethonApp({ workflows, projectRoot: PROJECT_ROOT, appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [] } } });
    stack = built.stack;
    // Throws on any cdk-nag finding or any template over a quota.
    const assembly = built.app.synth();
    warnings = assembly.getStackArtifact(stack.artifactId).messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    templates = readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => countTemplate(join(outdir, file)));
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps every template within CloudFormation\'s quotas and every AppConfig application within its profiles', () => {
    expect(templates.flatMap(templateProblems)).toEqual([]);
    const applications = templates.flatMap((t) => [...t.appConfig.values()]);
    expect(applications.length).toBe(stack.groups.size);
    for (const application of applications) {
      expect(application.profiles).toBeLessThanOrEqual(APPCONFIG_QUOTAS.profilesPerApplication);
      expect(application.environments).toBe(1);
    }
    expect(applications.reduce((sum, a) => sum + a.profiles, 0)).toBe(workflowCount);
  });

  it('keeps the root template\'s counts independent of the number of workflows', () => {
    const root = templates.find((t) => t.template === `${stack.stackName}.template.json`)!;
    // Shared stage resources, the stage's manifest parameter and one nested stack per group.
    expect(root.resources).toBeLessThanOrEqual(20 + stack.groups.size);
    expect(root.outputs).toBe(7);
  });

  it('has a nested stack per group and per workflow, and a manifest parameter per workflow and one for the stage', () => {
    expect(templates).toHaveLength(1 + stack.groups.size + workflowCount);
    const parameterNames = readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .flatMap((file) => Object.values((JSON.parse(readFileSync(join(outdir, file), 'utf8')) as { Resources: Record<string, { Type: string; Properties: { Name?: string } }> }).Resources))
      .filter((resource) => resource.Type === 'AWS::SSM::Parameter')
      .map((resource) => resource.Properties.Name);
    expect(parameterNames).toHaveLength(workflowCount + 1);
    expect(parameterNames).toContain('/aethon/aethon/dev/stage');
    expect(parameterNames).toContain('/aethon/aethon/dev/workflows/generated-0299');
  });

  it('warns of the account quotas this stage would exceed: IAM roles, and rules on the default bus', () => {
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/IAM roles per account .*Service Quotas console/),
        expect.stringMatching(/of the account's default 300 EventBridge rules per event bus on bus default \(101%\): more than the default allows/),
      ]),
    );
  });
});
