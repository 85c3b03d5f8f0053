/**
 * A group of up to 100 workflows of one stage, as one nested stack of the stage: the group's
 * AppConfig application and the stage's environment in it, the profiles of its workflows (their
 * deployments chained in this one template), and a nested stack per workflow holding its
 * Workflow construct and its manifest parameter.
 *
 * Why groups: CloudFormation allows 500 resources and 200 outputs per template, and AppConfig
 * 100 profiles per application. Each workflow adds four resources here (profile, its
 * config-in-force custom resource, deployment, nested stack) and one nested stack to the stage's root, so a group of 100
 * stays under 410 resources, and the root holds one resource per group whatever the stage's size.
 */
import { NestedStack } from 'aws-cdk-lib';
import { Application, Environment } from 'aws-cdk-lib/aws-appconfig';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { CompiledWorkflow } from '../compile/index.ts';
import { publishWorkflowManifest } from './stage/manifestParameters.ts';
import { MAX_WORKFLOWS_PER_GROUP } from './stage/workflowGroups.ts';
import type { StageResources } from './StageResources.ts';
import { Workflow } from './Workflow.ts';
import { ConfigurationProfile } from './workflow/configurationProfile.ts';

export interface WorkflowGroupProps {
  /** `G00` ... `G99`: part of the AppConfig application's name. */
  readonly groupId: string;
  readonly workflows: readonly CompiledWorkflow[];
  readonly appName: string;
  readonly stage: string;
  readonly shared: StageResources;
  /** Handler files are relative to it; it holds package-lock.json. */
  readonly projectRoot: string;
  /** Secrets Manager names to create rather than reference. */
  readonly createSecrets: ReadonlySet<string>;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default - none */
  readonly environment?: Readonly<Record<string, string>>;
}

/** One group's nested stack. */
export class WorkflowGroup extends NestedStack {
  /** `${appName}-${stage}-${groupId}`: application names must differ across stages and groups. */
  readonly appConfigApplication: Application;
  /** Named after the stage; the one environment every profile of the group deploys to. */
  readonly appConfigEnvironment: Environment;
  readonly workflows = new Map<string, Workflow>();
  /** The nested stack of each workflow, by workflow name. */
  readonly workflowStacks = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: WorkflowGroupProps) {
    super(scope, id, { description: `Aethon workflows of group ${props.groupId} (${props.appName}, stage ${props.stage})` });
    if (props.workflows.length > MAX_WORKFLOWS_PER_GROUP) {
      throw new Error(
        `group ${props.groupId} of stage ${props.stage} would hold ${props.workflows.length} workflows; an AppConfig application holds at most ${MAX_WORKFLOWS_PER_GROUP} profiles. ` +
          'Raise the context aethon:workflowGroups; this moves most workflows to other groups, which CloudFormation cannot do in place ' +
          '(their fixed names collide): deploy the stage once without its workflows, then with them (executions history and configuration start anew).',
      );
    }
    this.appConfigApplication = new Application(this, 'Application', {
      applicationName: `${props.appName}-${props.stage}-${props.groupId}`,
      description: `Dynamic configuration of the ${props.appName} workflows of group ${props.groupId}, stage ${props.stage}`,
    });
    this.appConfigEnvironment = new Environment(this, 'Environment', {
      application: this.appConfigApplication,
      environmentName: props.stage,
      description: `Stage ${props.stage}`,
    });
    for (const workflow of props.workflows) {
      // In this template, not the workflow's: the Environment chains every deployment made
      // through it (AppConfig runs one per environment at a time), in the order of creation.
      const configuration = workflow.config
        ? new ConfigurationProfile(this, `${workflow.name}-Config`, {
            workflowName: workflow.name,
            schema: workflow.config.schema,
            defaults: workflow.config.defaults,
            application: this.appConfigApplication,
            environment: this.appConfigEnvironment,
            deploymentStrategy: props.shared.stackStrategy,
            configInForceServiceToken: props.shared.configInForce.serviceToken,
          })
        : undefined;
      // A workflow of ten steps is about 70 resources: a nested stack of its own keeps that out
      // of the group's count, which then grows by four per workflow.
      const nested = new NestedStack(this, workflow.name, { description: `Aethon workflow ${workflow.name} (stage ${props.stage})` });
      const deployed = new Workflow(nested, 'Workflow', {
        workflow,
        shared: props.shared,
        stage: props.stage,
        projectRoot: props.projectRoot,
        createSecrets: props.createSecrets,
        ...(configuration ? { configuration } : {}),
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
        ...(props.logLevel ? { logLevel: props.logLevel } : {}),
        ...(props.environment ? { environment: props.environment } : {}),
      });
      publishWorkflowManifest(nested, { appName: props.appName, stage: props.stage, group: props.groupId, workflow: deployed });
      this.workflows.set(workflow.name, deployed);
      this.workflowStacks.set(workflow.name, nested);
    }
  }
}
