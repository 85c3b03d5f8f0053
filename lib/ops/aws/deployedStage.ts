/**
 * Where the CLI reads what a deployed stage has, per workflow: the SSM manifest (lib/infra
 * publishes a parameter per workflow), or the per-workflow outputs of a stage deployed by an
 * older aethon (`<Workflow>StateMachineArn` in cdk-outputs.json). The outputs file decides: one
 * that lists workflows is read as before; one that does not (or none at all) sends the CLI to
 * the manifest. When neither has the workflow, the error says how to redeploy.
 */
import type { AppConfigIds, StageManifest } from '../../contracts/stageManifest.ts';
import { stageParameterName, workflowParameterName } from '../../contracts/stageManifest.ts';
import { InvalidRequestError, OpsError } from '../errors.ts';
import { appNameOf, checkedStateMachineArn, outputPrefix, readStackOutputs, requireOutput, type StackOutputs, type StackOutputsQuery } from './stackOutputs.ts';
import { readStageManifest, readWorkflowManifest, type ManifestLocation, type Ssm } from './stageManifest.ts';

/** What the CLI needs of one deployed workflow. */
export interface DeployedWorkflow {
  readonly name: string;
  readonly stateMachineArn: string;
  /** Absent when the workflow declares no config. */
  readonly appConfig?: AppConfigIds;
  readonly starterFunctionArns: readonly string[];
  /** Where it was read, for messages. */
  readonly source: string;
}

/** Where to look, and how to reach SSM when the outputs file does not list the workflows. */
export interface DeployedStageQuery extends StackOutputsQuery {
  /** Creates the SSM client, only when the manifest must be read. */
  readonly ssm: (region: string | undefined) => Ssm;
  /** --region; else the region of the stage's outputs; else the SDK's default. */
  readonly region?: string;
}

/** Where a stage's per-workflow ids come from. */
export type StageSource =
  | { readonly kind: 'outputs'; readonly outputs: StackOutputs }
  | { readonly kind: 'manifest'; readonly ssm: Ssm; readonly location: ManifestLocation; readonly region?: string; readonly outputs?: StackOutputs };

/** An outputs file of an older deploy names each workflow's state machine; today's names none. */
export function listsWorkflows(outputs: StackOutputs | undefined): outputs is StackOutputs {
  return Object.keys(outputs?.values ?? {}).some((key) => key.endsWith('StateMachineArn'));
}

/** Decides between the outputs file and the manifest; reads the outputs file (not SSM). */
export function stageSourceOf(query: DeployedStageQuery): StageSource {
  return stageSourceFrom(query, readStackOutputs(query));
}

/** The same, with the outputs already read (or none, when there is no file). */
export function stageSourceFrom(query: DeployedStageQuery, outputs: StackOutputs | undefined): StageSource {
  if (listsWorkflows(outputs)) return { kind: 'outputs', outputs };
  const region = query.region ?? regionOfOutputs(outputs);
  const location = { appName: query.appName ?? appNameOf(query.projectRoot), stage: query.stage };
  return { kind: 'manifest', ssm: query.ssm(region), location, ...(region ? { region } : {}), ...(outputs ? { outputs } : {}) };
}

/**
 * One deployed workflow, from the outputs of an older deploy or from its manifest parameter.
 * @param flagHint the flag that gives the ids instead, for the error message
 * @throws InvalidRequestError naming both places it looked and how to redeploy
 */
export async function readDeployedWorkflow(source: StageSource, workflow: string, flagHint: string): Promise<DeployedWorkflow> {
  if (source.kind === 'outputs') return workflowFromOutputs(source.outputs, workflow, flagHint);
  const manifest = await readWorkflowManifest(source.ssm, source.location, workflow);
  if (manifest) {
    return {
      name: manifest.workflow,
      stateMachineArn: manifest.stateMachineArn,
      ...(manifest.appConfig ? { appConfig: manifest.appConfig } : {}),
      starterFunctionArns: manifest.starterFunctionArns,
      source: `SSM parameter ${workflowParameterName(source.location.appName, source.location.stage, workflow)}`,
    };
  }
  throw new InvalidRequestError(notDeployedMessage(source, workflow, flagHint));
}

/** The state machine of a workflow: --state-machine-arn, else the outputs or the manifest. */
export async function stateMachineArnFor(query: DeployedStageQuery & { readonly workflow: string; readonly stateMachineArn?: string }): Promise<string> {
  if (query.stateMachineArn) return checkedStateMachineArn(query.stateMachineArn);
  return (await readDeployedWorkflow(stageSourceOf(query), query.workflow, '--state-machine-arn <arn>')).stateMachineArn;
}

/** A deployment strategy id of the stage: the root output (kept for every deploy), else the stage's manifest. */
export async function strategyIdFor(source: StageSource, strategy: 'normal' | 'incident'): Promise<string> {
  const key = strategy === 'incident' ? 'AppConfigIncidentStrategyId' : 'AppConfigNormalStrategyId';
  const fromOutputs = source.outputs?.values[key];
  if (fromOutputs) return fromOutputs;
  if (source.kind === 'manifest') {
    const stage = await readStageManifest(source.ssm, source.location);
    if (stage) return stage.appConfigStrategies[strategy];
  }
  return requireOutput(source.outputs, key, '--strategy <deployment strategy id>');
}

/** Stage-level outputs that the stage's manifest holds too. */
const STAGE_VALUES = {
  IdempotencyTableName: (stage: StageManifest) => stage.idempotencyTableName,
  TriggerDeadLetterQueueUrl: (stage: StageManifest) => stage.deadLetterQueue.url,
} as const;

/**
 * A stage-level id: its root output (every deploy writes those), else the stage's manifest in
 * SSM, so a clone without cdk-outputs.json still finds it.
 * @throws InvalidRequestError when neither has it, saying how to deploy or which flag to pass
 */
export async function stageValueFor(query: DeployedStageQuery, key: keyof typeof STAGE_VALUES, flagHint: string): Promise<string> {
  const outputs = readStackOutputs(query);
  const value = outputs?.values[key];
  if (value) return value;
  const source = stageSourceFrom(query, outputs);
  if (source.kind === 'manifest') {
    const stage = await readStageManifest(source.ssm, source.location);
    if (stage) return STAGE_VALUES[key](stage);
  }
  try {
    return requireOutput(outputs, key, flagHint);
  } catch (error) {
    if (!(error instanceof OpsError) || source.kind !== 'manifest') throw error;
    const parameter = stageParameterName(source.location.appName, source.location.stage);
    throw new InvalidRequestError(`${error.message} Nor does SSM hold the stage's manifest (${parameter}${source.region ? ` in ${source.region}` : ''}), which 'cdk deploy' of this aethon writes.`, { cause: error });
  }
}

function workflowFromOutputs(outputs: StackOutputs, workflow: string, flagHint: string): DeployedWorkflow {
  const prefix = outputPrefix(workflow);
  const stateMachineArn = requireOutput(outputs, `${prefix}StateMachineArn`, flagHint);
  const { AppConfigApplicationId: applicationId, AppConfigEnvironmentId: environmentId } = outputs.values;
  const profileId = outputs.values[`${prefix}ConfigProfileId`];
  return {
    name: workflow,
    stateMachineArn,
    ...(applicationId && environmentId && profileId ? { appConfig: { applicationId, environmentId, profileId } } : {}),
    starterFunctionArns: [],
    source: `stack ${outputs.stackName} in ${outputs.source}`,
  };
}

function notDeployedMessage(source: Extract<StageSource, { kind: 'manifest' }>, workflow: string, flagHint: string): string {
  const { appName, stage } = source.location;
  const parameter = workflowParameterName(appName, stage, workflow);
  const outputs = source.outputs ? `${source.outputs.source} lists no workflows for ${source.outputs.stackName}` : 'there is no cdk-outputs.json';
  return (
    `workflow ${workflow} is not deployed in stage ${stage}, as far as aethon can tell: ${outputs}, and SSM has no parameter ${parameter}` +
    `${source.region ? ` in ${source.region}` : ''}. Deploy the stage with 'npx cdk deploy -c stage=${stage} --outputs-file cdk-outputs.json' ` +
    `(a stage deployed by an older aethon publishes no manifest until it is redeployed; check --region and AWS_PROFILE too), or pass ${flagHint}.`
  );
}

/** The region of an ARN among the stage's outputs (every output ARN is in the stage's region). */
function regionOfOutputs(outputs: StackOutputs | undefined): string | undefined {
  for (const value of Object.values(outputs?.values ?? {})) {
    const [prefix, , , region] = value.split(':');
    if (prefix === 'arn' && region) return region;
  }
  return undefined;
}
