/**
 * The commands against a stage deployed with the grouped layout: cdk-outputs.json holds only
 * stage-level keys (or is absent), and each workflow's ids come from the SSM manifest, mocked
 * with responses shaped as the Parameter Store API documents them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartDeploymentCommand } from '@aws-sdk/client-appconfig';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { beforeEach, describe, expect, it } from 'vitest';
import { acceptsConfigWrite, mockStageClients, newestHostedVersion, ssmParameter } from '../../helpers/awsMocks.ts';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './project.ts';

const { sfn, appConfig, ssm } = mockStageClients();
const SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:WorkflowStateMachineE77DD353-x1';
const WORKFLOW_PARAMETER = '/aethon/aethon/prod/workflows/deploy-pipeline';
const STAGE_PARAMETER = '/aethon/aethon/prod/stage';

/** The example project, with the outputs today's stacks write for stage prod (or none). */
function project(withOutputs: boolean): string {
  const dir = scratchProject('repo');
  if (withOutputs) {
    const outputs = { WorkflowManifestPath: '/aethon/aethon/prod', IdempotencyTableName: 't1', TriggerDeadLetterQueueArn: 'arn:aws:sqs:eu-west-1:111122223333:dlq', AppConfigIncidentStrategyId: 'incident1', AppConfigNormalStrategyId: 'normal1' };
    writeFileSync(join(dir, 'cdk-outputs.json'), JSON.stringify({ 'Aethon-prod': outputs }));
  }
  return dir;
}

// After mockStageClients' reset: the stage's and the workflow's parameters.
beforeEach(() => {
  ssm.on(GetParameterCommand, { Name: WORKFLOW_PARAMETER }).resolves(
    ssmParameter(WORKFLOW_PARAMETER, {
      version: 1,
      workflow: 'deploy-pipeline',
      group: 'G03',
      stateMachineArn: SM,
      consoleUrl: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/statemachines/view/${SM}`,
      appConfig: { applicationId: 'appG03', environmentId: 'envG03', profileId: 'profPipeline' },
      starterFunctionArns: ['arn:aws:lambda:eu-west-1:111122223333:function:Aethon-prod-G03-starter'],
    }),
  );
  ssm.on(GetParameterCommand, { Name: STAGE_PARAMETER }).resolves(
    ssmParameter(STAGE_PARAMETER, {
      version: 1,
      app: 'aethon',
      stage: 'prod',
      stackName: 'Aethon-prod',
      idempotencyTableName: 't1',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:alarms',
      deadLetterQueue: { url: 'https://sqs.eu-west-1.amazonaws.com/111122223333/dlq', arn: 'arn:aws:sqs:eu-west-1:111122223333:dlq' },
      appConfigStrategies: { normal: 'normalM', incident: 'incidentM' },
      workflowsPath: '/aethon/aethon/prod/workflows',
    }),
  );
});

describe('Commands on a stage that publishes a manifest', () => {
  it('starts the state machine named by the workflow\'s parameter when the outputs list no workflows', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${SM.replace(':stateMachine:', ':execution:')}:e1`, startDate: new Date() });
    const run = await runCli(['start', 'deploy-pipeline', '--input', '{"service":"api","releaseId":"r-1","commit":"c"}', '--stage', 'prod'], project(true));
    expect(run.code).toBe(0);
    expect(ssm).toReceiveCommandWith(GetParameterCommand, { Name: WORKFLOW_PARAMETER });
    expect(sfn).toReceiveCommandWith(StartExecutionCommand, { stateMachineArn: SM });
  });

  it('sets config through the workflow\'s own group application, and the strategy from the stage\'s parameter when there is no outputs file', async () => {
    newestHostedVersion(appConfig, 1, { deploysFrozen: false });
    acceptsConfigWrite(appConfig, { created: 2, deployment: 1, completes: true });

    const run = await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=true', '--stage', 'prod'], project(false));

    expect(run.code).toBe(0);
    expect(appConfig).toReceiveCommandWith(StartDeploymentCommand, { ApplicationId: 'appG03', EnvironmentId: 'envG03', ConfigurationProfileId: 'profPipeline', DeploymentStrategyId: 'incidentM' });
  });

  it('says how to redeploy a workflow the manifest does not know', async () => {
    const run = await runCli(['executions', 'nightly-etl', '--stage', 'prod'], project(true));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/workflow nightly-etl is not deployed in stage prod.*SSM has no parameter \/aethon\/aethon\/prod\/workflows\/nightly-etl in eu-west-1\. Deploy the stage with 'npx cdk deploy -c stage=prod --outputs-file cdk-outputs\.json'/);
  });
});
