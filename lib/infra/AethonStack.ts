/**
 * One stack per stage: the stage's shared resources and every workflow's AppConfig profile in
 * the root, and each workflow's Workflow construct in a nested stack of its own.
 */
import { CfnOutput, NestedStack, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { CompiledWorkflow } from '../compile/index.ts';
import { StageResources } from './StageResources.ts';
import { Workflow } from './Workflow.ts';
import { ConfigurationProfile } from './workflow/configurationProfile.ts';
import { outputPrefix } from './names.ts';

export interface AethonStackProps extends StackProps {
  /** The compiled workflows to deploy, one Workflow construct each. */
  readonly workflows: readonly CompiledWorkflow[];
  /** The stage (dev, prod, ...). */
  readonly stage: string;
  /**
   * Prefixes the stack and the AppConfig application (`${appName}-${stage}`).
   * @default 'aethon'
   */
  readonly appName?: string;
  /** Handler files are relative to it; it holds package-lock.json. */
  readonly projectRoot: string;
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
  readonly workflows = new Map<string, Workflow>();
  /** The nested stack of each workflow, by workflow name. */
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
    for (const workflow of props.workflows) {
      // Profiles stay in this template: AppConfig deployments into the one environment must run
      // one after another, and a chain across nested stacks would serialize whole workflows.
      const configuration = workflow.config
        ? new ConfigurationProfile(this, `${workflow.name}-Config`, {
            workflowName: workflow.name,
            schema: workflow.config.schema,
            defaults: workflow.config.defaults,
            application: this.shared.application,
            environment: this.shared.environment,
            deploymentStrategy: this.shared.stackStrategy,
          })
        : undefined;
      // A workflow of ten steps is about 70 resources; nesting keeps every stage far from
      // CloudFormation's 500 resources per stack, however many workflows it holds.
      const nested = new NestedStack(this, workflow.name, { description: `Aethon workflow ${workflow.name} (stage ${props.stage})` });
      const deployed = new Workflow(nested, 'Workflow', {
        workflow,
        shared: this.shared,
        stage: props.stage,
        projectRoot: props.projectRoot,
        createSecrets,
        ...(configuration ? { configuration } : {}),
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
        ...(props.logLevel ? { logLevel: props.logLevel } : {}),
        ...(props.environment ? { environment: props.environment } : {}),
      });
      this.workflows.set(workflow.name, deployed);
      this.workflowStacks.set(workflow.name, nested);
      this.addWorkflowOutputs(workflow.name, deployed);
    }
    this.output('AppConfigApplicationId', this.shared.application.applicationId, 'AppConfig application id');
    this.output('AppConfigEnvironmentId', this.shared.environment.environmentId, `AppConfig environment id of stage ${props.stage}`);
    this.output('AppConfigNormalStrategyId', this.shared.normalStrategy.deploymentStrategyId, 'AppConfig deployment strategy for normal changes');
    this.output('AppConfigIncidentStrategyId', this.shared.incidentStrategy.deploymentStrategyId, 'AppConfig deployment strategy for incident changes');
    this.output('IdempotencyTableName', this.shared.idempotencyTable.tableName, 'DynamoDB table of idempotency records');
    this.output('AlarmTopicArn', this.shared.alarmTopic.topicArn, 'SNS topic of workflow alarms; subscribe to it');
    this.output('TriggerDeadLetterQueueUrl', this.shared.deadLetters.queue.queueUrl, 'SQS queue of the events that no trigger could start an execution for');
    this.output('TriggerDeadLetterQueueArn', this.shared.deadLetters.queue.queueArn, 'ARN of the trigger dead-letter queue');
  }

  private addWorkflowOutputs(name: string, workflow: Workflow): void {
    const prefix = outputPrefix(name);
    const arn = workflow.stateMachine.stateMachineArn;
    this.output(`${prefix}StateMachineArn`, arn, `${name}: state machine ARN`);
    this.output(
      `${prefix}ConsoleUrl`,
      `https://${this.region}.console.aws.amazon.com/states/home?region=${this.region}#/statemachines/view/${arn}`,
      `${name}: the state machine in the Step Functions console`,
    );
    if (workflow.configuration) this.output(`${prefix}ConfigProfileId`, workflow.configuration.profileId, `${name}: AppConfig configuration profile id`);
  }

  /** Fixed output keys, so the CLI finds them without knowing the construct tree. */
  private output(key: string, value: string, description: string): void {
    new CfnOutput(this, `Output${key}`, { value, description }).overrideLogicalId(key);
  }
}

export { outputPrefix } from './names.ts';
