/**
 * The manifest a deployed stage publishes in SSM Parameter Store, for the CLI: one String
 * parameter per workflow and one for the stage. Free of CDK imports, so lib/ops reads exactly
 * what lib/infra writes (a contract: both sides may use lib/contracts).
 *
 * Why parameters and not stack outputs: CloudFormation allows 200 outputs per template, and one
 * output per workflow id put a ceiling of about 66 workflows on a stage. A standard parameter
 * holds 4 KB, enough for one workflow's ids but not for a whole stage, hence one per workflow.
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
 */

/** Bumped when a field changes meaning; readers refuse versions they do not know. */
export const MANIFEST_VERSION = 1;

/** A standard-tier parameter's value limit, in characters. */
export const PARAMETER_VALUE_LIMIT = 4096;

/** `/aethon/<app>/<stage>`: everything a stage publishes lives under it. */
export function stageManifestPath(appName: string, stage: string): string {
  return `/aethon/${appName}/${stage}`;
}

/** The folder of the per-workflow parameters: what GetParametersByPath lists. */
export function workflowManifestPath(appName: string, stage: string): string {
  return `${stageManifestPath(appName, stage)}/workflows`;
}

/** `/aethon/<app>/<stage>/workflows/<workflow>`. */
export function workflowParameterName(appName: string, stage: string, workflow: string): string {
  return `${workflowManifestPath(appName, stage)}/${workflow}`;
}

/** `/aethon/<app>/<stage>/stage`: outside workflows/, so listing the workflows never meets it. */
export function stageParameterName(appName: string, stage: string): string {
  return `${stageManifestPath(appName, stage)}/stage`;
}

/** The AppConfig ids of one workflow's configuration. */
export interface AppConfigIds {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly profileId: string;
}

/** The value of a workflow's parameter (JSON). */
export interface WorkflowManifest {
  readonly version: number;
  readonly workflow: string;
  /** The group (nested stack and AppConfig application) that holds it, e.g. `G07`. */
  readonly group: string;
  readonly stateMachineArn: string;
  readonly consoleUrl: string;
  /** Present when the workflow declares config. */
  readonly appConfig?: AppConfigIds;
  /** The starter functions of its event triggers with an idempotency key (replay targets). */
  readonly starterFunctionArns: readonly string[];
}

/** The value of the stage's parameter (JSON). */
export interface StageManifest {
  readonly version: number;
  readonly app: string;
  readonly stage: string;
  readonly stackName: string;
  readonly idempotencyTableName: string;
  readonly alarmTopicArn: string;
  readonly deadLetterQueue: { readonly url: string; readonly arn: string };
  /** Deployment strategy ids for `aethon config set` (normal) and incidents. */
  readonly appConfigStrategies: { readonly normal: string; readonly incident: string };
  /** Where the workflows' parameters are. */
  readonly workflowsPath: string;
}
