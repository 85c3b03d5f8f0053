/**
 * The SDK clients the operations commands call against a stage, mocked with aws-sdk-client-mock
 * (which replaces `send` on every instance of a client class, so one set serves a whole test file),
 * and the AppConfig and SSM answers those tests repeat, shaped as the APIs document them.
 */
import {
  AppConfigClient,
  CreateHostedConfigurationVersionCommand,
  GetDeploymentCommand,
  GetHostedConfigurationVersionCommand,
  type GetHostedConfigurationVersionCommandOutput,
  ListHostedConfigurationVersionsCommand,
  StartDeploymentCommand,
} from '@aws-sdk/client-appconfig';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { beforeEach } from 'vitest';
import { registerSdkMatchers } from '../fixtures/runtime/sdkMatchers.ts';

export interface StageClientMocks {
  readonly sfn: AwsClientStub<SFNClient>;
  readonly appConfig: AwsClientStub<AppConfigClient>;
  readonly events: AwsClientStub<EventBridgeClient>;
  readonly ssm: AwsClientStub<SSMClient>;
}

/**
 * Mocks for the calling test file, reset before each of its tests. SSM then holds no parameter
 * (so the CLI takes the stage's ids from cdk-outputs.json or flags) until a test or a later
 * beforeEach adds one. Registers the toReceiveCommand matchers too.
 */
export function mockStageClients(): StageClientMocks {
  registerSdkMatchers();
  const mocks: StageClientMocks = { sfn: mockClient(SFNClient), appConfig: mockClient(AppConfigClient), events: mockClient(EventBridgeClient), ssm: mockClient(SSMClient) };
  beforeEach(() => {
    for (const mock of Object.values(mocks)) mock.reset();
    mocks.ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
  });
  return mocks;
}

/** A GetParameter answer holding `value` as JSON, as Parameter Store returns a String parameter. */
export function ssmParameter(name: string, value: unknown) {
  return { Parameter: { Name: name, Type: 'String' as const, Value: JSON.stringify(value), Version: 3, LastModifiedDate: new Date('2026-12-01T00:00:00Z'), ARN: `arn:aws:ssm:eu-west-1:111122223333:parameter${name}`, DataType: 'text' } };
}

/** AppConfig whose newest hosted version is `version`, holding `document` (bytes, as the SDK returns Content). */
export function newestHostedVersion(appConfig: AwsClientStub<AppConfigClient>, version: number, document: unknown, description?: string): void {
  appConfig.on(ListHostedConfigurationVersionsCommand).resolves({ Items: [{ VersionNumber: version, ...(description ? { Description: description } : {}) }] });
  const content = new TextEncoder().encode(JSON.stringify(document)) as unknown as GetHostedConfigurationVersionCommandOutput['Content'];
  appConfig.on(GetHostedConfigurationVersionCommand).resolves({ VersionNumber: version, Content: content });
}

/** AppConfig taking a write: version `created` is created and deployment `deployment` starts; with `completes`, it reads back COMPLETE. */
export function acceptsConfigWrite(appConfig: AwsClientStub<AppConfigClient>, write: { readonly created: number; readonly deployment: number; readonly completes?: boolean }): void {
  appConfig.on(CreateHostedConfigurationVersionCommand).resolves({ VersionNumber: write.created });
  appConfig.on(StartDeploymentCommand).resolves({ DeploymentNumber: write.deployment, State: 'DEPLOYING', PercentageComplete: 0 });
  if (write.completes) appConfig.on(GetDeploymentCommand).resolves({ DeploymentNumber: write.deployment, State: 'COMPLETE', PercentageComplete: 100 });
}
