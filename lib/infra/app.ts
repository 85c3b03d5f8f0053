/**
 * The CDK app of an Aethon project: one stack for the chosen stage, with cdk-nag checks and a
 * check of the AWS quotas a deploy would hit.
 */
import { createRequire } from 'node:module';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import type { CompiledWorkflow } from '../compile/index.ts';
import { AethonStack, type AethonStackProps } from './AethonStack.ts';
import { addAccountQuotaWarnings } from './limits/accountQuotas.ts';
import { TemplateLimitsPlugin } from './limits/templateLimits.ts';
import { addNagChecks } from './nag.ts';
import { stackNameFor } from '../contracts/stackNames.ts';

/**
 * CDK's recommended feature flags, as `cdk init` writes them into a new project: Aethon is new,
 * so it takes today's behaviour rather than CDK v1 compatibility. Set here rather than in
 * cdk.json so that tests synthesize with exactly the flags a deploy uses; cdk.json or `-c` may
 * still override one.
 */
const RECOMMENDED_FLAGS = createRequire(import.meta.url)('aws-cdk-lib/recommended-feature-flags.json') as Record<string, unknown>;

/** The stage when `-c stage=...` is not given. */
export const DEFAULT_STAGE = 'dev';
/** Stage names become part of resource names: keep them short and plain. */
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const APP_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

export interface AethonAppOptions {
  readonly workflows: readonly CompiledWorkflow[];
  readonly projectRoot: string;
  /** Passed to `new App()`: context, outdir. @default {} */
  readonly appProps?: AppProps;
  /**
   * Run CDK's built-in CloudFormation schema validation too (slow; it only warns).
   * @default false
   */
  readonly cfnValidation?: boolean;
  /** Settings for the stack beyond what the context says. @default {} */
  readonly stack?: Partial<Pick<AethonStackProps, 'logRetention' | 'env'>>;
}

/**
 * Builds the app. From the context (`-c stage=prod`, or cdk.json `context`): `stage`,
 * `aethon:app` (app name), `aethon:createSecrets` (Secrets Manager names to create),
 * `aethon:environment` (extra function variables), `aethon:logLevel`, `aethon:workflows` (a subset),
 * `aethon:workflowGroups` (how many groups the workflows are spread over; default 20).
 * @example
 * const { app } = createAethonApp({ workflows, projectRoot: process.cwd() });
 * app.synth();
 */
export function createAethonApp(options: AethonAppOptions): { app: App; stack: AethonStack } {
  const app = new App({
    // CloudFormation's schema validation loads a WebAssembly engine for ~10 s per synth and only
    // warns; the L2 constructs and cdk-nag cover what it checks.
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    ...options.appProps,
    context: { ...RECOMMENDED_FLAGS, ...options.appProps?.context },
  });
  const stage = String(app.node.tryGetContext('stage') ?? DEFAULT_STAGE);
  if (!STAGE_PATTERN.test(stage)) throw new Error(`stage '${stage}' is not valid: use lower-case letters, digits and '-', starting with a letter, at most 20 characters`);
  const appName = String(app.node.tryGetContext('aethon:app') ?? 'aethon');
  // It names the stack, AppConfig applications and the manifest's SSM path: keep it plain.
  if (!APP_NAME_PATTERN.test(appName)) throw new Error(`context aethon:app '${appName}' is not valid: use letters, digits, '-' and '_', starting with a letter, at most 40 characters`);
  const groups = app.node.tryGetContext('aethon:workflowGroups');
  const stack = new AethonStack(app, stackNameFor(appName, stage), {
    ...options.stack,
    workflows: selectWorkflows(options.workflows, contextArray(app, 'aethon:workflows')),
    stage,
    appName,
    ...(groups !== undefined ? { workflowGroups: Number(groups) } : {}),
    projectRoot: options.projectRoot,
    createSecrets: contextArray(app, 'aethon:createSecrets'),
    environment: contextRecord(app, 'aethon:environment'),
    ...(app.node.tryGetContext('aethon:logLevel') ? { logLevel: String(app.node.tryGetContext('aethon:logLevel')) } : {}),
  });
  addNagChecks(app);
  // Quotas a deploy would hit, found at synth: per template (errors) and per account (warnings).
  Validations.of(app).addPlugins(new TemplateLimitsPlugin());
  addAccountQuotaWarnings(stack);
  return { app, stack };
}

/** `-c aethon:workflows=a,b` deploys only those workflows (a quick stack for one of many). */
function selectWorkflows(workflows: readonly CompiledWorkflow[], only: readonly string[]): readonly CompiledWorkflow[] {
  if (only.length === 0) return workflows;
  const unknown = only.filter((name) => !workflows.some((workflow) => workflow.name === name));
  if (unknown.length > 0) throw new Error(`context aethon:workflows names unknown workflows: ${unknown.join(', ')} (there are: ${workflows.map((w) => w.name).join(', ')})`);
  return workflows.filter((workflow) => only.includes(workflow.name));
}

function contextArray(app: App, key: string): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return [];
  // `-c key=a,b` arrives as a string; cdk.json can hold a real array.
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list)) throw new Error(`context '${key}' must be a list of names`);
  return list.map(String).filter(Boolean);
}

function contextRecord(app: App, key: string): Record<string, string> {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return {};
  const record = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Error(`context '${key}' must be an object of environment variables`);
  return Object.fromEntries(Object.entries(record).map(([name, v]) => [name, String(v)]));
}
