/**
 * A Validations plugin run on every synth: each template against CloudFormation's per-template
 * quotas, and each AppConfig application against its profile and environment quotas. Any excess
 * fails `cdk synth`, naming the template and the figure, before anything is deployed.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { APPCONFIG_QUOTAS, TEMPLATE_QUOTAS } from './quotas.ts';

interface Template {
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, unknown>;
  readonly Parameters?: Record<string, unknown>;
}

/** One count of one template. */
export interface TemplateCounts {
  readonly template: string;
  readonly resources: number;
  readonly outputs: number;
  readonly parameters: number;
  readonly bytes: number;
  /** Profiles and environments per AppConfig application declared in this template. */
  readonly appConfig: ReadonlyMap<string, { readonly profiles: number; readonly environments: number }>;
}

/** What a template holds, as CloudFormation counts it. */
export function countTemplate(path: string): TemplateCounts {
  const template = JSON.parse(readFileSync(path, 'utf8')) as Template;
  const resources = Object.values(template.Resources ?? {});
  const appConfig = new Map<string, { profiles: number; environments: number }>();
  for (const resource of resources) {
    const kind = resource.Type === 'AWS::AppConfig::ConfigurationProfile' ? 'profiles' : resource.Type === 'AWS::AppConfig::Environment' ? 'environments' : undefined;
    if (!kind) continue;
    const application = JSON.stringify(resource.Properties?.ApplicationId);
    const counts = appConfig.get(application) ?? { profiles: 0, environments: 0 };
    counts[kind] += 1;
    appConfig.set(application, counts);
  }
  return {
    template: basename(path),
    resources: resources.length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    bytes: statSync(path).size,
    appConfig,
  };
}

/** Each figure over its quota, as a sentence that says what to do. */
export function templateProblems(counts: TemplateCounts): { rule: string; message: string }[] {
  const problems: { rule: string; message: string }[] = [];
  const over = (rule: string, count: number, limit: number, what: string, fix: string) => {
    if (count > limit) problems.push({ rule, message: `${counts.template} has ${count} ${what}; CloudFormation allows ${limit} per template. ${fix}` });
  };
  const regroup = 'Spread the workflows over more groups (context aethon:workflowGroups), or split the workflow whose nested stack it is.';
  over('template-resources', counts.resources, TEMPLATE_QUOTAS.resources, 'resources', regroup);
  over('template-outputs', counts.outputs, TEMPLATE_QUOTAS.outputs, 'outputs', regroup);
  over('template-parameters', counts.parameters, TEMPLATE_QUOTAS.parameters, 'parameters', regroup);
  over('template-size', counts.bytes, TEMPLATE_QUOTAS.bytes, 'bytes', `${regroup} Large config schemas count here too.`);
  for (const [application, { profiles, environments }] of counts.appConfig) {
    if (profiles > APPCONFIG_QUOTAS.profilesPerApplication) {
      problems.push({ rule: 'appconfig-profiles', message: `${counts.template}: AppConfig application ${application} would hold ${profiles} configuration profiles; AppConfig allows ${APPCONFIG_QUOTAS.profilesPerApplication} per application. Raise aethon:workflowGroups.` });
    }
    if (environments > APPCONFIG_QUOTAS.environmentsPerApplication) {
      problems.push({ rule: 'appconfig-environments', message: `${counts.template}: AppConfig application ${application} would hold ${environments} environments; AppConfig allows ${APPCONFIG_QUOTAS.environmentsPerApplication} per application.` });
    }
  }
  return problems;
}

/** The plugin: `Validations.of(app).addPlugins(new TemplateLimitsPlugin())`. */
export class TemplateLimitsPlugin implements IPolicyValidationPlugin {
  readonly name = 'AethonTemplateLimits';

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = context.templatePaths.flatMap((path) =>
      templateProblems(countTemplate(path)).map(
        (problem): PolicyViolation => ({
          ruleName: `Aethon-${problem.rule}`,
          description: problem.message,
          violatingResources: [{ templatePath: path, locations: [] }],
          fix: 'CloudFormation would refuse this template at deploy time; nothing was deployed.',
        }),
      ),
    );
    return { success: violations.length === 0, violations };
  }
}
