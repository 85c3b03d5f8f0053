/**
 * A workflow's dynamic configuration: a freeform AppConfig profile whose JSON Schema validator is
 * the spec's config schema. The hosted version a deploy deploys comes from the config-in-force
 * custom resource (lib/infra/config): the configuration in force merged with the spec, so a deploy
 * keeps values flipped with `aethon config set` and fills new keys with their defaults.
 */
import { CustomResource } from 'aws-cdk-lib';
import {
  CfnConfigurationProfile,
  ConfigurationType,
  ValidatorType,
  type Environment,
  type IApplication,
  type IConfiguration,
  type IDeploymentStrategy,
} from 'aws-cdk-lib/aws-appconfig';
import { Construct } from 'constructs';

export interface ConfigurationProfileProps {
  readonly workflowName: string;
  readonly schema: Record<string, unknown>;
  readonly defaults: Record<string, unknown>;
  readonly application: IApplication;
  /** Every profile of a group deploys to the same Environment object (see below). */
  readonly environment: Environment;
  readonly deploymentStrategy: IDeploymentStrategy;
  /** The stage's config-in-force function (ConfigInForceFunction.serviceToken). */
  readonly configInForceServiceToken: string;
}

/** One profile per workflow, deployed to its group's environment of the stage. */
export class ConfigurationProfile extends Construct {
  /** The environment it deploys to, which functions read it from (with the application). */
  readonly environment: Environment;
  private readonly hosted: MergedHostedProfile;

  constructor(scope: Construct, id: string, props: ConfigurationProfileProps) {
    super(scope, id);
    this.environment = props.environment;
    this.hosted = new MergedHostedProfile(this, 'Profile', props);
    // "Deployment number N already exists": AppConfig runs one deployment per environment at a
    // time, so deployments of several profiles created in parallel collide. Environment chains
    // every deployment added through it (each depends on the previous); all profiles of a group
    // deploy through the group's one Environment, in the group's template.
    props.environment.addDeployment(this.hosted as unknown as IConfiguration);
  }

  get application(): IApplication {
    return this.hosted.application;
  }

  get profileId(): string {
    return this.hosted.configurationProfileId;
  }

  /** The hosted version the stack deploys: the config-in-force resource's `VersionNumber`. */
  get versionNumber(): string {
    return this.hosted.versionNumber;
  }
}

/**
 * The profile and its config-in-force resource, under the construct id and with the child ids of
 * the HostedConfiguration L2 that earlier versions used, so the profile keeps its logical id (and
 * its id, history and manifest entry) when a stage moves to this layout. It carries the members of
 * an IConfiguration that Environment.addDeployment reads (which makes the deployment its child);
 * the L2 itself cannot be used, as it hosts a fixed content.
 */
class MergedHostedProfile extends Construct {
  readonly application: IApplication;
  readonly configurationProfileId: string;
  readonly deploymentStrategy: IDeploymentStrategy;
  /** The config-in-force resource's `VersionNumber`. */
  readonly versionNumber: string;
  readonly description: string;

  constructor(scope: Construct, id: string, props: ConfigurationProfileProps) {
    super(scope, id);
    this.application = props.application;
    this.deploymentStrategy = props.deploymentStrategy;
    this.description = `Dynamic configuration of ${props.workflowName}`;
    const profile = new CfnConfigurationProfile(this, 'ConfigurationProfile', {
      applicationId: props.application.applicationId,
      locationUri: 'hosted',
      name: props.workflowName,
      description: this.description,
      type: ConfigurationType.FREEFORM,
      validators: [{ type: ValidatorType.JSON_SCHEMA, content: JSON.stringify(props.schema) }],
    });
    this.configurationProfileId = profile.ref;
    // Updated (and so run) only when the schema or defaults change: an unchanged workflow file
    // leaves the deployment, and whatever `aethon config set` put in force, untouched.
    const inForce = new CustomResource(this, 'InForce', {
      serviceToken: props.configInForceServiceToken,
      resourceType: 'Custom::AethonConfigInForce',
      properties: {
        ApplicationId: props.application.applicationId,
        ConfigurationProfileId: profile.ref,
        Workflow: props.workflowName,
        Schema: JSON.stringify(props.schema),
        Defaults: JSON.stringify(props.defaults),
      },
    });
    this.versionNumber = inForce.getAttString('VersionNumber');
  }
}
