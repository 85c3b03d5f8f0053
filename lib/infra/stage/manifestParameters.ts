/**
 * The stage's manifest in SSM Parameter Store (format: lib/contracts/stageManifest.ts): a String parameter
 * per workflow, written in the workflow's own nested stack so that no template's count grows with
 * the stage, and one for the stage in the root stack.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import { ParameterDataType, ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import {
  MANIFEST_VERSION,
  PARAMETER_VALUE_LIMIT,
  stageParameterName,
  workflowManifestPath,
  workflowParameterName,
  type StageManifest,
  type WorkflowManifest,
} from '../../contracts/stageManifest.ts';
import type { StageResources } from '../StageResources.ts';
import type { Workflow } from '../Workflow.ts';

/** The longest an ARN part can be, to bound a manifest's size before any ARN is known. */
const LONGEST = { partition: 'aws-iso-b-xx', region: 'ap-southeast-77', account: '123456789012', id: 'a'.repeat(7) };

/** Where the Step Functions console shows a state machine. */
export function consoleUrlOf(stateMachineArn: string): string {
  return `https://${Aws.REGION}.console.aws.amazon.com/states/home?region=${Aws.REGION}#/statemachines/view/${stateMachineArn}`;
}

/** The ARNs and ids a workflow's manifest holds, real (tokens) or stand-ins of the longest length. */
interface WorkflowIds {
  readonly stateMachineArn: string;
  readonly starterFunctionArns: readonly string[];
  readonly appConfig?: { readonly applicationId: string; readonly environmentId: string; readonly profileId: string };
}

/** Publishes one workflow's ids; throws at synth when they could exceed a standard parameter. */
export function publishWorkflowManifest(scope: Construct, props: { readonly appName: string; readonly stage: string; readonly group: string; readonly workflow: Workflow }): StringParameter {
  const { workflow } = props;
  const name = workflow.workflowName;
  const manifestOf = (ids: WorkflowIds): WorkflowManifest => ({
    version: MANIFEST_VERSION,
    workflow: name,
    group: props.group,
    stateMachineArn: ids.stateMachineArn,
    consoleUrl: consoleUrlOf(ids.stateMachineArn),
    ...(ids.appConfig ? { appConfig: ids.appConfig } : {}),
    starterFunctionArns: ids.starterFunctionArns,
  });
  const configuration = workflow.configuration;
  const starters = workflow.triggers.starters;
  assertFitsParameter(name, JSON.stringify(manifestOf(longestIds(starters.length, Boolean(configuration)))).replaceAll(Aws.REGION, LONGEST.region).length);
  const value = manifestOf({
    stateMachineArn: workflow.stateMachine.stateMachineArn,
    starterFunctionArns: starters.map((starter) => starter.functionArn),
    ...(configuration
      ? { appConfig: { applicationId: configuration.application.applicationId, environmentId: configuration.environment.environmentId, profileId: configuration.profileId } }
      : {}),
  });
  return new StringParameter(scope, 'Manifest', {
    parameterName: workflowParameterName(props.appName, props.stage, name),
    description: `Aethon: ids of workflow ${name} (stage ${props.stage}) for the CLI`,
    stringValue: Stack.of(scope).toJsonString(value),
    tier: ParameterTier.STANDARD,
    dataType: ParameterDataType.TEXT,
  });
}

/** Publishes what the whole stage shares. */
export function publishStageManifest(scope: Construct, props: { readonly appName: string; readonly stage: string; readonly stackName: string; readonly shared: StageResources }): StringParameter {
  const { shared } = props;
  const value: StageManifest = {
    version: MANIFEST_VERSION,
    app: props.appName,
    stage: props.stage,
    stackName: props.stackName,
    idempotencyTableName: shared.idempotencyTable.tableName,
    alarmTopicArn: shared.alarmTopic.topicArn,
    deadLetterQueue: { url: shared.deadLetters.queue.queueUrl, arn: shared.deadLetters.queue.queueArn },
    appConfigStrategies: { normal: shared.normalStrategy.deploymentStrategyId, incident: shared.incidentStrategy.deploymentStrategyId },
    workflowsPath: workflowManifestPath(props.appName, props.stage),
  };
  return new StringParameter(scope, 'StageManifest', {
    parameterName: stageParameterName(props.appName, props.stage),
    description: `Aethon: ids of stage ${props.stage} of ${props.appName} for the CLI`,
    stringValue: Stack.of(scope).toJsonString(value),
    tier: ParameterTier.STANDARD,
    dataType: ParameterDataType.TEXT,
  });
}

/** Ids as long as CloudFormation's generated names allow: state machines 80 characters, functions 64. */
function longestIds(starters: number, withConfig: boolean): WorkflowIds {
  const { partition, region, account, id } = LONGEST;
  return {
    stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:${'s'.repeat(80)}`,
    starterFunctionArns: Array.from({ length: starters }, () => `arn:${partition}:lambda:${region}:${account}:function:${'f'.repeat(64)}`),
    ...(withConfig ? { appConfig: { applicationId: id, environmentId: id, profileId: id } } : {}),
  };
}

function assertFitsParameter(workflow: string, length: number): void {
  if (length > PARAMETER_VALUE_LIMIT) {
    throw new Error(
      `workflow '${workflow}': its manifest could reach ${length} characters, more than a standard SSM parameter holds (${PARAMETER_VALUE_LIMIT}); ` +
        'each event trigger with an idempotencyKey adds a starter function ARN: merge triggers that start it alike (one pattern can match several sources)',
    );
  }
}
