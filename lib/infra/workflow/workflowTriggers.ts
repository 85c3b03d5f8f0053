/**
 * What starts a workflow: EventBridge rules with the spec's patterns (through the starter where an
 * idempotency key is declared) and EventBridge Scheduler schedules with their time zones. Whatever
 * one of them cannot start ends in the stage's trigger dead-letter queue.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ArnFormat, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { EventBus, Rule, RuleTargetInput, type EventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { EventTriggerSpec, ScheduleTriggerSpec } from '../../spec/index.ts';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { StarterEnv } from '../starter/env.ts';
import type { TriggerDeadLetterQueue } from '../TriggerDeadLetterQueue.ts';
import { NodeFunction } from './nodeFunction.ts';

const STARTER_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', 'starter', 'handler.ts');
/** Top-level fields of an EventBridge pattern, as the spec writes them -> as EventPattern names them. */
const PATTERN_FIELDS: Readonly<Record<string, keyof EventPattern>> = {
  version: 'version',
  id: 'id',
  'detail-type': 'detailType',
  source: 'source',
  account: 'account',
  time: 'time',
  region: 'region',
  resources: 'resources',
  detail: 'detail',
};
/** How often EventBridge and Scheduler retry a target that fails before dead-lettering the event. */
const TARGET_RETRY_ATTEMPTS = 8;

export interface WorkflowTriggersProps {
  readonly workflow: CompiledWorkflow;
  readonly stateMachine: StateMachine;
  readonly projectRoot: string;
  readonly logRetention: RetentionDays;
  /** The stage's queue for events that a rule, schedule or starter could not start an execution for. */
  readonly deadLetters: TriggerDeadLetterQueue;
}

/** The rules, schedules and starter functions of one workflow. */
export class WorkflowTriggers extends Construct {
  readonly rules: Rule[] = [];
  readonly schedules: Schedule[] = [];
  /** Starter functions, one per event trigger with an idempotency key. */
  readonly starters: NodejsFunction[] = [];

  constructor(scope: Construct, id: string, props: WorkflowTriggersProps) {
    super(scope, id);
    (props.workflow.spec.triggers ?? []).forEach((trigger, index) => {
      if ('event' in trigger) this.addEventTrigger(`Event${index}`, trigger.event, props);
      else this.addSchedule(`Schedule${index}`, trigger.schedule, props);
    });
  }

  private addEventTrigger(id: string, event: EventTriggerSpec['event'], props: WorkflowTriggersProps): void {
    const { workflow, stateMachine } = props;
    const rule = new Rule(this, id, {
      description: `Starts ${workflow.name}`,
      eventPattern: toEventPattern(event.pattern, workflow.name),
      ...(event.bus === 'default' ? {} : { eventBus: EventBus.fromEventBusName(this, `${id}Bus`, event.bus) }),
    });
    this.rules.push(rule);
    const deadLetterQueue = props.deadLetters.forRule(rule, event.bus);
    // Express executions are not deduplicated by name, so the spec refuses a key on an Express
    // workflow (idempotency-key-on-express); the type check only keeps a hand-built spec safe.
    if (event.idempotencyKey && workflow.type === 'standard') {
      const starter = this.createStarter(id, event.input, event.idempotencyKey, props);
      rule.addTarget(new LambdaFunction(starter, { retryAttempts: TARGET_RETRY_ATTEMPTS, maxEventAge: Duration.hours(2), deadLetterQueue }));
    } else {
      rule.addTarget(new SfnStateMachine(stateMachine, { input: RuleTargetInput.fromEventPath(event.input), retryAttempts: TARGET_RETRY_ATTEMPTS, deadLetterQueue }));
    }
  }

  private createStarter(id: string, inputPath: string, keyPath: string, props: WorkflowTriggersProps): NodejsFunction {
    const { function: starter, role } = new NodeFunction(this, `${id}Starter`, {
      entry: STARTER_ENTRY,
      exportName: 'handler',
      projectRoot: props.projectRoot,
      memoryMb: 256,
      timeout: Duration.seconds(30),
      description: `${props.workflow.name}: starts one execution per ${keyPath}`,
      environment: {
        [StarterEnv.STATE_MACHINE_ARN]: props.stateMachine.stateMachineArn,
        [StarterEnv.WORKFLOW]: props.workflow.name,
        [StarterEnv.INPUT_PATH]: inputPath,
        [StarterEnv.KEY_PATH]: keyPath,
      },
      logRetention: props.logRetention,
    });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [props.stateMachine.stateMachineArn] }));
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['states:DescribeExecution'],
        resources: [
          Stack.of(this).formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `${props.stateMachine.stateMachineName}:*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    // EventBridge's dead-letter queue only sees events it could not hand to Lambda; once Lambda
    // accepted one, a failure of the starter ends here. An on-failure destination rather than the
    // function's dead-letter queue: its record holds the original event (requestPayload) and also
    // why it failed (errorType such as Aethon.IdempotencyConflict, attempts), where a dead-letter
    // queue keeps the event alone. Two retries (Lambda's maximum) for a throttled StartExecution;
    // a conflict or a missing key fails the same way each time.
    starter.configureAsyncInvoke({
      onFailure: props.deadLetters.forStarter(starter),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.starters.push(starter);
    return starter;
  }

  private addSchedule(id: string, schedule: ScheduleTriggerSpec['schedule'], props: WorkflowTriggersProps): void {
    this.schedules.push(
      new Schedule(this, id, {
        description: `Starts ${props.workflow.name} on ${schedule.expression} (${schedule.timezone})`,
        schedule: ScheduleExpression.expression(schedule.expression, TimeZone.of(schedule.timezone)),
        target: new StepFunctionsStartExecution(props.stateMachine, {
          input: ScheduleTargetInput.fromObject(schedule.input ?? {}),
          retryAttempts: TARGET_RETRY_ATTEMPTS,
          deadLetterQueue: props.deadLetters.forSchedule(),
        }),
      }),
    );
  }
}

/** The spec writes patterns as EventBridge does (`detail-type`); the L2 wants camelCase fields. */
export function toEventPattern(pattern: Record<string, unknown>, workflow: string): EventPattern {
  const result: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(pattern)) {
    const name = PATTERN_FIELDS[field];
    if (!name) throw new Error(`workflow '${workflow}': '${field}' is not an EventBridge pattern field (use one of ${Object.keys(PATTERN_FIELDS).join(', ')})`);
    result[name] = value;
  }
  return result as EventPattern;
}
