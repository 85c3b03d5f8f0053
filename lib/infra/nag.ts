/**
 * cdk-nag AwsSolutions on every synth (the v3 Validations plugin), and the few acknowledgements
 * that Aethon's design justifies, each on the narrowest construct it applies to.
 */
import { CfnResource, Stack, Validations, type App } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** cdk-nag reports AwsSolutions findings under this namespace. */
const NAMESPACE = 'AwsSolutions::';

/** Runs the AwsSolutions pack over every stack of the app when it synthesizes. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Active tracing on a Lambda function adds `xray:PutTraceSegments` and `xray:PutTelemetryRecords`
 * on `*` to its role.
 */
export function acknowledgeFunctionTracing(role: IRole): void {
  Validations.of(role).acknowledge({
    id: `${NAMESPACE}AwsSolutions-IAM5[Resource::*]`,
    reason:
      'The only statement on "*" is the X-Ray trace upload (xray:PutTraceSegments, xray:PutTelemetryRecords) that active tracing adds: ' +
      'X-Ray defines no resource types for these actions, so "*" is the only valid resource. Data access (table, secrets, ' +
      'AppConfig profile, log group) is scoped to exact ARNs; test/unit/infra/leastPrivilege.test.ts fails if any other action gets "*".',
  });
}

/** The role of a state machine that logs to CloudWatch Logs and traces with X-Ray. */
export function acknowledgeStateMachineLogging(stateMachine: StateMachine): void {
  Validations.of(stateMachine.role).acknowledge({
    id: `${NAMESPACE}AwsSolutions-IAM5[Resource::*]`,
    reason:
      'Step Functions logging to CloudWatch Logs goes through vended log delivery (logs:CreateLogDelivery, GetLogDelivery, ' +
      'UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups), ' +
      'which AWS documents as requiring Resource "*" because these APIs support no resource-level permissions; the X-Ray ' +
      'statement is likewise resource-less. lambda:InvokeFunction is limited to the workflow\'s own function ARNs, unqualified.',
  });
}

/** A starter reads back an execution whose name it derived from the event's idempotency key. */
export function acknowledgeStarterDescribe(role: IRole, stateMachine: StateMachine): void {
  const logicalId = Stack.of(stateMachine).resolve((stateMachine.node.defaultChild as CfnResource).logicalId) as string;
  Validations.of(role).acknowledge({
    id: `${NAMESPACE}AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${logicalId}.Name>:*]`,
    reason:
      'Execution names are derived at run time from each event\'s idempotency key, so no fixed ARN exists; the grant is ' +
      'read-only (states:DescribeExecution) and limited to executions of this one state machine, used only to tell a ' +
      'duplicate event (same input) from a conflicting one after ExecutionAlreadyExists.',
  });
}

/** A secret Aethon creates holds a credential that a third party issues. */
export function acknowledgeUnrotatedSecret(secret: IConstruct): void {
  Validations.of(secret).acknowledge({
    id: `${NAMESPACE}AwsSolutions-SMG4`,
    reason:
      'The secrets a workflow declares hold API keys issued by outside services (payment, email, partner APIs); only the ' +
      'issuer can mint a new key, so a Secrets Manager rotation function has nothing to rotate to. The owner rotates the ' +
      'key at the issuer and stores it with put-secret-value; steps re-read it through the Powertools cache within minutes.',
  });
}

/** The queue that rules, schedules and starters send what they could not start to. */
export function acknowledgeTriggerDeadLetterQueue(queue: IConstruct): void {
  Validations.of(queue).acknowledge({
    id: `${NAMESPACE}AwsSolutions-SQS3`,
    reason:
      'This queue is itself the dead-letter queue of every EventBridge rule target, Scheduler target and starter function ' +
      'of the stage; cdk-nag recognizes a DLQ only through an SQS redrive policy or a Lambda DeadLetterConfig. Nothing ' +
      'consumes it automatically, so no message can fail there: an operator reads it (alarm on the first message), and ' +
      'messages stay 14 days, the SQS maximum.',
  });
}

/** The stage's config-in-force function reads and writes hosted versions of the stage's profiles. */
export function acknowledgeConfigInForceAccess(role: IRole): void {
  Validations.of(role).acknowledge({
    id: `${NAMESPACE}AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:appconfig:<AWS::Region>:<AWS::AccountId>:application/*/configurationprofile/*]`,
    reason:
      'At deploy the function reads the newest hosted version of each workflow\'s AppConfig profile and creates the merged one. ' +
      'The applications and profiles are created in the group nested stacks, below this root stack, so their ids cannot be ' +
      'named here without a dependency cycle; the grant is limited to hosted-version actions in this account and region.',
  });
  Validations.of(role).acknowledge({
    id: `${NAMESPACE}AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:appconfig:<AWS::Region>:<AWS::AccountId>:application/*/configurationprofile/*/hostedconfigurationversion/*]`,
    reason:
      'GetHostedConfigurationVersion reads the newest hosted version of a workflow\'s profile at deploy, to merge it with the workflow ' +
      'file. The profiles live in the group nested stacks below this root stack, so their ids cannot be named here without a dependency ' +
      'cycle; the grant is read-only and limited to hosted versions in this account and region.',
  });
}
