/**
 * The operations commands against AWS, end to end through the CLI with the SDK clients mocked:
 * how the stage's resources are found (cdk-outputs.json or flags), what is sent, what is printed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateHostedConfigurationVersionCommand, GetDeploymentCommand, StartDeploymentCommand } from '@aws-sdk/client-appconfig';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, ExecutionAlreadyExists, GetExecutionHistoryCommand, ListExecutionsCommand, RedriveExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { executionNameFor } from '../../../lib/contracts/executionName.ts';
import { acceptsConfigWrite, mockStageClients, newestHostedVersion } from '../../helpers/awsMocks.ts';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './project.ts';

/** SSM answers no parameter: the stage's ids come from cdk-outputs.json or flags. */
const { sfn, appConfig, events } = mockStageClients();
const SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:deploy-pipeline-prod';
const NAME = executionNameFor('deploy-pipeline', 'r-42');
const EXEC = `arn:aws:states:eu-west-1:111122223333:execution:deploy-pipeline-prod:${NAME}`;
const START = new Date('2026-11-28T03:00:00.000Z');
const INPUT = JSON.stringify({ service: 'api', releaseId: 'r-42', commit: 'abc' });

/** A project with the example workflows and the outputs `cdk deploy --outputs-file` writes for stage prod. */
function deployedProject(outputs: Record<string, string> | null = {}): string {
  const dir = scratchProject('repo');
  if (outputs) {
    writeFileSync(
      join(dir, 'cdk-outputs.json'),
      JSON.stringify({
        'Aethon-prod': {
          DeployPipelineStateMachineArn: SM,
          DeployPipelineConfigProfileId: 'prof1',
          AppConfigApplicationId: 'app1',
          AppConfigEnvironmentId: 'env1',
          AppConfigIncidentStrategyId: 'incident1',
          AppConfigNormalStrategyId: 'normal1',
          ...outputs,
        },
      }),
    );
  }
  return dir;
}

describe('Command: aethon start (AWS)', () => {
  it('starts with the name derived from the trigger key, the state machine from cdk-outputs.json', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: START });
    // Act
    const run = await runCli(['start', 'deploy-pipeline', '--input', INPUT, '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(sfn).toReceiveCommandWith(StartExecutionCommand, { stateMachineArn: SM, name: NAME, input: INPUT });
    expect(run.stdout).toContain(`started ${NAME}`);
    expect(run.stdout).toContain(`console  https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXEC}`);
  });

  it('shows a duplicate and exits 0', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, status: 'RUNNING', input: INPUT, startDate: START });
    // Act
    const run = await runCli(['start', 'deploy-pipeline', '--input', INPUT, '--stage', 'prod', '--json'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'duplicate', name: NAME, executionStatus: 'RUNNING', keySource: 'trigger' });
  });

  it('takes --state-machine-arn instead of the outputs file', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: START });
    // Act
    const run = await runCli(['start', 'deploy-pipeline', '--input', INPUT, '--key', 'r-42', '--state-machine-arn', SM], deployedProject(null));
    // Assess
    expect(run.code).toBe(0);
    expect(sfn).toReceiveCommandWith(StartExecutionCommand, { stateMachineArn: SM, name: NAME });
  });

  it.each([
    [null, ['--stage', 'prod'], 2, /there is no cdk-outputs\.json, and SSM has no parameter \/aethon\/aethon\/prod\/workflows\/deploy-pipeline\. Deploy the stage with 'npx cdk deploy -c stage=prod --outputs-file cdk-outputs\.json'.*or pass --state-machine-arn <arn>/],
    [{}, ['--stage', 'dev'], 1, /has no outputs for stack Aethon-dev \(stage dev\); it has: Aethon-prod/],
    [{ DeployPipelineStateMachineArn: '' }, ['--stage', 'prod'], 2, /has no output DeployPipelineStateMachineArn for Aethon-prod/],
    [{}, ['--stage', 'prod', '--state-machine-arn', 'arn:aws:lambda:x'], 2, /is not a state machine ARN/],
  ])('explains where the state machine could not be found (%#)', async (outputs, flags, code, message) => {
    // Act
    const run = await runCli(['start', 'deploy-pipeline', '--input', INPUT, ...flags], deployedProject(outputs));
    // Assess
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(sfn).toReceiveCommandTimes(StartExecutionCommand, 0);
  });
});

describe('Command: aethon config (AWS)', () => {
  it('sets through AppConfig with the incident strategy and prints the deployment outcome', async () => {
    // Prepare
    newestHostedVersion(appConfig, 1, { deploysFrozen: false });
    acceptsConfigWrite(appConfig, { created: 2, deployment: 3, completes: true });
    // Act
    const run = await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=true', '--stage', 'prod', '--reason', 'incident 42'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(appConfig).toReceiveCommandWith(StartDeploymentCommand, { ApplicationId: 'app1', EnvironmentId: 'env1', ConfigurationProfileId: 'prof1', DeploymentStrategyId: 'incident1', ConfigurationVersion: '2' });
    expect(appConfig).toReceiveCommandWith(CreateHostedConfigurationVersionCommand, { Description: expect.stringMatching(/^incident 42 \(by \S+ at \d{4}-/) });
    expect(run.stdout).toContain('deploy-pipeline: version 2 is deployment #3 COMPLETE');
    expect(run.stdout).toMatch(/propagation Deployed\. Warm functions cache the configuration for up to 30 s/);
    expect(run.stderr).toContain('deployment #3: COMPLETE 100%');
  });

  it('chooses the normal strategy or an id with --strategy, and ids with --appconfig', async () => {
    // Prepare
    newestHostedVersion(appConfig, 1, { deploysFrozen: false });
    acceptsConfigWrite(appConfig, { created: 2, deployment: 3 });
    // Act
    const normal = await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=true', '--stage', 'prod', '--strategy', 'normal', '--no-wait'], deployedProject());
    const explicit = await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=true', '--appconfig', 'a9/e9/p9', '--strategy', 'AppConfig.AllAtOnce', '--no-wait'], deployedProject(null));
    // Assess
    expect(normal.code).toBe(0);
    expect(explicit.code).toBe(0);
    const starts = appConfig.commandCalls(StartDeploymentCommand).map((c) => c.args[0].input);
    expect(starts[0]).toMatchObject({ DeploymentStrategyId: 'normal1' });
    expect(starts[1]).toMatchObject({ ApplicationId: 'a9', EnvironmentId: 'e9', ConfigurationProfileId: 'p9', DeploymentStrategyId: 'AppConfig.AllAtOnce' });
    expect(appConfig).toReceiveCommandTimes(GetDeploymentCommand, 0);
  });

  it('refuses an invalid value before anything is written', async () => {
    // Prepare
    newestHostedVersion(appConfig, 1, { deploysFrozen: false });
    // Act
    const run = await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=maybe', '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\/deploysFrozen must be boolean/);
    expect(appConfig).toReceiveCommandTimes(CreateHostedConfigurationVersionCommand, 0);
    expect(appConfig).toReceiveCommandTimes(StartDeploymentCommand, 0);
  });

  it('refuses a malformed --appconfig', async () => {
    const run = await runCli(['config', 'get', 'deploy-pipeline', '--appconfig', 'a/b'], deployedProject(null));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--appconfig takes application\/environment\/profile ids/);
  });
});

describe('Commands: aethon executions / execution / redrive / send-event (AWS)', () => {
  it('prints a table of executions', async () => {
    // Prepare
    sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: EXEC, stateMachineArn: SM, name: NAME, status: 'FAILED', startDate: START, stopDate: new Date('2026-11-28T03:02:03.000Z') }] });
    // Act
    const run = await runCli(['executions', 'deploy-pipeline', '--stage', 'prod', '--status', 'FAILED', '--limit', '5'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(sfn).toReceiveCommandWith(ListExecutionsCommand, { stateMachineArn: SM, statusFilter: 'FAILED', maxResults: 5 });
    expect(run.stdout).toMatch(/^NAME +STATUS +START +DURATION$/m);
    expect(run.stdout).toMatch(new RegExp(`^${NAME} +FAILED +2026-11-28 03:00:00Z +2 min 3 s$`, 'm'));
  });

  it('shows one execution by name with --workflow, with the console URL', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, stateMachineArn: SM, name: NAME, status: 'SUCCEEDED', startDate: START, stopDate: START });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [{ id: 1, type: 'PassStateEntered', timestamp: START, stateEnteredEventDetails: { name: 'only' } }, { id: 2, type: 'PassStateExited', timestamp: START, stateExitedEventDetails: { name: 'only' } }] });
    // Act
    const run = await runCli(['execution', NAME, '--workflow', 'deploy-pipeline', '--stage', 'prod'], deployedProject());
    // Assess
    expect(run.code).toBe(0);
    expect(sfn).toReceiveCommandWith(DescribeExecutionCommand, { executionArn: EXEC });
    expect(run.stdout).toContain(`console    https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXEC}`);
    expect(run.stdout).toMatch(/^only +Pass +SUCCEEDED +0 +0 ms$/m);
  });

  it('redrives by ARN', async () => {
    // Prepare
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: START });
    // Act
    const run = await runCli(['redrive', EXEC, '--json'], deployedProject(null));
    // Assess
    expect(run.code).toBe(0);
    expect(sfn).toReceiveCommandWith(RedriveExecutionCommand, { executionArn: EXEC });
    expect(JSON.parse(run.stdout)).toMatchObject({ redriven: true, executionArn: EXEC });
  });

  it('sends an event with PutEvents, overriding the bus', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev-9' }] });
    // Act
    const run = await runCli(['send-event', '{"Source":"app.ci","DetailType":"ReleaseTagged","Detail":{"releaseId":"r-42"}}', '--bus', 'ops'], deployedProject(null));
    // Assess
    expect(run.code).toBe(0);
    expect(events).toReceiveCommandWith(PutEventsCommand, { Entries: [{ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: '{"releaseId":"r-42"}', EventBusName: 'ops' }] });
    expect(run.stdout).toContain('event ev-9 put on bus ops');
  });
});
