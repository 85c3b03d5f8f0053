/**
 * One Lambda function per task and compensation handler of a workflow (see NodeFunction), each
 * with only the grants it declares: its secrets, its idempotency table, its AppConfig profile.
 */
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import type { Environment, IApplication } from 'aws-cdk-lib/aws-appconfig';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { declaredEnvironment, functionEnvironment, type CompiledFunction, type CompiledWorkflow } from '../../compile/index.ts';
import { NodeFunction } from './nodeFunction.ts';

/** Lambda's own cap on a function's timeout. */
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/** Powertools Idempotency reads, writes, updates and deletes its records; nothing else. */
export const IDEMPOTENCY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
/** A compensation reads its step's record (who owns it), holds it while undoing and releases it: conditional writes only. */
export const RELEASE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/**
 * Records are keyed `<workflow>.<step>#<hash>` (lib/runtime/idempotency): a function may touch
 * the keys of its own step and no other, whatever its code does.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
export function ownRecordsOnly(workflow: string, step: string): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${workflow}.${step}#*`] } };
}
/** The two AppConfig Data calls the runtime makes to read its configuration. */
export const APPCONFIG_ACTIONS = ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'];

export interface StepFunctionsProps {
  readonly workflow: CompiledWorkflow;
  /** Handler files are relative to it; it holds package-lock.json. */
  readonly projectRoot: string;
  readonly stage: string;
  readonly idempotencyTable: ITable;
  /** Logical secret name -> secret, for every secret the workflow declares. */
  readonly secrets: ReadonlyMap<string, ISecret>;
  /** The workflow's AppConfig profile, when it declares dynamic configuration. */
  readonly appConfig?: { readonly application: IApplication; readonly environment: Environment; readonly profileId: string };
  readonly logRetention: RetentionDays;
  readonly logLevel: string;
  readonly metricsNamespace: string;
  /** Extra variables for every function (service URLs and the like). */
  readonly environment: Readonly<Record<string, string>>;
}

/** The functions of one workflow, by CompiledFunction id (the definitionSubstitutions key). */
export class StepFunctions extends Construct {
  readonly byId = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: StepFunctionsProps) {
    super(scope, id);
    for (const fn of props.workflow.functions) this.byId.set(fn.id, this.createFunction(fn, props));
  }

  private createFunction(fn: CompiledFunction, props: StepFunctionsProps): NodejsFunction {
    const { workflow, appConfig } = props;
    const environment = {
      ...props.environment,
      ...functionEnvironment(workflow, fn, {
        stage: props.stage,
        logLevel: props.logLevel,
        metricsNamespace: props.metricsNamespace,
        ...(fn.idempotency ? { idempotencyTable: props.idempotencyTable.tableName } : {}),
        ...(appConfig
          ? { appConfig: { application: appConfig.application.applicationId, environment: appConfig.environment.environmentId, profile: appConfig.profileId } }
          : {}),
      }),
    };
    const { function: handler, role } = new NodeFunction(this, fn.id, {
      entry: join(props.projectRoot, fn.handler.file),
      exportName: fn.handler.exportName,
      projectRoot: props.projectRoot,
      memoryMb: fn.memoryMb,
      // Equal to the Task state's TimeoutSeconds: the state times out first and its retry policy
      // decides, and no invocation keeps running after its state gave up on it.
      timeout: Duration.seconds(Math.min(fn.timeoutSeconds, LAMBDA_MAX_TIMEOUT_SECONDS)),
      description: `${workflow.name}: ${fn.role} ${fn.stepName} (${fn.handler.file}#${fn.handler.exportName})`,
      environment,
      declaredEnvironment: declaredEnvironment(workflow, fn),
      logRetention: props.logRetention,
    });

    if (fn.idempotency) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: fn.role === 'task' ? IDEMPOTENCY_ACTIONS : RELEASE_ACTIONS,
          resources: [props.idempotencyTable.tableArn],
          conditions: ownRecordsOnly(workflow.name, fn.stepName),
        }),
      );
    }
    for (const name of fn.secrets) props.secrets.get(name)?.grantRead(role);
    if (appConfig) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: APPCONFIG_ACTIONS,
          resources: [
            Stack.of(this).formatArn({
              service: 'appconfig',
              resource: 'application',
              resourceName: `${appConfig.application.applicationId}/environment/${appConfig.environment.environmentId}/configuration/${appConfig.profileId}`,
            }),
          ],
        }),
      );
    }
    return handler;
  }
}
