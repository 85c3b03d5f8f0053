/** The Secrets Manager secrets a workflow declares: referenced by name, or created where asked. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeUnrotatedSecret } from '../nag.ts';

export interface WorkflowSecretsProps {
  /** Logical secret name -> Secrets Manager name, from the spec. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Secrets Manager names to create in this stack; every other name must already exist. */
  readonly create: ReadonlySet<string>;
  readonly workflowName: string;
}

/** The secrets of one workflow, by logical name. */
export class WorkflowSecrets extends Construct {
  readonly byName = new Map<string, ISecret>();

  constructor(scope: Construct, id: string, props: WorkflowSecretsProps) {
    super(scope, id);
    for (const [logical, secretName] of Object.entries(props.secrets)) {
      if (!props.create.has(secretName)) {
        // By name: the ARN's random suffix is unknown here, so grants match `name-??????`.
        this.byName.set(logical, Secret.fromSecretNameV2(this, logical, secretName));
        continue;
      }
      const secret = new Secret(this, logical, {
        secretName,
        description: `${props.workflowName}: ${logical}. Set its value after deploying; Aethon never writes it.`,
        // A secret's value cannot be recreated from the template: keep it when the stack goes.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledgeUnrotatedSecret(secret);
      this.byName.set(logical, secret);
    }
  }
}
