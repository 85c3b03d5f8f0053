import { describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { readRuntimeEnv, secretEnvVariable } from '../../../lib/runtime/index.ts';
import { stepEnv } from '../../fixtures/runtime/payloads.ts';

describe('Function: readRuntimeEnv', () => {
  it('reads the FunctionEnv contract with its defaults', () => {
    const env = readRuntimeEnv(stepEnv({ AETHON_TIMEOUT_SECONDS: undefined, POWERTOOLS_LOG_LEVEL: undefined }));

    expect(env).toMatchObject({ workflow: 'test-workflow', step: 'testStep', role: 'task', timeoutSeconds: 30, configMaxAgeSeconds: 30, logLevel: 'INFO', secrets: {} });
    expect(env.idempotency).toBeUndefined();
    expect(env.appConfig).toBeUndefined();
  });

  it('reads idempotency, secrets, AppConfig ids and the schema', () => {
    const env = readRuntimeEnv(
      stepEnv({
        AETHON_IDEMPOTENCY_TABLE: 'table',
        AETHON_IDEMPOTENCY_KEY: '[service, artifact]',
        AETHON_IDEMPOTENCY_TTL_SECONDS: '86400',
        AETHON_SECRETS: '{"apiKey":"aethon/api-key"}',
        AETHON_APPCONFIG_APPLICATION: 'app',
        AETHON_APPCONFIG_ENVIRONMENT: 'prod',
        AETHON_APPCONFIG_PROFILE: 'settings',
        AETHON_CONFIG_SCHEMA: '{"type":"object"}',
      }),
    );

    expect(env.idempotency).toEqual({ table: 'table', key: '[service, artifact]', ttlSeconds: 86400 });
    expect(env.secrets).toEqual({ apiKey: 'aethon/api-key' });
    expect(env.appConfig).toEqual({ application: 'app', environment: 'prod', profile: 'settings' });
    expect(env.configSchema).toEqual({ type: 'object' });
  });

  it('names the variable of a malformed value', () => {
    expect(() => readRuntimeEnv(stepEnv({ AETHON_SECRETS: 'apiKey=x' }))).toThrow(expect.objectContaining({ name: AethonErrors.PERMANENT, message: expect.stringContaining('AETHON_SECRETS') }));
    expect(() => readRuntimeEnv(stepEnv({ AETHON_TIMEOUT_SECONDS: 'soon' }))).toThrow(/AETHON_TIMEOUT_SECONDS/);
  });
});

describe('Function: secretEnvVariable', () => {
  it('maps a logical secret name to its local environment variable', () => {
    expect(secretEnvVariable('partnerApiKey')).toBe('AETHON_SECRET_PARTNER_API_KEY');
    expect(secretEnvVariable('db-password')).toBe('AETHON_SECRET_DB_PASSWORD');
  });
});
