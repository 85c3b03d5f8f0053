/** The CLI's side of the stage manifest: SSM reads shaped as the Parameter Store API documents them. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readDeployedWorkflow, stageSourceOf, stageValueFor, stateMachineArnFor, strategyIdFor } from '../../../lib/ops/aws/deployedStage.ts';
import { listWorkflowManifests, readStageManifest } from '../../../lib/ops/aws/stageManifest.ts';
import { readStageWorkflows } from '../../../lib/ops/deadLetters/stageWorkflows.ts';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';

registerSdkMatchers();
const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());

const ACCOUNT = '111122223333';
const smArn = (name: string) => `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:${name}`;
/** One parameter as GetParameter and GetParametersByPath return it. */
function parameter(name: string, value: unknown) {
  return { Name: name, Type: 'String' as const, Value: JSON.stringify(value), Version: 1, LastModifiedDate: new Date('2026-12-01T00:00:00Z'), ARN: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter${name}`, DataType: 'text' };
}
function workflowManifest(name: string) {
  return {
    version: 1,
    workflow: name,
    group: 'G07',
    stateMachineArn: smArn(name),
    consoleUrl: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/statemachines/view/${smArn(name)}`,
    appConfig: { applicationId: 'app7', environmentId: 'env7', profileId: `prof-${name}` },
    starterFunctionArns: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:Aethon-prod-G07-starter-${name}`],
  };
}
const STAGE = {
  version: 1,
  app: 'aethon',
  stage: 'prod',
  stackName: 'Aethon-prod',
  idempotencyTableName: 'table1',
  alarmTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alarms`,
  deadLetterQueue: { url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/dlq`, arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:dlq` },
  appConfigStrategies: { normal: 'normal1', incident: 'incident1' },
  workflowsPath: '/aethon/aethon/prod/workflows',
};

/** A project whose cdk-outputs.json is what today's stacks output: stage-level keys only. */
function project(outputs: Record<string, string> | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-manifest-'));
  if (outputs) writeFileSync(join(dir, 'cdk-outputs.json'), JSON.stringify({ 'Aethon-prod': outputs }));
  return dir;
}
const TODAYS_OUTPUTS = { WorkflowManifestPath: '/aethon/aethon/prod', TriggerDeadLetterQueueArn: STAGE.deadLetterQueue.arn, AppConfigIncidentStrategyId: 'incident1' };

describe('Function: listWorkflowManifests', () => {
  it('follows NextToken to the last page, through short and empty pages, 10 a call', async () => {
    // Prepare: 12 workflows over three pages, the second empty (the API answers on a best-effort basis)
    const names = Array.from({ length: 12 }, (_, i) => `wf-${String(i).padStart(2, '0')}`);
    const page = (slice: string[]) => slice.map((name) => parameter(`/aethon/aethon/prod/workflows/${name}`, workflowManifest(name)));
    ssm
      .on(GetParametersByPathCommand, { NextToken: undefined })
      .resolves({ Parameters: page(names.slice(0, 10)), NextToken: 't1' })
      .on(GetParametersByPathCommand, { NextToken: 't1' })
      .resolves({ Parameters: [], NextToken: 't2' })
      .on(GetParametersByPathCommand, { NextToken: 't2' })
      .resolves({ Parameters: page(names.slice(10)) });

    // Act
    const manifests = await listWorkflowManifests(ssm as unknown as SSMClient, { appName: 'aethon', stage: 'prod' });

    // Assess
    expect(manifests.map((m) => m.workflow)).toEqual(names);
    expect(ssm).toReceiveCommandTimes(GetParametersByPathCommand, 3);
    expect(ssm).toReceiveCommandWith(GetParametersByPathCommand, { Path: '/aethon/aethon/prod/workflows', Recursive: false, MaxResults: 10 });
  });

  it('refuses a manifest of a version it does not know, saying what to do', async () => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter('/aethon/aethon/prod/workflows/x', { ...workflowManifest('x'), version: 2 })] });
    await expect(listWorkflowManifests(ssm as unknown as SSMClient, { appName: 'aethon', stage: 'prod' })).rejects.toThrow(/manifest version 2; this aethon reads version 1/);
  });
});

describe('Function: readDeployedWorkflow', () => {
  it('reads the workflow\'s own parameter when the outputs list no workflows, in the outputs\' region', async () => {
    // Prepare
    ssm.on(GetParameterCommand, { Name: '/aethon/aethon/prod/workflows/deploy-pipeline' }).resolves({ Parameter: parameter('/aethon/aethon/prod/workflows/deploy-pipeline', workflowManifest('deploy-pipeline')) });
    const regions: (string | undefined)[] = [];

    // Act
    const source = stageSourceOf({ projectRoot: project(TODAYS_OUTPUTS), stage: 'prod', ssm: (region) => (regions.push(region), ssm as unknown as SSMClient) });
    const deployed = await readDeployedWorkflow(source, 'deploy-pipeline', '--state-machine-arn <arn>');

    // Assess
    expect(regions).toEqual(['eu-west-1']);
    expect(deployed).toMatchObject({ stateMachineArn: smArn('deploy-pipeline'), appConfig: { applicationId: 'app7', environmentId: 'env7', profileId: 'prof-deploy-pipeline' } });
    expect(deployed.source).toBe('SSM parameter /aethon/aethon/prod/workflows/deploy-pipeline');
  });

  it('reads an older deploy\'s per-workflow outputs without calling SSM', async () => {
    const dir = project({ DeployPipelineStateMachineArn: smArn('old'), DeployPipelineConfigProfileId: 'p1', AppConfigApplicationId: 'a1', AppConfigEnvironmentId: 'e1' });
    const source = stageSourceOf({ projectRoot: dir, stage: 'prod', ssm: () => ssm as unknown as SSMClient });
    expect(await readDeployedWorkflow(source, 'deploy-pipeline', '--flag')).toMatchObject({ stateMachineArn: smArn('old'), appConfig: { applicationId: 'a1', environmentId: 'e1', profileId: 'p1' } });
    expect(ssm).toReceiveCommandTimes(GetParameterCommand, 0);
  });

  it('says how to redeploy when neither the outputs nor SSM know the workflow', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const query = { projectRoot: project(null), stage: 'prod', workflow: 'deploy-pipeline', ssm: () => ssm as unknown as SSMClient };
    await expect(stateMachineArnFor(query)).rejects.toThrow(
      /workflow deploy-pipeline is not deployed in stage prod.*there is no cdk-outputs\.json, and SSM has no parameter \/aethon\/aethon\/prod\/workflows\/deploy-pipeline\. Deploy the stage with 'npx cdk deploy -c stage=prod --outputs-file cdk-outputs\.json'.*or pass --state-machine-arn <arn>/,
    );
  });
});

describe('Function: strategyIdFor', () => {
  it('takes the root output when there is one, else the stage\'s manifest', async () => {
    ssm.on(GetParameterCommand, { Name: '/aethon/aethon/prod/stage' }).resolves({ Parameter: parameter('/aethon/aethon/prod/stage', STAGE) });
    const withOutput = stageSourceOf({ projectRoot: project(TODAYS_OUTPUTS), stage: 'prod', ssm: () => ssm as unknown as SSMClient });
    const without = stageSourceOf({ projectRoot: project(null), stage: 'prod', ssm: () => ssm as unknown as SSMClient });
    expect(await strategyIdFor(withOutput, 'incident')).toBe('incident1');
    expect(ssm).toReceiveCommandTimes(GetParameterCommand, 0);
    expect(await strategyIdFor(without, 'normal')).toBe('normal1');
    expect(await readStageManifest(ssm as unknown as SSMClient, { appName: 'aethon', stage: 'prod' })).toEqual(STAGE);
  });
});

describe('Function: readStageWorkflows', () => {
  it('lists every state machine and starter of the stage from the manifest, as replay targets', async () => {
    // Prepare
    const names = ['deploy-pipeline', 'nightly-etl'];
    ssm.on(GetParameterCommand, { Name: '/aethon/aethon/prod/stage' }).resolves({ Parameter: parameter('/aethon/aethon/prod/stage', STAGE) });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: names.map((name) => parameter(`/aethon/aethon/prod/workflows/${name}`, workflowManifest(name))) });
    const source = stageSourceOf({ projectRoot: project(TODAYS_OUTPUTS), stage: 'prod', ssm: () => ssm as unknown as SSMClient });

    // Act
    const stage = await readStageWorkflows([], source);

    // Assess
    expect([...stage.stateMachines]).toEqual(names.map((name) => [smArn(name), name]));
    expect([...stage.replayTargets.starterFunctions.values()]).toEqual(names);
    expect(stage.replayTargets.source).toMatch(/manifest of stack Aethon-prod under \/aethon\/aethon\/prod\/workflows/);
  });

  it('lists nothing, and says how to publish the manifest, for a stage that has none', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const stage = await readStageWorkflows([], stageSourceOf({ projectRoot: project(TODAYS_OUTPUTS), stage: 'prod', ssm: () => ssm as unknown as SSMClient }));
    expect(stage.stateMachines.size).toBe(0);
    expect(stage.replayTargets.hint).toMatch(/SSM has no manifest of stage prod under \/aethon\/aethon\/prod\/workflows in eu-west-1: deploy the stage/);
  });
});

describe('Function: stageValueFor', () => {
  it('reads a stage-level id from the outputs, else from the stage\'s manifest, else says where it looked', async () => {
    const query = (dir: string) => ({ projectRoot: dir, stage: 'prod', ssm: () => ssm as unknown as SSMClient });
    expect(await stageValueFor(query(project({ ...TODAYS_OUTPUTS, IdempotencyTableName: 'fromOutputs' })), 'IdempotencyTableName', '--table <name>')).toBe('fromOutputs');
    expect(ssm).toReceiveCommandTimes(GetParameterCommand, 0);

    ssm.on(GetParameterCommand, { Name: '/aethon/aethon/prod/stage' }).resolves({ Parameter: parameter('/aethon/aethon/prod/stage', STAGE) });
    expect(await stageValueFor(query(project(null)), 'TriggerDeadLetterQueueUrl', '--queue-url <url>')).toBe(STAGE.deadLetterQueue.url);

    ssm.reset();
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    await expect(stageValueFor(query(project(null)), 'IdempotencyTableName', '--table <name>')).rejects.toThrow(
      /there is no cdk-outputs\.json to read IdempotencyTableName from\. Deploy with .*or pass --table <name>\. Nor does SSM hold the stage's manifest \(\/aethon\/aethon\/prod\/stage\)/,
    );
  });
});
