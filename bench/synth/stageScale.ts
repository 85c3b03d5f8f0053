// Stage scale: the examples' kind of project at 300 and 1,000 generated workflows (two task steps,
// an event trigger with an idempotency key, a schedule, a config schema), bundling skipped, cdk-nag
// and the limits check on: synth time, the fullest template's counts against CloudFormation's
// quotas, counts per workflow, and the account quotas the stage would use.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAethonApp } from '../../lib/infra/index.ts';
import { stageQuotaUsage, quotaWarning } from '../../lib/infra/limits/accountQuotas.ts';
import { APPCONFIG_QUOTAS, TEMPLATE_QUOTAS } from '../../lib/infra/limits/quotas.ts';
import { countTemplate, type TemplateCounts } from '../../lib/infra/limits/templateLimits.ts';
import { generatedWorkflows } from '../../test/fixtures/infra/generatedWorkflows.ts';

export interface StageScaleFigures {
  readonly workflows: number;
  readonly ms: number;
  readonly groups: number;
  readonly templates: number;
  readonly fullest: Record<'resources' | 'outputs' | 'parameters' | 'bytes', TemplateCounts>;
  readonly mostProfiles: number;
  readonly totalResources: number;
  readonly warnings: string[];
  readonly usage: ReturnType<typeof stageQuotaUsage>;
}

/** One synth of `count` generated workflows. */
export function synthStage(count: number, projectRoot: string): StageScaleFigures {
  const workflows = generatedWorkflows(count, projectRoot);
  const outdir = mkdtempSync(join(tmpdir(), 'aethon-bench-scale-'));
  try {
    const started = performance.now();
    const { app, stack } = createAethonApp({ workflows, projectRoot, appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [] } } });
    app.synth();
    const ms = performance.now() - started;
    const counts = readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => countTemplate(join(outdir, file)));
    const fullest = (key: 'resources' | 'outputs' | 'parameters' | 'bytes') => counts.reduce((a, b) => (b[key] > a[key] ? b : a));
    const usage = stageQuotaUsage(stack);
    return {
      workflows: count,
      ms,
      groups: stack.groups.size,
      templates: counts.length,
      fullest: { resources: fullest('resources'), outputs: fullest('outputs'), parameters: fullest('parameters'), bytes: fullest('bytes') },
      mostProfiles: Math.max(...counts.flatMap((c) => [...c.appConfig.values()].map((a) => a.profiles))),
      totalResources: counts.reduce((sum, c) => sum + c.resources, 0),
      warnings: usage.map(quotaWarning).filter((w): w is string => Boolean(w)),
      usage,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Prints the figures of each size. */
export function printStageScale(sizes: readonly number[], projectRoot: string): void {
  console.log(`\nStage scale: generated two-step workflows (keyed event trigger, schedule, config), bundling skipped, cdk-nag and limits check on`);
  console.log(`quotas: ${TEMPLATE_QUOTAS.resources} resources, ${TEMPLATE_QUOTAS.outputs} outputs, ${TEMPLATE_QUOTAS.parameters} parameters, ${TEMPLATE_QUOTAS.bytes / 1e6} MB per template; ${APPCONFIG_QUOTAS.profilesPerApplication} profiles per AppConfig application`);
  for (const size of sizes) {
    const f = synthStage(size, projectRoot);
    const name = (c: TemplateCounts) => c.template.replace(/\.nested\.template\.json$|\.template\.json$/, '');
    console.log(`\n${size} workflows: synth ${(f.ms / 1000).toFixed(1)} s (${(f.ms / size).toFixed(0)} ms/workflow), ${f.groups} groups, ${f.templates} templates (stacks)`);
    console.log(`  fullest template: ${f.fullest.resources.resources} resources (${name(f.fullest.resources)}), ${f.fullest.outputs.outputs} outputs (${name(f.fullest.outputs)}), ${f.fullest.parameters.parameters} parameters (${name(f.fullest.parameters)}), ${(f.fullest.bytes.bytes / 1024).toFixed(0)} KiB (${name(f.fullest.bytes)})`);
    console.log(`  most profiles in one AppConfig application: ${f.mostProfiles}`);
    const per = (n: number) => (n / size).toFixed(2);
    const used = (key: string) => f.usage.filter((u) => u.key === key).reduce((sum, u) => sum + u.used, 0);
    console.log(
      `  per workflow: ${per(f.totalResources)} resources, ${per(f.templates)} stacks, ${per(used('iamRoles'))} IAM roles, ${per(used('rulesPerBus'))} rules, ${per(used('schedules'))} schedules, ${per(used('ssmParameters'))} SSM parameters`,
    );
    for (const warning of f.warnings) console.log(`  warning: ${warning}`);
  }
}
