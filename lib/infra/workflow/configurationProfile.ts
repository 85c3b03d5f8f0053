/**
 * A workflow's dynamic configuration: a freeform AppConfig profile whose JSON Schema validator is
 * the spec's config schema, with the spec's defaults as the initial hosted version.
 */
import {
  ConfigurationContent,
  ConfigurationType,
  HostedConfiguration,
  JsonSchemaValidator,
  type Environment,
  type IApplication,
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
}

/** One profile per workflow, deployed to its group's environment of the stage. */
export class ConfigurationProfile extends Construct {
  readonly profileId: string;
  readonly hosted: HostedConfiguration;
  /** The application and environment it deploys to, which functions read it from. */
  readonly application: IApplication;
  readonly environment: Environment;

  constructor(scope: Construct, id: string, props: ConfigurationProfileProps) {
    super(scope, id);
    this.application = props.application;
    this.environment = props.environment;
    // Two pitfalls of CloudFormation deployments, both avoided by how the L2 is used here:
    // - "Deployment number N already exists": AppConfig runs one deployment per environment at a
    //   time, so deployments of several profiles created in parallel collide. Environment queues
    //   every deployment added through it (each depends on the previous), which holds because all
    //   profiles of a group deploy through the group's one Environment construct, and WorkflowGroup
    //   keeps them all in its own template so the chain never spans nested stacks. Groups have
    //   an application and environment each, so their chains run in parallel.
    // - A new deployment on every `cdk deploy`: the Deployment's logical id is stable and its
    //   properties change only when the hosted content (spec defaults) changes, so an unchanged
    //   spec leaves it, and the configuration last set with `aethon config set`, untouched.
    this.hosted = new HostedConfiguration(this, 'Profile', {
      application: props.application,
      name: props.workflowName,
      description: `Dynamic configuration of ${props.workflowName}`,
      type: ConfigurationType.FREEFORM,
      content: ConfigurationContent.fromInlineJson(JSON.stringify(props.defaults)),
      validators: [JsonSchemaValidator.fromInline(JSON.stringify(props.schema))],
      deploymentStrategy: props.deploymentStrategy,
      deployTo: [props.environment],
    });
    this.profileId = this.hosted.configurationProfileId;
  }
}
