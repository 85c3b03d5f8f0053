/**
 * The Workflow construct (L3): everything one compiled workflow needs on AWS, wired with least
 * privilege: its functions, state machine, configuration profile, secrets, triggers, alarms and
 * dashboard.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { CompiledWorkflow } from '../compile/index.ts';
import { acknowledgeFunctionTracing, acknowledgeStarterDescribe, acknowledgeStateMachineLogging } from './nag.ts';
import type { StageResources } from './StageResources.ts';
import type { ConfigurationProfile } from './workflow/configurationProfile.ts';
import { WorkflowSecrets } from './workflow/secrets.ts';
import { StepFunctions } from './workflow/stepFunctions.ts';
import { WorkflowMonitoring } from './workflow/workflowMonitoring.ts';
import { WorkflowStateMachine } from './workflow/workflowStateMachine.ts';
import { WorkflowTriggers } from './workflow/workflowTriggers.ts';

export interface WorkflowProps {
  /** The compiled workflow (lib/compile); its definition is deployed unchanged. */
  readonly workflow: CompiledWorkflow;
  /** The stage's shared table, alarm topic and trigger dead-letter queue. */
  readonly shared: StageResources;
  /**
   * The workflow's AppConfig profile; required when the workflow declares config. The caller
   * keeps it: WorkflowGroup holds its workflows' profiles in its own template, so that their
   * deployments into the group's one environment chain within one template while the
   * workflows' nested stacks deploy in parallel.
   * @default - none: the workflow declares no config
   */
  readonly configuration?: ConfigurationProfile;
  /** The stage name (dev, prod, ...), passed to functions as AETHON_STAGE. */
  readonly stage: string;
  /** The project root: handler files are relative to it, and it holds package-lock.json. */
  readonly projectRoot: string;
  /**
   * Secrets Manager names (values of the spec's `secrets`) to create in this stack; any other
   * name must exist already and is referenced by name.
   * @default - none: every secret exists already
   */
  readonly createSecrets?: ReadonlySet<string>;
  /**
   * How long function and execution logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Powertools log level of every function.
   * @default 'INFO'
   */
  readonly logLevel?: string;
  /**
   * CloudWatch namespace of the Powertools metrics.
   * @default 'Aethon'
   */
  readonly metricsNamespace?: string;
  /**
   * Extra environment variables for every step function (service URLs, for example).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/** One workflow, deployed. */
export class Workflow extends Construct {
  /** The spec's name. */
  readonly workflowName: string;
  readonly stateMachine: StateMachine;
  /** By CompiledFunction id (`Function_<step>`), the definitionSubstitutions key. */
  readonly functions: ReadonlyMap<string, NodejsFunction>;
  readonly configuration?: ConfigurationProfile;
  readonly triggers: WorkflowTriggers;
  readonly monitoring: WorkflowMonitoring;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { workflow, shared, stage } = props;
    this.workflowName = workflow.name;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const metricsNamespace = props.metricsNamespace ?? 'Aethon';

    this.configuration = props.configuration;
    if (workflow.config && !this.configuration) {
      throw new Error(`workflow '${workflow.name}' declares config: pass its ConfigurationProfile (WorkflowGroup creates one per workflow)`);
    }
    const secrets = new WorkflowSecrets(this, 'Secrets', {
      secrets: workflow.secrets,
      create: props.createSecrets ?? new Set(),
      workflowName: workflow.name,
    });
    const steps = new StepFunctions(this, 'Steps', {
      workflow,
      projectRoot: props.projectRoot,
      stage,
      idempotencyTable: shared.idempotencyTable,
      secrets: secrets.byName,
      ...(this.configuration
        ? { appConfig: { application: this.configuration.application, environment: this.configuration.environment, profileId: this.configuration.profileId } }
        : {}),
      logRetention,
      logLevel: props.logLevel ?? 'INFO',
      metricsNamespace,
      environment: props.environment ?? {},
    });
    this.functions = steps.byId;

    const machine = new WorkflowStateMachine(this, 'StateMachine', {
      workflow,
      stage,
      functions: steps.byId,
      logRetention,
      logRemovalPolicy: stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stateMachine = machine.stateMachine;

    this.triggers = new WorkflowTriggers(this, 'Triggers', {
      workflow,
      stateMachine: this.stateMachine,
      projectRoot: props.projectRoot,
      logRetention,
      deadLetters: shared.deadLetters,
    });

    this.monitoring = new WorkflowMonitoring(this, 'Monitoring', {
      workflowName: workflow.name,
      dashboardName: `${workflow.name}-${stage}`,
      stateMachine: this.stateMachine,
      functions: [
        ...workflow.functions.map((fn) => ({ label: fn.id.replace(/^Function_/, ''), fn: steps.byId.get(fn.id)! })),
        ...this.triggers.starters.map((fn, index) => ({ label: `Starter${index}`, fn })),
      ],
      alarmTopic: shared.alarmTopic,
      metricsNamespace,
    });

    for (const fn of [...steps.byId.values(), ...this.triggers.starters]) acknowledgeFunctionTracing(fn.role!);
    for (const starter of this.triggers.starters) acknowledgeStarterDescribe(starter.role!, this.stateMachine);
    acknowledgeStateMachineLogging(this.stateMachine);
  }
}
