/**
 * Where a stage keeps what its triggers could not start: one SQS queue for the events that
 * EventBridge rules and Scheduler schedules failed to deliver and the events a starter failed on,
 * kept 14 days, with an alarm as soon as one arrives. No trigger's event is dropped silently.
 */
import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IRule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * SQS allows a queue policy 8,192 bytes and 20 statements.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html
 */
const MAX_POLICY_BYTES = 8_192;
/** The TLS-only statement, and the allow statement around the rule ARNs, with room to spare. */
const POLICY_OVERHEAD_BYTES = 1_000;
/** The longest rule ARN but its bus name: partition, region, account, a generated 64-character name, quotes and comma. */
const RULE_ARN_BYTES = 'arn:aws-us-gov:events:ap-southeast-3:123456789012:rule//'.length + 64 + 3;

export interface TriggerDeadLetterQueueProps {
  /** The stage's alarm topic, notified when the first dead letter arrives. */
  readonly alarmTopic: ITopic;
  /** Whose queue it is, for the alarm description (`aethon dev`). */
  readonly owner: string;
  /**
   * What happens to the queue, and any event still in it, when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The dead-letter queue of every trigger of one stage. */
export class TriggerDeadLetterQueue extends Construct {
  readonly queue: Queue;
  /** In alarm while the queue holds a message. */
  readonly alarm: Alarm;
  private readonly ruleArns: string[] = [];
  private policyBytes = POLICY_OVERHEAD_BYTES;

  constructor(scope: Construct, id: string, props: TriggerDeadLetterQueueProps) {
    super(scope, id);
    // SQS-managed keys: the policy of the AWS managed KMS key for SQS cannot admit the
    // EventBridge service, and a customer managed key would need a key grant for every sender.
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.alarm = new Alarm(this, 'Alarm', {
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${props.owner}: a trigger could not start an execution; its event waits in the dead-letter queue (14 days)`,
    });
    this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
    this.node.addValidation({ validate: () => this.validatePolicySize() });
  }

  /**
   * The dead-letter queue for a target of `rule`, and EventBridge's permission to send to it on
   * behalf of this rule only.
   * @param busName the rule's event bus; its length counts towards the queue policy's size
   */
  forRule(rule: IRule, busName: string): IQueue {
    // One statement lists every rule: given the queue itself, CDK would add a statement per rule,
    // and SQS refuses a policy of more than 20, so a stage would stop deploying at 19 rules.
    if (this.ruleArns.length === 0) {
      this.queue.addToResourcePolicy(
        new PolicyStatement({
          sid: 'TriggerRulesOfThisStage',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [this.queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': Lazy.list({ produce: () => this.ruleArns }) } },
        }),
      );
    }
    this.ruleArns.push(rule.ruleArn);
    this.policyBytes += RULE_ARN_BYTES + busName.length;
    // A reference has no policy to add to, so CDK's own statement for the rule is left out.
    return Queue.fromQueueArn(rule, 'DeadLetterQueue', this.queue.queueArn);
  }

  private validatePolicySize(): string[] {
    if (this.policyBytes <= MAX_POLICY_BYTES) return [];
    return [
      `${this.ruleArns.length} EventBridge rules of this stage send what they cannot deliver to its dead-letter queue, and the queue policy ` +
        `that names them all could exceed the ${MAX_POLICY_BYTES} bytes SQS allows (up to about ${this.policyBytes} bytes). Deploy some of the ` +
        `workflows as another app: -c aethon:app=<name> -c aethon:workflows=<workflow,...>.`,
    ];
  }
}
