/**
 * The state machine, from the compiled ASL as it is: DefinitionBody.fromString, with the
 * function ARNs filled in through definitionSubstitutions, so that the definition the local engine
 * runs is byte for byte the one deployed.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { CompiledWorkflow } from '../../compile/index.ts';

/** Step Functions caps state machine names at 80 characters. */
const MAX_STATE_MACHINE_NAME = 80;

export interface WorkflowStateMachineProps {
  readonly workflow: CompiledWorkflow;
  readonly stage: string;
  /** By CompiledFunction id, one for every `${Function_...}` placeholder of the definition. */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** A Standard or Express state machine that may invoke its own functions and nothing else. */
export class WorkflowStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const { workflow } = props;
    const substitutions: Record<string, string> = {};
    for (const fn of workflow.functions) {
      const deployed = props.functions.get(fn.id);
      if (!deployed) throw new Error(`workflow '${workflow.name}': no function for placeholder ${fn.placeholder} (step ${fn.stepName})`);
      substitutions[fn.id] = deployed.functionArn;
    }

    // Under /aws/vendedlogs/ the log delivery does not grow the account's 5 KB CloudWatch Logs
    // resource policy with every state machine.
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${workflow.name}-${props.stage}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const name = `${workflow.name}-${props.stage}`;
    this.stateMachine = new StateMachine(this, 'Resource', {
      ...(name.length <= MAX_STATE_MACHINE_NAME ? { stateMachineName: name } : {}),
      comment: workflow.spec.description,
      stateMachineType: workflow.type === 'express' ? StateMachineType.EXPRESS : StateMachineType.STANDARD,
      // The execution timeout is the definition's own TimeoutSeconds, which the compiler writes.
      definitionBody: DefinitionBody.fromString(workflow.definitionJson),
      definitionSubstitutions: substitutions,
      logs: {
        destination: this.logGroup,
        level: LogLevel.ALL,
        // Payloads carry emails, amounts and tokens: kept out of logs unless the spec opts in.
        includeExecutionData: workflow.spec.logging?.includeExecutionData ?? false,
      },
      tracingEnabled: true,
    });
    // Exactly the unqualified ARNs the definition calls: no `:*` for versions or aliases.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: workflow.functions.map((fn) => substitutions[fn.id]!) }),
    );
  }
}
