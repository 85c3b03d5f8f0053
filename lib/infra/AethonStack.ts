/**
 * One stack per stage, in two levels: the root holds what the stage shares (StageResources), its
 * manifest parameter and one nested stack per group of workflows (WorkflowGroup); each group holds
 * its AppConfig application and a nested stack per workflow. No template grows with the stage
 * beyond a group's size, so a stage of hundreds of workflows deploys (see WorkflowGroup).
 */
import { CfnOutput, RemovalPolicy, Stack, type NestedStack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { CompiledWorkflow } from '../compile/index.ts';
import { stageManifestPath } from '../contracts/stageManifest.ts';
import { publishStageManifest } from './stage/manifestParameters.ts';
import { assignWorkflowGroups, DEFAULT_WORKFLOW_GROUPS } from './stage/workflowGroups.ts';
import { StageResources } from './StageResources.ts';
import type { Workflow } from './Workflow.ts';
import { WorkflowGroup } from './WorkflowGroup.ts';

export interface AethonStackProps extends StackProps {
  /** The compiled workflows to deploy, one Workflow construct each. */
  readonly workflows: readonly CompiledWorkflow[];
  /** The stage (dev, prod, ...). */
  readonly stage: string;
  /**
   * Prefixes the stack, the AppConfig applications (`${appName}-${stage}-G07`) and the manifest
   * parameters (`/aethon/${appName}/${stage}/...`).
   * @default 'aethon'
   */
  readonly appName?: string;
  /** Handler files are relative to it; it holds package-lock.json. */
  readonly projectRoot: string;
  /**
   * How many groups the workflows are spread over, by a hash of their names (at most 100 each).
   * Changing it moves most workflows to other groups, which needs them deleted first (their
   * fixed names would collide): choose it once, before the first deploy.
   * @default 20 (DEFAULT_WORKFLOW_GROUPS)
   */
  readonly workflowGroups?: number;
  /**
   * Secrets Manager names to create rather than reference.
   * @default - none
   */
  readonly createSecrets?: readonly string[];
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default - none */
  readonly environment?: Readonly<Record<string, string>>;
}

/** A stage of an Aethon app. */
export class AethonStack extends Stack {
  readonly shared: StageResources;
  /** The nested stack of each group, by group id (`G07`). */
  readonly groups = new Map<string, WorkflowGroup>();
  readonly workflows = new Map<string, Workflow>();
  /** The nested stack of each workflow (inside its group's), by workflow name. */
  readonly workflowStacks = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: AethonStackProps) {
    super(scope, id, { description: `Aethon workflows (${props.appName ?? 'aethon'}, stage ${props.stage})`, ...props });
    const appName = props.appName ?? 'aethon';
    // Outside prod, a deleted stack takes its records and dead letters along; in prod they outlive it.
    const removalPolicy = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.shared = new StageResources(this, 'Stage', {
      appName,
      stage: props.stage,
      tableRemovalPolicy: removalPolicy,
      deadLetterRemovalPolicy: removalPolicy,
    });
    const createSecrets = new Set(props.createSecrets ?? []);
    const byName = new Map(props.workflows.map((workflow) => [workflow.name, workflow]));
    for (const [groupId, names] of assignWorkflowGroups([...byName.keys()], props.workflowGroups ?? DEFAULT_WORKFLOW_GROUPS)) {
      const group = new WorkflowGroup(this, groupId, {
        groupId,
        workflows: names.map((name) => byName.get(name)!),
        appName,
        stage: props.stage,
        shared: this.shared,
        projectRoot: props.projectRoot,
        createSecrets,
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
        ...(props.logLevel ? { logLevel: props.logLevel } : {}),
        ...(props.environment ? { environment: props.environment } : {}),
      });
      this.groups.set(groupId, group);
      for (const [name, workflow] of group.workflows) this.workflows.set(name, workflow);
      for (const [name, nested] of group.workflowStacks) this.workflowStacks.set(name, nested);
    }
    publishStageManifest(this, { appName, stage: props.stage, stackName: this.stackName, shared: this.shared });
    // Stage-level outputs only, so `cdk deploy --outputs-file` keeps working for them; what each
    // workflow has is in the manifest (one output per workflow capped a stage at ~66 workflows).
    this.output('WorkflowManifestPath', stageManifestPath(appName, props.stage), 'SSM Parameter Store path of the manifest (stage and workflow ids) that the aethon CLI reads');
    this.output('AppConfigNormalStrategyId', this.shared.normalStrategy.deploymentStrategyId, 'AppConfig deployment strategy for normal changes');
    this.output('AppConfigIncidentStrategyId', this.shared.incidentStrategy.deploymentStrategyId, 'AppConfig deployment strategy for incident changes');
    this.output('IdempotencyTableName', this.shared.idempotencyTable.tableName, 'DynamoDB table of idempotency records');
    this.output('AlarmTopicArn', this.shared.alarmTopic.topicArn, 'SNS topic of workflow alarms; subscribe to it');
    this.output('TriggerDeadLetterQueueUrl', this.shared.deadLetters.queue.queueUrl, 'SQS queue of the events that no trigger could start an execution for');
    this.output('TriggerDeadLetterQueueArn', this.shared.deadLetters.queue.queueArn, 'ARN of the trigger dead-letter queue');
  }

  /** Fixed output keys, so the CLI finds them without knowing the construct tree. */
  private output(key: string, value: string, description: string): void {
    new CfnOutput(this, `Output${key}`, { value, description }).overrideLogicalId(key);
  }
}

export { outputPrefix } from '../contracts/stackNames.ts';
