/**
 * The one function per stage behind every workflow's config-in-force custom resource: at deploy it
 * merges the configuration in force on AppConfig with the workflow file's schema and defaults
 * (lib/runtime/config/inForce). One per stage, in the root stack, so a group's template grows by
 * no function; the groups receive its ARN as the service token.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeConfigInForceAccess, acknowledgeFunctionTracing } from '../nag.ts';
import { NodeFunction } from '../workflow/nodeFunction.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The handler lives with the runtime's config code, whose merge rule it applies. */
const ENTRY = join(HERE, '..', '..', 'runtime', 'config', 'inForce', 'handler.ts');
/** The Aethon package: the bundle's imports resolve from its node_modules, not the user's project. */
const PACKAGE_ROOT = join(HERE, '..', '..', '..');

export interface ConfigInForceFunctionProps {
  /** For the description. */
  readonly owner: string;
}

/** The custom resource's Lambda function; `serviceToken` is its ARN. */
export class ConfigInForceFunction extends Construct {
  readonly serviceToken: string;

  constructor(scope: Construct, id: string, props: ConfigInForceFunctionProps) {
    super(scope, id);
    const { function: fn, role } = new NodeFunction(this, 'Handler', {
      entry: ENTRY,
      exportName: 'handler',
      projectRoot: PACKAGE_ROOT,
      memoryMb: 256,
      // A few AppConfig calls; CloudFormation waits up to an hour for an answer that never comes.
      timeout: Duration.minutes(2),
      description: `${props.owner}: at deploy, keeps the configuration in force and fills new keys with the workflow file's defaults`,
      environment: {},
      logRetention: RetentionDays.ONE_MONTH,
    });
    const stack = Stack.of(this);
    const profiles = stack.formatArn({ service: 'appconfig', resource: 'application', resourceName: '*/configurationprofile/*' });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['appconfig:ListHostedConfigurationVersions', 'appconfig:CreateHostedConfigurationVersion'], resources: [profiles] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        // Delete: a removed workflow's profile can only be deleted once its versions are.
        actions: ['appconfig:GetHostedConfigurationVersion', 'appconfig:DeleteHostedConfigurationVersion'],
        resources: [`${profiles}/hostedconfigurationversion/*`],
      }),
    );
    acknowledgeFunctionTracing(role);
    acknowledgeConfigInForceAccess(role);
    this.serviceToken = fn.functionArn;
  }
}
