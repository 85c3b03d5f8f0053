/**
 * The config-in-force custom resource: what it sends to AppConfig (exact requests) and what it
 * answers CloudFormation (a PUT to a real HTTP server standing in for the pre-signed response URL).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AppConfigClient,
  ConflictException,
  CreateHostedConfigurationVersionCommand,
  DeleteHostedConfigurationVersionCommand,
  GetHostedConfigurationVersionCommand,
  type GetHostedConfigurationVersionCommandOutput,
  ListHostedConfigurationVersionsCommand,
} from '@aws-sdk/client-appconfig';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleConfigInForce, type CustomResourceEvent } from '../../../../lib/runtime/config/inForce/handler.ts';
import { registerSdkMatchers } from '../../../fixtures/runtime/sdkMatchers.ts';

registerSdkMatchers();

const appConfig = mockClient(AppConfigClient);
const client = new AppConfigClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const now = () => Date.parse('2026-12-04T08:00:00.000Z');
/** The Content a request carried (the handler always sends bytes). */
const sentDocument = (input: { Content?: unknown }) => JSON.parse(new TextDecoder().decode(input.Content as Uint8Array)) as unknown;
const content = (document: unknown) => new TextEncoder().encode(JSON.stringify(document)) as unknown as GetHostedConfigurationVersionCommandOutput['Content'];

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['deploysFrozen', 'verifyAttempts'],
  properties: { deploysFrozen: { type: 'boolean' }, verifyAttempts: { type: 'integer', maximum: 20 }, legacy: { type: 'string' } },
};

/** Answers CloudFormation's PUTs and keeps them. */
let server: Server;
let responses: { method: string; body: Record<string, unknown> }[];
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      responses.push({ method: req.method ?? '', body: JSON.parse(text) as Record<string, unknown> });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response?signed=1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  appConfig.reset();
  responses = [];
});

function event(requestType: CustomResourceEvent['RequestType'], schema: object, defaults: object): CustomResourceEvent {
  return {
    RequestType: requestType,
    ResponseURL: url,
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Aethon-prod-G03/abc',
    RequestId: 'req-1',
    LogicalResourceId: 'DeployPipelineConfigInForce',
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'app1/prof1' }),
    ResourceProperties: { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', Workflow: 'deploy-pipeline', Schema: JSON.stringify(schema), Defaults: JSON.stringify(defaults) },
  };
}

describe('Function: handleConfigInForce', () => {
  it('creates the first hosted version from the defaults when the profile has none', async () => {
    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).resolves({ Items: [] });
    appConfig.on(CreateHostedConfigurationVersionCommand).resolves({ VersionNumber: 1 });
    // Act
    await handleConfigInForce(event('Create', SCHEMA, { deploysFrozen: false, verifyAttempts: 5 }), { client, now });
    // Assess
    expect(appConfig).toReceiveCommandWith(ListHostedConfigurationVersionsCommand, { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', MaxResults: 1 });
    const create = appConfig.commandCalls(CreateHostedConfigurationVersionCommand)[0]!.args[0].input;
    expect({ ...create, Content: sentDocument(create) }).toEqual({
      ApplicationId: 'app1',
      ConfigurationProfileId: 'prof1',
      Content: { deploysFrozen: false, verifyAttempts: 5 },
      ContentType: 'application/json',
      Description: 'cdk deploy: defaults from the workflow file (by cdk deploy at 2026-12-04T08:00:00.000Z)',
    });
    expect(responses).toEqual([
      {
        method: 'PUT',
        body: {
          Status: 'SUCCESS',
          PhysicalResourceId: 'app1/prof1',
          Data: { VersionNumber: '1', Created: 'true' },
          StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Aethon-prod-G03/abc',
          RequestId: 'req-1',
          LogicalResourceId: 'DeployPipelineConfigInForce',
        },
      },
    ]);
  });

  it('keeps a flipped value, fills the new key and drops the removed one, on top of the version it read', async () => {
    // Prepare: frozen during an incident (version 4); the spec since gained verifyAttempts and lost legacy
    const schema = { ...SCHEMA, properties: { deploysFrozen: SCHEMA.properties.deploysFrozen, verifyAttempts: SCHEMA.properties.verifyAttempts } };
    appConfig.on(ListHostedConfigurationVersionsCommand).resolves({ Items: [{ VersionNumber: 4 }] });
    appConfig.on(GetHostedConfigurationVersionCommand).resolves({ Content: content({ deploysFrozen: true, legacy: 'x' }) });
    appConfig.on(CreateHostedConfigurationVersionCommand).resolves({ VersionNumber: 5 });
    // Act
    await handleConfigInForce(event('Update', schema, { deploysFrozen: false, verifyAttempts: 5 }), { client, now });
    // Assess
    expect(appConfig).toReceiveCommandWith(GetHostedConfigurationVersionCommand, { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', VersionNumber: 4 });
    const create = appConfig.commandCalls(CreateHostedConfigurationVersionCommand)[0]!.args[0].input;
    expect(sentDocument(create)).toEqual({ deploysFrozen: true, verifyAttempts: 5 });
    expect(create.LatestVersionNumber).toBe(4);
    expect(create.Description).toBe('cdk deploy, workflow file changed: added verifyAttempts=5; dropped legacy; kept deploysFrozen (by cdk deploy at 2026-12-04T08:00:00.000Z)');
    expect(responses[0]!.body).toMatchObject({ Status: 'SUCCESS', Data: { VersionNumber: '5', Created: 'true' } });
  });

  it('creates nothing when the version in force already fits, and deploys that version', async () => {
    // Prepare: only a default changed; the value in force is kept as it is
    appConfig.on(ListHostedConfigurationVersionsCommand).resolves({ Items: [{ VersionNumber: 7 }] });
    appConfig.on(GetHostedConfigurationVersionCommand).resolves({ Content: content({ deploysFrozen: false, verifyAttempts: 5 }) });
    // Act
    await handleConfigInForce(event('Update', SCHEMA, { deploysFrozen: false, verifyAttempts: 8 }), { client, now });
    // Assess
    expect(appConfig).toReceiveCommandTimes(CreateHostedConfigurationVersionCommand, 0);
    expect(responses[0]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'app1/prof1', Data: { VersionNumber: '7', Created: 'false' } });
  });

  it('fails the deploy naming the key when a value in force does not fit the new schema, and writes nothing', async () => {
    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).resolves({ Items: [{ VersionNumber: 3 }] });
    appConfig.on(GetHostedConfigurationVersionCommand).resolves({ Content: content({ deploysFrozen: true, verifyAttempts: 50 }) });
    const logged: string[] = [];
    // Act
    await handleConfigInForce(event('Update', SCHEMA, { deploysFrozen: false, verifyAttempts: 5 }), { client, now, log: (line) => logged.push(line) });
    // Assess
    expect(appConfig).toReceiveCommandTimes(CreateHostedConfigurationVersionCommand, 0);
    expect(responses[0]!.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'app1/prof1' });
    expect(logged.map((line) => JSON.parse(line))).toEqual([{ level: 'ERROR', message: 'config in force refused or failed', logicalResourceId: 'DeployPipelineConfigInForce', reason: responses[0]!.body.Reason }]);
    expect(responses[0]!.body.Reason).toMatch(/^ConfigSpecChangeRefusedError: the configuration in force for 'deploy-pipeline' \(hosted version 3\) does not fit its workflow file's config schema any more: verifyAttempts = 50: must be <= 20\. Nothing was changed\./);
    expect(responses[0]!.body.Reason).toContain("with 'aethon config set deploy-pipeline <key>=<value>' (it fills new keys with their defaults), or change the schema, and deploy again");
  });

  it('merges again when someone published a version between its read and its write', async () => {
    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).resolvesOnce({ Items: [{ VersionNumber: 2 }] }).resolves({ Items: [{ VersionNumber: 3 }] });
    appConfig.on(GetHostedConfigurationVersionCommand, { VersionNumber: 2 }).resolves({ Content: content({ deploysFrozen: false }) });
    appConfig.on(GetHostedConfigurationVersionCommand, { VersionNumber: 3 }).resolves({ Content: content({ deploysFrozen: true }) });
    appConfig
      .on(CreateHostedConfigurationVersionCommand)
      .rejectsOnce(new ConflictException({ message: 'latest version is 3', $metadata: {} }))
      .resolves({ VersionNumber: 4 });
    // Act
    await handleConfigInForce(event('Update', SCHEMA, { deploysFrozen: false, verifyAttempts: 5 }), { client, now });
    // Assess
    const creates = appConfig.commandCalls(CreateHostedConfigurationVersionCommand).map((c) => c.args[0].input);
    expect(creates.map((c) => c.LatestVersionNumber)).toEqual([2, 3]);
    expect(sentDocument(creates[1]!)).toEqual({ deploysFrozen: true, verifyAttempts: 5 });
    expect(responses[0]!.body).toMatchObject({ Status: 'SUCCESS', Data: { VersionNumber: '4' } });
  });

  it('deletes every hosted version of its profile on Delete, page after page, so the profile can be deleted after it', async () => {
    // Prepare: two pages, then nothing; one version vanished in between
    appConfig
      .on(ListHostedConfigurationVersionsCommand)
      .resolvesOnce({ Items: [{ VersionNumber: 3 }, { VersionNumber: 2 }] })
      .resolvesOnce({ Items: [{ VersionNumber: 1 }] })
      .resolves({ Items: [] });
    appConfig
      .on(DeleteHostedConfigurationVersionCommand, { VersionNumber: 2 })
      .rejects(Object.assign(new Error('version 2 not found'), { name: 'ResourceNotFoundException' }));
    // Act
    await handleConfigInForce(event('Delete', SCHEMA, {}), { client, now });
    // Assess
    const deleted = appConfig.commandCalls(DeleteHostedConfigurationVersionCommand).map((c) => c.args[0].input);
    expect(deleted).toEqual([3, 2, 1].map((VersionNumber) => ({ ApplicationId: 'app1', ConfigurationProfileId: 'prof1', VersionNumber })));
    expect(appConfig.commandCalls(CreateHostedConfigurationVersionCommand)).toHaveLength(0);
    expect(responses[0]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'app1/prof1' });
  });

  it("leaves the versions alone on a Delete for another profile's id, and succeeds when the profile is already gone", async () => {
    // Act: a Delete of an earlier physical id (the profile was replaced)
    await handleConfigInForce({ ...event('Delete', SCHEMA, {}), PhysicalResourceId: 'app1/oldprof' }, { client, now });
    // Assess
    expect(appConfig.calls()).toHaveLength(0);
    expect(responses[0]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'app1/oldprof' });

    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).rejects(Object.assign(new Error('profile not found'), { name: 'ResourceNotFoundException' }));
    // Act
    await handleConfigInForce(event('Delete', SCHEMA, {}), { client, now });
    // Assess
    expect(responses[1]!.body).toMatchObject({ Status: 'SUCCESS' });
  });

  it('answers FAILED with the AWS error when AppConfig refuses, so the stack does not wait an hour', async () => {
    // Prepare
    appConfig.on(ListHostedConfigurationVersionsCommand).rejects(Object.assign(new Error('User is not authorized to perform appconfig:ListHostedConfigurationVersions'), { name: 'AccessDeniedException' }));
    // Act
    await handleConfigInForce(event('Create', SCHEMA, { deploysFrozen: false, verifyAttempts: 5 }), { client, now, log: () => {} });
    // Assess
    expect(responses[0]!.body).toMatchObject({
      Status: 'FAILED',
      Reason: 'AccessDeniedException: User is not authorized to perform appconfig:ListHostedConfigurationVersions',
      PhysicalResourceId: 'DeployPipelineConfigInForce-not-created',
    });
  });
});
