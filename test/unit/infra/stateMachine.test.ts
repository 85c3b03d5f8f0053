import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { SOME_HANDLER } from '../../helpers/paths.ts';
import { compiled } from '../../helpers/specs.ts';
import { deployedDefinition } from './deployedDefinition.ts';
import { exampleWorkflow, synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const expressSpec = (logging: string) => `
name: quick-check
type: express
timeout: 1m
${logging}
steps:
  check:
    type: task
    handler: ${SOME_HANDLER}
    end: true
`;

describe('Construct: Workflow (state machine)', () => {
  let onboarding: CompiledWorkflow;
  let synth: Synthesized;
  beforeAll(async () => {
    onboarding = await exampleWorkflow('user-onboarding');
    synth = synthesize([onboarding]);
  });

  it('deploys the compiled definition unchanged, with each placeholder bound to the function of its handler', () => {
    // Act
    const deployed = deployedDefinition(synth.template, onboarding);

    // Assess: the same text the compiler produced, placeholders aside
    let expected = onboarding.definitionJson;
    for (const [arn, handler] of deployed.handlerOfArn) {
      const fn = onboarding.functions.find((f) => `${f.handler.file}#${f.handler.exportName}` === handler && expected.includes(f.placeholder));
      expect(fn, `no placeholder left for ${handler}`).toBeDefined();
      expected = expected.split(fn!.placeholder).join(arn);
    }
    expect(deployed.definitionJson).toBe(expected);
    expect(deployed.handlerOfArn.size).toBe(onboarding.functions.length);
    expect(JSON.parse(deployed.definitionJson).TimeoutSeconds).toBe(15 * 60);
  });

  it('is a Standard state machine that logs ALL without execution data and traces with X-Ray', () => {
    synth.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'user-onboarding-dev',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
      },
    });
    synth.template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/user-onboarding-dev',
      RetentionInDays: 30,
    });
  });

  it('may invoke exactly its own functions, unqualified', () => {
    // Prepare
    const lambdas = Object.keys(synth.template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('useronboardingWorkflowSteps'));
    expect(lambdas).toHaveLength(onboarding.functions.length);

    // Assess
    const roleRef = Object.values(synth.template.findResources('AWS::StepFunctions::StateMachine'))[0]!.Properties.RoleArn['Fn::GetAtt'][0];
    const policies = Object.values(synth.template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleRef));
    const invoke = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('lambda:')));
    expect(invoke).toHaveLength(1);
    expect(invoke[0].Action).toBe('lambda:InvokeFunction');
    expect(invoke[0].Resource).toEqual(expect.arrayContaining(lambdas.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))));
    expect(invoke[0].Resource).toHaveLength(lambdas.length);
  });

  it('deploys an Express workflow as EXPRESS, and includes execution data only when the spec opts in', () => {
    // Prepare
    const quiet = compiled(expressSpec(''));
    const verbose = compiled(expressSpec('logging: { includeExecutionData: true }'));

    // Act
    const quietTemplate = synthesize([quiet]).template;
    const verboseTemplate = synthesize([verbose]).template;

    // Assess
    quietTemplate.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    verboseTemplate.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
  });
});
