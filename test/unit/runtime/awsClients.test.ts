/**
 * The requests the runtime sends to AppConfig (through Powertools' AppConfigProvider) and Secrets
 * Manager (through Powertools' SecretsProvider), checked with aws-sdk-client-mock.
 */
import { AppConfigDataClient, type GetLatestConfigurationCommandOutput, GetLatestConfigurationCommand, StartConfigurationSessionCommand } from '@aws-sdk/client-appconfigdata';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { step } from '../../../lib/runtime/index.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';

registerSdkMatchers();

const appConfig = mockClient(AppConfigDataClient);
const secretsManager = mockClient(SecretsManagerClient);
let output: CapturedOutput;

beforeEach(() => {
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  appConfig.reset();
  secretsManager.reset();
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const SCHEMA = { type: 'object', properties: { deploysFrozen: { type: 'boolean' }, logLevel: { enum: ['DEBUG', 'INFO'] } }, required: ['deploysFrozen'], additionalProperties: false };
const awsEnv = (extra: Record<string, string> = {}) =>
  stepEnv({
    AETHON_APPCONFIG_APPLICATION: 'aethon-deploy-pipeline',
    AETHON_APPCONFIG_ENVIRONMENT: 'prod',
    AETHON_APPCONFIG_PROFILE: 'settings',
    AETHON_CONFIG_SCHEMA: JSON.stringify(SCHEMA),
    AETHON_SECRETS: JSON.stringify({ paymentsApiKey: 'aethon/payments-api-key' }),
    ...extra,
  });
// The SDK types Configuration as its blob adapter; Powertools only decodes the bytes.
const configuration = (document: unknown) => new TextEncoder().encode(JSON.stringify(document)) as unknown as GetLatestConfigurationCommandOutput['Configuration'];

describe('AppConfig requests', () => {
  it('starts a session for the workflow profile and reads with its token', async () => {
    // Prepare
    appConfig.on(StartConfigurationSessionCommand).resolves({ InitialConfigurationToken: 'token-1' });
    appConfig.on(GetLatestConfigurationCommand).resolves({ Configuration: configuration({ deploysFrozen: true }), NextPollConfigurationToken: 'token-2' });
    const handler = step({ env: awsEnv() }, async (_input: unknown, ctx) => ctx.config());

    // Act
    const result = await handler(taskPayload({}));

    // Assess
    expect(result).toEqual({ deploysFrozen: true });
    expect(appConfig).toReceiveCommandWith(StartConfigurationSessionCommand, {
      ApplicationIdentifier: 'aethon-deploy-pipeline',
      EnvironmentIdentifier: 'prod',
      ConfigurationProfileIdentifier: 'settings',
    });
    expect(appConfig).toReceiveCommandWith(GetLatestConfigurationCommand, { ConfigurationToken: 'token-1' });
  });

  it('caches the document for the configured max age, then polls with the next token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
    appConfig.on(StartConfigurationSessionCommand).resolves({ InitialConfigurationToken: 'token-1' });
    appConfig.on(GetLatestConfigurationCommand).resolves({ Configuration: configuration({ deploysFrozen: false }), NextPollConfigurationToken: 'token-2' });
    const handler = step({ env: awsEnv({ AETHON_CONFIG_MAX_AGE_SECONDS: '30' }) }, async (_input: unknown, ctx) => ctx.config());

    await handler(taskPayload({}));
    vi.setSystemTime(new Date('2026-11-28T10:00:20Z'));
    await handler(taskPayload({}));
    expect(appConfig).toReceiveCommandTimes(GetLatestConfigurationCommand, 1);

    vi.setSystemTime(new Date('2026-11-28T10:00:31Z'));
    await handler(taskPayload({}));
    expect(appConfig).toReceiveCommandTimes(GetLatestConfigurationCommand, 2);
    expect(appConfig).toReceiveCommandWith(GetLatestConfigurationCommand, { ConfigurationToken: 'token-2' });
  });

  it('keeps the last good document when a new one fails the schema, and logs one error', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
    appConfig.on(StartConfigurationSessionCommand).resolves({ InitialConfigurationToken: 'token-1' });
    appConfig
      .on(GetLatestConfigurationCommand)
      .resolvesOnce({ Configuration: configuration({ deploysFrozen: true }), NextPollConfigurationToken: 'token-2' })
      .resolves({ Configuration: configuration({ deploysFrozen: 'yes' }), NextPollConfigurationToken: 'token-3' });
    const handler = step({ env: awsEnv({ AETHON_CONFIG_MAX_AGE_SECONDS: '1' }) }, async (_input: unknown, ctx) => ctx.config());

    const first = await handler(taskPayload({}));
    vi.setSystemTime(new Date('2026-11-28T10:00:05Z'));
    const second = await handler(taskPayload({}));

    expect(first).toEqual({ deploysFrozen: true });
    expect(second).toEqual({ deploysFrozen: true });
    const errors = output.logs().filter((l) => l.level === 'ERROR');
    expect(errors).toEqual([expect.objectContaining({ message: 'the dynamic configuration failed validation; keeping the last good value', issues: ['/deploysFrozen must be boolean'] })]);
  });

  it('caches a document that is not JSON for the max age and reports it once', async () => {
    // Prepare: a good document, then one that does not parse, then "unchanged since the last poll"
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
    const bytes = (text: string) => new TextEncoder().encode(text) as unknown as GetLatestConfigurationCommandOutput['Configuration'];
    appConfig.on(StartConfigurationSessionCommand).resolves({ InitialConfigurationToken: 'token-1' });
    appConfig
      .on(GetLatestConfigurationCommand)
      .resolvesOnce({ Configuration: configuration({ deploysFrozen: false }), NextPollConfigurationToken: 'token-2' })
      .resolvesOnce({ Configuration: bytes('{"deploysFrozen": tru'), NextPollConfigurationToken: 'token-3' })
      .resolves({ Configuration: bytes(''), NextPollConfigurationToken: 'token-4' });
    const handler = step({ env: awsEnv({ AETHON_CONFIG_MAX_AGE_SECONDS: '30' }) }, async (_input: unknown, ctx) => ctx.config());

    // Act
    const results: unknown[] = [];
    for (const second of [0, 31, 32, 33, 34, 35, 62, 63]) {
      vi.setSystemTime(new Date(Date.parse('2026-11-28T10:00:00Z') + second * 1000));
      results.push(await handler(taskPayload({})));
    }

    // Assess
    expect(results).toEqual(Array(8).fill({ deploysFrozen: false }));
    expect(appConfig).toReceiveCommandTimes(GetLatestConfigurationCommand, 3);
    const problems = output.logs().filter((l) => l.level === 'ERROR' || l.level === 'WARN');
    expect(problems).toEqual([expect.objectContaining({ level: 'ERROR', issues: ['the document is not JSON'] })]);
  });

  it('fails as Aethon.ConfigInvalid when the first document read is invalid', async () => {
    appConfig.on(StartConfigurationSessionCommand).resolves({ InitialConfigurationToken: 'token-1' });
    appConfig.on(GetLatestConfigurationCommand).resolves({ Configuration: configuration({ deploysFrozen: true, extra: 1 }), NextPollConfigurationToken: 'token-2' });
    const handler = step({ env: awsEnv() }, async (_input: unknown, ctx) => ctx.config());

    await expect(handler(taskPayload({}))).rejects.toMatchObject({ name: AethonErrors.CONFIG_INVALID });
  });

  it('takes the log level from the configuration document', async () => {
    appConfig.on(StartConfigurationSessionCommand).resolves({ InitialConfigurationToken: 'token-1' });
    appConfig.on(GetLatestConfigurationCommand).resolves({ Configuration: configuration({ deploysFrozen: false, logLevel: 'DEBUG' }), NextPollConfigurationToken: 'token-2' });
    const handler = step({ env: awsEnv() }, async (_input: unknown, ctx) => {
      ctx.logger.debug('visible only at DEBUG');
      return null;
    });

    await handler(taskPayload({}));

    expect(output.logs().map((l) => l.message)).toContain('visible only at DEBUG');
  });
});

describe('Secrets Manager requests', () => {
  it('asks for the Secrets Manager name of the logical secret, once per max age', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'sk_live_abcdef' });
    const handler = step({ env: awsEnv(), secretsMaxAgeSeconds: 300 }, async (_input: unknown, ctx) => (await ctx.secret('paymentsApiKey')).length);

    await handler(taskPayload({}));
    await handler(taskPayload({}));

    expect(secretsManager).toReceiveCommandWith(GetSecretValueCommand, { SecretId: 'aethon/payments-api-key' });
    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 1);
  });

  it('fails as Aethon.SecretNotFound, naming the secret, when Secrets Manager has no such secret', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }));
    const handler = step({ env: awsEnv() }, async (_input: unknown, ctx) => ctx.secret('paymentsApiKey'));

    await expect(handler(taskPayload({}))).rejects.toMatchObject({ name: AethonErrors.SECRET_NOT_FOUND, message: expect.stringContaining('paymentsApiKey') });
  });

  it('fails as Aethon.Retryable when Secrets Manager is throttling', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const handler = step({ env: awsEnv() }, async (_input: unknown, ctx) => ctx.secret('paymentsApiKey'));

    await expect(handler(taskPayload({}))).rejects.toMatchObject({ name: AethonErrors.RETRYABLE });
  });
});
