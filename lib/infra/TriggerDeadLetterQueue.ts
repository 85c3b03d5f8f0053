/**
 * Where a stage keeps what its triggers could not start: one SQS queue for the events that
 * EventBridge rules and Scheduler schedules failed to deliver and the events a starter failed on,
 * kept 14 days. Alarms fire when one arrives, when one is a week old (it expires at 14 days), and
 * when a dead letter could not even be sent here. No trigger's event is dropped silently.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IRule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);
/** SQS's largest message: a starter's failure record wraps an event of up to 256 KiB. */
const MAX_MESSAGE_BYTES = 1_048_576;
const RETENTION = Duration.days(14);
/** Half the retention: time enough to fix the cause and replay before messages expire. */
const OLDEST_MESSAGE_ALARM = Duration.days(7);

export interface TriggerDeadLetterQueueProps {
  /** The stage's alarm topic. */
  readonly alarmTopic: ITopic;
  /** Whose queue it is, for the alarm descriptions (`aethon dev`). */
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
  /** Every alarm about this stage's dead letters (depth, age, failed deliveries to the queue). */
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;
  private readonly owner: string;
  private scheduleAlarms = false;

  constructor(scope: Construct, id: string, props: TriggerDeadLetterQueueProps) {
    super(scope, id);
    this.owner = props.owner;
    this.action = new SnsAction(props.alarmTopic);
    // SQS-managed keys: the policy of the AWS managed KMS key for SQS cannot admit the
    // EventBridge service, and a customer managed key would need a key grant for every sender.
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: RETENTION,
      maxMessageSizeBytes: MAX_MESSAGE_BYTES,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // One statement for every rule of this account and region. Naming each rule would not scale:
    // SQS allows a queue policy 20 statements, 10 conditions and 8 KiB, so a stage would stop
    // deploying at a dozen rules or so. What the wildcard admits is any EventBridge rule of this
    // account writing failures here, which only someone who may create rules could arrange.
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeRulesOfThisAccount',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/*` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
    this.alarm = this.addAlarm(
      this,
      'Alarm',
      this.queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      0,
      'a trigger could not start an execution; its event waits in the dead-letter queue (aethon dead-letters)',
    );
    this.addAlarm(
      this,
      'OldestMessageAlarm',
      this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.hours(1), statistic: 'Maximum' }),
      OLDEST_MESSAGE_ALARM.toSeconds() - 1,
      `a dead letter is ${OLDEST_MESSAGE_ALARM.toDays()} days old and expires at ${RETENTION.toDays()}; replay it (aethon dead-letters replay) or save it`,
    );
  }

  /**
   * The dead-letter queue for a target of `rule`, and an alarm for events EventBridge could not
   * even put in it (permissions, size).
   * @param busName the rule's event bus (`default` for the default bus)
   */
  forRule(rule: IRule, busName: string): IQueue {
    const dimensionsMap: Record<string, string> = busName === 'default' ? { RuleName: rule.ruleName } : { EventBusName: busName, RuleName: rule.ruleName };
    this.addAlarm(
      rule,
      'DeadLetterDeliveryFailed',
      new Metric({ namespace: 'AWS/Events', metricName: 'InvocationsFailedToBeSentToDlq', dimensionsMap, period: PERIOD, statistic: 'Sum' }),
      0,
      'EventBridge could not deliver an event to its target nor to the dead-letter queue: the event is lost; see the rule',
    );
    // A reference, not the queue itself: given the queue, CDK would add a policy statement per rule.
    return Queue.fromQueueArn(rule, 'DeadLetterQueue', this.queue.queueArn);
  }

  /** The on-failure destination of a starter function, and an alarm for records it could not deliver. */
  forStarter(starter: IFunction): IDestination {
    this.addAlarm(
      starter,
      'DeadLetterDeliveryFailed',
      starter.metric('DestinationDeliveryFailures', { period: PERIOD, statistic: 'Sum' }),
      0,
      'Lambda could not deliver a failed starter invocation to the dead-letter queue: the event is lost; see the function',
    );
    return new SqsDestination(this.queue);
  }

  /**
   * The dead-letter queue of a schedule; the first schedule adds the stage's alarms on Scheduler
   * dead letters that could not be sent, and invocations Scheduler dropped (metrics of the
   * default schedule group, where the schedules live).
   */
  forSchedule(): IQueue {
    if (!this.scheduleAlarms) {
      this.scheduleAlarms = true;
      const metric = (metricName: string): IMetric =>
        new Metric({ namespace: 'AWS/Scheduler', metricName, dimensionsMap: { ScheduleGroup: 'default' }, period: PERIOD, statistic: 'Sum' });
      this.addAlarm(this, 'ScheduleDeadLetterFailed', metric('InvocationsFailedToBeSentToDeadLetterCount'), 0, 'Scheduler could not deliver a schedule to its target nor to the dead-letter queue');
      this.addAlarm(this, 'ScheduleDropped', metric('InvocationDroppedCount'), 0, 'Scheduler dropped a schedule invocation');
    }
    return this.queue;
  }

  private addAlarm(scope: Construct, id: string, metric: IMetric, threshold: number, what: string): Alarm {
    const alarm = new Alarm(scope, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${this.owner}: ${what}`,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
