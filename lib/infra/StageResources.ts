/**
 * What every workflow of one stage shares: the idempotency table, the AppConfig deployment
 * strategies, the topic that alarms notify, and the dead-letter queue of every trigger. The
 * AppConfig applications and environments belong to the stage's groups (WorkflowGroup): an
 * application holds at most 100 profiles.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { DeploymentStrategy, RolloutStrategy } from 'aws-cdk-lib/aws-appconfig';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ConfigInForceFunction } from './config/ConfigInForceFunction.ts';
import { acknowledgeTriggerDeadLetterQueue } from './nag.ts';
import { TriggerDeadLetterQueue } from './TriggerDeadLetterQueue.ts';

/** Attribute names that Powertools Idempotency uses by default; the runtime relies on them. */
export const IDEMPOTENCY_PARTITION_KEY = 'id';
export const IDEMPOTENCY_TTL_ATTRIBUTE = 'expiration';

export interface StageResourcesProps {
  /** The application's name, for descriptions. */
  readonly appName: string;
  /** The stage (dev, prod, ...). */
  readonly stage: string;
  /**
   * What happens to the idempotency table when the stack is deleted.
   * @default RemovalPolicy.RETAIN, so deleting a stack never forgets which side effects already ran
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /**
   * What happens to the trigger dead-letter queue, and the events still in it, when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly deadLetterRemovalPolicy?: RemovalPolicy;
}

/** The per-stage resources that workflows share. */
export class StageResources extends Construct {
  /** Idempotency records of every function that declares idempotency. */
  readonly idempotencyTable: Table;
  /** For `aethon config set`: a gradual rollout with a bake. */
  readonly normalStrategy: DeploymentStrategy;
  /**
   * For the deployments CloudFormation makes of the spec defaults: all at once, no bake. They are
   * chained (one deployment per environment at a time) and CloudFormation waits for each, so any
   * bake here would be paid once per workflow on every deploy that changes defaults.
   */
  readonly stackStrategy: DeploymentStrategy;
  /** All at once with a short bake: for flipping a freeze or a rate during an incident. */
  readonly incidentStrategy: DeploymentStrategy;
  /** Alarm notifications; subscribe to it after deploying. */
  readonly alarmTopic: Topic;
  /** What rules, schedules and starters could not start, for every workflow of the stage. */
  readonly deadLetters: TriggerDeadLetterQueue;
  /** At deploy, merges each workflow's configuration in force with its workflow file (one per stage). */
  readonly configInForce: ConfigInForceFunction;

  constructor(scope: Construct, id: string, props: StageResourcesProps) {
    super(scope, id);

    this.idempotencyTable = new Table(this, 'IdempotencyTable', {
      partitionKey: { name: IDEMPOTENCY_PARTITION_KEY, type: AttributeType.STRING },
      timeToLiveAttribute: IDEMPOTENCY_TTL_ATTRIBUTE,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // Strategies are shared by every group (an account holds 20 by default). Short on purpose: gradual rollouts buy little for settings that a handful of functions
    // read, and a deployment in progress holds back every other one to the environment.
    this.normalStrategy = new DeploymentStrategy(this, 'NormalStrategy', {
      rolloutStrategy: RolloutStrategy.linear({
        growthFactor: 50,
        deploymentDuration: Duration.minutes(1),
        finalBakeTime: Duration.minutes(2),
      }),
      description: 'Aethon: half the targets, then all, then a two-minute bake',
    });
    this.incidentStrategy = new DeploymentStrategy(this, 'IncidentStrategy', {
      rolloutStrategy: RolloutStrategy.linear({
        growthFactor: 100,
        deploymentDuration: Duration.minutes(0),
        finalBakeTime: Duration.minutes(1),
      }),
      description: 'Aethon incident changes: all at once, one-minute bake',
    });

    this.stackStrategy = new DeploymentStrategy(this, 'StackStrategy', {
      rolloutStrategy: RolloutStrategy.linear({
        growthFactor: 100,
        deploymentDuration: Duration.minutes(0),
        finalBakeTime: Duration.minutes(0),
      }),
      description: 'Aethon: spec defaults deployed by CloudFormation, all at once',
    });

    // CloudWatch alarms can publish to an encrypted topic only through a customer managed key
    // whose policy lets CloudWatch use it; the AWS managed SNS key cannot be shared so.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: `Encrypts ${props.appName} ${props.stage} alarm notifications`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `${props.appName} ${props.stage} workflow alarms`,
      masterKey: topicKey,
      enforceSSL: true,
    });

    this.deadLetters = new TriggerDeadLetterQueue(this, 'TriggerDeadLetters', {
      alarmTopic: this.alarmTopic,
      owner: `${props.appName} ${props.stage}`,
      ...(props.deadLetterRemovalPolicy ? { removalPolicy: props.deadLetterRemovalPolicy } : {}),
    });
    acknowledgeTriggerDeadLetterQueue(this.deadLetters.queue);
    this.configInForce = new ConfigInForceFunction(this, 'ConfigInForce', { owner: `${props.appName} ${props.stage}` });
  }
}
