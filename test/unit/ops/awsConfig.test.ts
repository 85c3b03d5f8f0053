/**
 * The AppConfig requests of `aethon config` on AWS, checked with aws-sdk-client-mock: exact
 * request shapes, deployment polling on an injected clock, and each AWS error a user can meet.
 */
import {
  AppConfigClient,
  ConflictException,
  CreateHostedConfigurationVersionCommand,
  GetDeploymentCommand,
  GetHostedConfigurationVersionCommand,
  type GetHostedConfigurationVersionCommandOutput,
  ListDeploymentsCommand,
  ListHostedConfigurationVersionsCommand,
  ResourceNotFoundException,
  StartDeploymentCommand,
} from '@aws-sdk/client-appconfig';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { parseAssignments } from '../../../lib/ops/config/assignments.ts';
import { awsConfigHistory, rollbackAwsConfig, setAwsConfig, type AppConfigTarget, type AwsConfigDeps, type DeploymentProgress } from '../../../lib/ops/config/awsConfig.ts';
import { AwsOperationError, ConfigRefusedError, NotFoundError } from '../../../lib/ops/errors.ts';
import { loadWorkflow } from '../../../lib/ops/workflows.ts';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

registerSdkMatchers();

const appConfig = mockClient(AppConfigClient);
const target: AppConfigTarget = { applicationId: 'app1', environmentId: 'env1', profileId: 'prof1', strategyId: 'incident1' };
const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
let workflow: CompiledWorkflow;
let now: number;
let sleeps: number[];
let progress: DeploymentProgress[];
let deps: AwsConfigDeps;

/** A hosted version's Content as the SDK returns it (a Uint8Array with helpers the code does not use). */
const bytes = (document: unknown) => new TextEncoder().encode(JSON.stringify(document)) as unknown as GetHostedConfigurationVersionCommandOutput['Content'];
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

beforeAll(async () => {
  workflow = await loadWorkflow(PROJECT_ROOT, 'deploy-pipeline');
});

beforeEach(() => {
  appConfig.reset();
  now = T0;
  sleeps = [];
  progress = [];
  deps = {
    client: new AppConfigClient({ region: 'eu-west-1' }),
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    onProgress: (p) => progress.push(p),
  };
  appConfig.on(ListHostedConfigurationVersionsCommand).resolves({ Items: [{ VersionNumber: 4, Description: 'defaults (by cdk at 2026-11-01T00:00:00.000Z)' }] });
  appConfig.on(GetHostedConfigurationVersionCommand).resolves({ VersionNumber: 4, Content: bytes({ deploysFrozen: false, verifyAttempts: 5 }) });
  appConfig.on(CreateHostedConfigurationVersionCommand).resolves({ VersionNumber: 5 });
  appConfig.on(StartDeploymentCommand).resolves({ DeploymentNumber: 12, State: 'DEPLOYING', PercentageComplete: 0 });
});

describe('Function: setAwsConfig', () => {
  it('creates a hosted version with reason and author, deploys it with the strategy, and follows it to COMPLETE', async () => {
    // Prepare
    appConfig
      .on(GetDeploymentCommand)
      .resolvesOnce({ DeploymentNumber: 12, State: 'DEPLOYING', PercentageComplete: 0 })
      .resolvesOnce({ DeploymentNumber: 12, State: 'BAKING', PercentageComplete: 100 })
      .resolves({ DeploymentNumber: 12, State: 'COMPLETE', PercentageComplete: 100 });
    // Act
    const outcome = await setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true', 'freezeReason=incident 42']), { author: 'alice', reason: 'incident 42' });
    // Assess
    const description = 'incident 42 (by alice at 2026-11-28T03:00:00.000Z)';
    expect(appConfig).toReceiveCommandWith(ListHostedConfigurationVersionsCommand, { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', MaxResults: 1 });
    expect(appConfig).toReceiveCommandWith(GetHostedConfigurationVersionCommand, { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', VersionNumber: 4 });
    const create = appConfig.commandCalls(CreateHostedConfigurationVersionCommand)[0]!.args[0].input;
    expect({ ...create, Content: JSON.parse(new TextDecoder().decode(create.Content as Uint8Array)) }).toEqual({
      ApplicationId: 'app1',
      ConfigurationProfileId: 'prof1',
      Content: { deploysFrozen: true, verifyAttempts: 5, freezeReason: 'incident 42' },
      ContentType: 'application/json',
      Description: description,
      LatestVersionNumber: 4,
    });
    expect(appConfig.commandCalls(StartDeploymentCommand)[0]!.args[0].input).toEqual({
      ApplicationId: 'app1',
      EnvironmentId: 'env1',
      DeploymentStrategyId: 'incident1',
      ConfigurationProfileId: 'prof1',
      ConfigurationVersion: '5',
      Description: description,
    });
    expect(appConfig).toReceiveCommandWith(GetDeploymentCommand, { ApplicationId: 'app1', EnvironmentId: 'env1', DeploymentNumber: 12 });
    expect(appConfig).toReceiveCommandTimes(GetDeploymentCommand, 3);
    expect(sleeps).toEqual([2000, 2000]);
    expect(progress.map((p) => `${p.state} ${p.percentage}`)).toEqual(['DEPLOYING 0', 'BAKING 100', 'COMPLETE 100']);
    expect(outcome).toMatchObject({ version: 5, changed: ['deploysFrozen', 'freezeReason'], deployment: { number: 12, state: 'COMPLETE', strategyId: 'incident1' } });
    expect(outcome.propagation).toMatch(/within 30 s/);
  });

  it('refuses a value the schema rejects before sending anything that writes', async () => {
    // Act
    const act = setAwsConfig(deps, target, workflow, parseAssignments(['verifyAttempts=0']), { author: 'alice' });
    // Assess
    await expect(act).rejects.toBeInstanceOf(ConfigRefusedError);
    await expect(act).rejects.toThrow(/\/verifyAttempts must be >= 1/);
    expect(appConfig).toReceiveCommandTimes(CreateHostedConfigurationVersionCommand, 0);
    expect(appConfig).toReceiveCommandTimes(StartDeploymentCommand, 0);
  });

  it('returns at once with --no-wait, saying when handlers will see it', async () => {
    // Act
    const outcome = await setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'alice', wait: false });
    // Assess
    expect(appConfig).toReceiveCommandTimes(GetDeploymentCommand, 0);
    expect(outcome.deployment).toEqual({ number: 12, state: 'DEPLOYING', strategyId: 'incident1' });
    expect(outcome.propagation).toMatch(/Deployment #12 is DEPLOYING; handlers see version 5 up to 30 s/);
  });

  it('waits for a deployment already running in the environment (ConflictException), then deploys', async () => {
    // Prepare
    appConfig
      .on(StartDeploymentCommand)
      .rejectsOnce(new ConflictException({ message: 'Deployment #11 is in progress', $metadata: {} }))
      .resolves({ DeploymentNumber: 12, State: 'DEPLOYING', PercentageComplete: 0 });
    appConfig.on(ListDeploymentsCommand).resolves({ Items: [{ DeploymentNumber: 11, State: 'BAKING', PercentageComplete: 100 }, { DeploymentNumber: 10, State: 'COMPLETE' }] });
    appConfig.on(GetDeploymentCommand, { DeploymentNumber: 11 }).resolvesOnce({ DeploymentNumber: 11, State: 'BAKING', PercentageComplete: 100 }).resolves({ DeploymentNumber: 11, State: 'COMPLETE', PercentageComplete: 100 });
    appConfig.on(GetDeploymentCommand, { DeploymentNumber: 12 }).resolves({ DeploymentNumber: 12, State: 'COMPLETE', PercentageComplete: 100 });
    // Act
    const outcome = await setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'alice' });
    // Assess
    expect(appConfig).toReceiveCommandWith(ListDeploymentsCommand, { ApplicationId: 'app1', EnvironmentId: 'env1' });
    expect(appConfig).toReceiveCommandTimes(StartDeploymentCommand, 2);
    expect(progress.filter((p) => p.blocking).map((p) => `#${p.number} ${p.state}`)).toEqual(['#11 BAKING', '#11 COMPLETE']);
    expect(outcome.deployment?.state).toBe('COMPLETE');
  });

  it('says clearly why it cannot deploy now when told not to wait', async () => {
    // Prepare
    appConfig.on(StartDeploymentCommand).rejects(new ConflictException({ message: 'in progress', $metadata: {} }));
    appConfig.on(ListDeploymentsCommand).resolves({ Items: [{ DeploymentNumber: 11, State: 'BAKING', PercentageComplete: 100 }] });
    // Act
    const act = setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'alice', wait: false });
    // Assess
    await expect(act).rejects.toBeInstanceOf(AwsOperationError);
    await expect(act).rejects.toThrow(/version 5 was created but not deployed: deployment #11 \(BAKING, 100%\) is in progress .* one deployment per environment at a time/);
  });

  it('reports a deployment that AppConfig rolled back', async () => {
    // Prepare
    appConfig.on(GetDeploymentCommand).resolves({ DeploymentNumber: 12, State: 'ROLLED_BACK', PercentageComplete: 0 });
    // Act
    const outcome = await setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'alice' });
    // Assess
    expect(outcome.deployment?.state).toBe('ROLLED_BACK');
    expect(outcome.propagation).toMatch(/ended ROLLED_BACK: handlers keep the previous version/);
  });

  it('gives up waiting after the timeout, on the injected clock', async () => {
    // Prepare
    appConfig.on(GetDeploymentCommand).resolves({ DeploymentNumber: 12, State: 'BAKING', PercentageComplete: 100 });
    // Act
    const act = setAwsConfig({ ...deps, timeoutMs: 10_000 }, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'alice' });
    // Assess
    await expect(act).rejects.toThrow(/gave up waiting for deployment #12 \(still BAKING\)/);
    expect(sleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
  });

  it('refuses to overwrite a version published since it was read', async () => {
    // Prepare
    appConfig.on(CreateHostedConfigurationVersionCommand).rejects(new ConflictException({ message: 'LatestVersionNumber mismatch', $metadata: {} }));
    // Act / Assess
    await expect(setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'alice' })).rejects.toThrow(/someone published a new version .* since it was read \(version 4\); nothing was changed/);
    expect(appConfig).toReceiveCommandTimes(StartDeploymentCommand, 0);
  });

  it.each([
    ['ThrottlingException', /AWS throttled the request .* wait a few seconds/],
    ['CredentialsProviderError', /no AWS credentials .* Set AWS_PROFILE/],
    ['AccessDeniedException', /AWS refused the credentials in use/],
  ])('explains %s', async (name, message) => {
    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).rejects(awsError(name, name === 'CredentialsProviderError' ? 'Could not resolve credentials using profile: [nope] in configuration/credentials file(s).' : 'Rate exceeded'));
    // Act
    const act = setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'alice' });
    // Assess
    await expect(act).rejects.toBeInstanceOf(AwsOperationError);
    await expect(act).rejects.toThrow(message);
  });

  it('explains a missing configuration profile', async () => {
    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).rejects(new ResourceNotFoundException({ message: 'Profile prof1 not found', $metadata: {} }));
    // Act / Assess
    await expect(setAwsConfig(deps, target, workflow, parseAssignments(['deploysFrozen=true']), { author: 'a' })).rejects.toThrow(/AWS found no such resource \(profile prof1\): Profile prof1 not found\. Is the stage deployed/);
  });
});

describe('Functions: awsConfigHistory / rollbackAwsConfig', () => {
  it('lists versions newest first with reason, author and time from their descriptions', async () => {
    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).resolves({
      Items: [
        { VersionNumber: 5, Description: 'incident 42 (by alice at 2026-11-28T03:00:00.000Z)' },
        { VersionNumber: 4, Description: 'made in the console' },
      ],
    });
    // Act
    const history = await awsConfigHistory(deps, target);
    // Assess
    expect(history).toEqual([
      { version: 5, reason: 'incident 42', author: 'alice', at: '2026-11-28T03:00:00.000Z' },
      { version: 4, reason: 'made in the console' },
    ]);
  });

  it('publishes the old document as a new version and deploys it', async () => {
    // Prepare
    appConfig.on(GetHostedConfigurationVersionCommand, { VersionNumber: 2 }).resolves({ VersionNumber: 2, Content: bytes({ deploysFrozen: false, verifyAttempts: 3 }) });
    appConfig.on(GetDeploymentCommand).resolves({ DeploymentNumber: 12, State: 'COMPLETE', PercentageComplete: 100 });
    // Act
    const outcome = await rollbackAwsConfig(deps, target, workflow, 2, { author: 'bob', reason: 'incident over' });
    // Assess
    expect(appConfig).toReceiveCommandWith(CreateHostedConfigurationVersionCommand, { Description: 'rollback to version 2: incident over (by bob at 2026-11-28T03:00:00.000Z)' });
    expect(outcome).toMatchObject({ version: 5, document: { deploysFrozen: false, verifyAttempts: 3 }, changed: ['verifyAttempts'] });
  });

  it('says which version does not exist', async () => {
    // Prepare
    appConfig.on(GetHostedConfigurationVersionCommand, { VersionNumber: 9 }).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));
    // Act / Assess
    await expect(rollbackAwsConfig(deps, target, workflow, 9, { author: 'bob' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
