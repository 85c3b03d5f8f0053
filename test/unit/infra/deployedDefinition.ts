/**
 * Reads the state machine definition back out of a synthesized template, with every
 * definitionSubstitution resolved to a stable fake ARN, and maps those ARNs to the handler files
 * the template's Lambda functions were built from.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { FunctionEnv } from '../../../lib/contracts/functionEnvironment.ts';

/** What `Fn::GetAtt: [<logicalId>, Arn]` of a Lambda function stands for in these tests. */
export function fakeFunctionArn(logicalId: string): string {
  return `arn:aws:lambda:us-east-1:123456789012:function:${logicalId}`;
}

export interface DeployedDefinition {
  /** The definition string exactly as the template carries it, substitutions applied. */
  readonly definitionJson: string;
  /** Function ARN -> `file#export` of the handler that function runs. */
  readonly handlerOfArn: ReadonlyMap<string, string>;
}

/** The deployed definition of the template's one state machine belonging to `workflow`. */
export function deployedDefinition(template: Template, workflow: CompiledWorkflow): DeployedDefinition {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).filter((resource) =>
    String(resource.Properties.StateMachineName ?? '').startsWith(`${workflow.name}-`),
  );
  if (machines.length !== 1) throw new Error(`expected one state machine for ${workflow.name}, found ${machines.length}`);
  const { DefinitionString, DefinitionSubstitutions } = machines[0]!.Properties as {
    DefinitionString: unknown;
    DefinitionSubstitutions: Record<string, { 'Fn::GetAtt': [string, string] }>;
  };
  if (typeof DefinitionString !== 'string') throw new Error('DefinitionString is not a plain string: the definition was changed by CDK');

  const lambdas = template.findResources('AWS::Lambda::Function');
  const handlerOfArn = new Map<string, string>();
  let definitionJson = DefinitionString;
  for (const [key, value] of Object.entries(DefinitionSubstitutions)) {
    const [logicalId, attribute] = value['Fn::GetAtt'];
    if (attribute !== 'Arn') throw new Error(`substitution ${key} is not a function ARN`);
    const variables = lambdas[logicalId]?.Properties?.Environment?.Variables as Record<string, string> | undefined;
    if (!variables) throw new Error(`substitution ${key} names ${logicalId}, which is not a Lambda function of the template`);
    // The function's identity, as the construct wrote it into its environment.
    const fn = workflow.functions.find((f) => f.stepName === variables[FunctionEnv.STEP] && f.role === variables[FunctionEnv.ROLE]);
    if (!fn) throw new Error(`${logicalId} serves no function of ${workflow.name}`);
    const arn = fakeFunctionArn(logicalId);
    handlerOfArn.set(arn, `${fn.handler.file}#${fn.handler.exportName}`);
    definitionJson = definitionJson.split(`\${${key}}`).join(arn);
  }
  return { definitionJson, handlerOfArn };
}
