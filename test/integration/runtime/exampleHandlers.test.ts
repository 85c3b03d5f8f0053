/**
 * The example handlers on the runtime, against mock services on loopback and dynalite: the request
 * paths and the result shapes the workflows' `output:` expressions depend on, secrets from the
 * local store, config from the local config store, and idempotency where the workflow declares it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { writeConfigVersion } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/mockHttpServer.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { startDynalite, type LocalDynamo } from '../../fixtures/runtime/startDynalite.ts';

const PAYMENTS_KEY = 'sk_test_payments_0042';
const EMAIL_KEY = 'em_test_email_0042';

let dynamo: LocalDynamo;
let server: MockHttpServer;
let localDir: string;
let output: CapturedOutput;
let chargeCounter = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  server = await startMockHttpServer({
    'POST /users': (req) => ({ body: { id: `user-${(req.body as { email: string }).email}` } }),
    'POST /send': { body: { messageId: 'msg-1' } },
    'POST /charges': () => ({ body: { id: `ch-${++chargeCounter}` } }),
    'POST /refunds': { body: { id: 're-1' } },
    'POST /workspaces': { body: { id: 'ws-1' } },
    'POST /users/:id/deactivate': { body: {} },
    'POST /deployments': { body: { id: 'dep-9', previousVersion: 'v41' } },
    'GET /deployments/:id/health': [{ body: { status: 'starting' } }, { body: { status: 'healthy' } }],
    'POST /loads': { body: { rows: 120 } },
    'POST /messages': { body: { ok: true } },
  });
  localDir = mkdtempSync(join(tmpdir(), 'aethon-examples-'));
  writeFileSync(join(localDir, 'secrets.json'), JSON.stringify({ 'aethon/payments-api-key': PAYMENTS_KEY, 'aethon/email-api-key': EMAIL_KEY }));
  writeConfigVersion(localDir, 'user-onboarding', { setupFeeCents: 1500, currency: 'USD', plan: 'enterprise' });
});
afterAll(async () => {
  await server.close();
  await dynamo.close();
  rmSync(localDir, { recursive: true, force: true });
});
beforeEach(() => {
  output = captureOutput();
  vi.resetModules(); // each test imports its handler fresh, under its own environment
});
afterEach(() => {
  output.restore();
  vi.unstubAllEnvs();
});

/** Imports a handler with the function environment the compiler would give its step. */
async function load<T>(file: string, workflow: string, stepName: string, extra: Record<string, string> = {}) {
  vi.unstubAllEnvs(); // a previous load's variables (an idempotency key) must not leak into this one
  const urls = { WAREHOUSE_API_URL: server.url, NOTIFY_API_URL: server.url, ACCOUNTS_API_URL: server.url, EMAIL_API_URL: server.url, PAYMENTS_API_URL: server.url, WORKSPACES_API_URL: server.url, DEPLOY_API_URL: server.url };
  for (const [name, value] of Object.entries({ ...stepEnv({ AETHON_WORKFLOW: workflow, AETHON_STEP: stepName, AETHON_LOCAL_DIR: localDir, ...extra }), ...urls })) vi.stubEnv(name, value);
  return ((await import(`../../../functions/${file}`)) as { handler: (event: unknown) => Promise<T> }).handler;
}
const idempotency = (key: string, table: string) => ({ AETHON_IDEMPOTENCY_TABLE: table, AETHON_IDEMPOTENCY_KEY: key, AETHON_IDEMPOTENCY_TTL_SECONDS: '86400', AETHON_DYNAMODB_ENDPOINT: dynamo.endpoint });
const ctx = (workflow: string, state: string, retryCount = 0) => ({ workflow, state, retryCount, executionName: 'onboard-ana' });

describe('user-onboarding handlers', () => {
  it('createUser returns {userId}, once per email, with a hashed Idempotency-Key', async () => {
    const handler = await load<{ userId: string }>('user-onboarding/createUser.ts', 'user-onboarding', 'createUser', idempotency('email', 'onboarding-users'));
    const input = { email: 'ana@example.com', name: 'Ana' };

    const first = await handler(taskPayload(input, ctx('user-onboarding', 'createUser')));
    const retry = await handler(taskPayload(input, ctx('user-onboarding', 'createUser', 1)));

    expect(first).toEqual({ userId: 'user-ana@example.com' });
    expect(retry).toEqual(first);
    const requests = server.requestsTo('POST /users');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers['idempotency-key']).toMatch(/^user-onboarding\.createUser\.[0-9a-f]{32}$/);
    expect(String(requests[0]!.headers['idempotency-key'])).not.toContain('ana@example.com');
  });

  it('createUser refuses a malformed email as Aethon.InvalidInput', async () => {
    const handler = await load('user-onboarding/createUser.ts', 'user-onboarding', 'createUser', idempotency('email', 'onboarding-users'));

    await expect(handler(taskPayload({ email: 'not-an-email', name: 'X' }))).rejects.toMatchObject({ name: AethonErrors.INVALID_INPUT });
  });

  it('chargeSetupFee charges the configured fee once, with the payments key, and returns {chargeId, amountCents}', async () => {
    const handler = await load<{ chargeId: string; amountCents: number }>('user-onboarding/chargeSetupFee.ts', 'user-onboarding', 'chargeSetupFee', {
      ...idempotency('userId', 'onboarding-charges'),
      AETHON_SECRETS: JSON.stringify({ paymentsApiKey: 'aethon/payments-api-key' }),
    });
    const input = { userId: 'user-1', email: 'ana@example.com', name: 'Ana' };

    const first = await handler(taskPayload(input, ctx('user-onboarding', 'chargeSetupFee')));
    const second = await handler(taskPayload(input, ctx('user-onboarding', 'chargeSetupFee', 1)));

    expect(first).toEqual({ chargeId: 'ch-1', amountCents: 1500 });
    expect(second).toEqual(first);
    const [charge, ...more] = server.requestsTo('POST /charges');
    expect(more).toHaveLength(0);
    expect(charge!.body).toEqual({ customer: 'user-1', amountCents: 1500, currency: 'USD', description: 'Setup fee' });
    expect(charge!.headers.authorization).toBe(`Bearer ${PAYMENTS_KEY}`);
    expect(output.lines.join('\n')).not.toContain(PAYMENTS_KEY);
  });

  it('sendWelcomeEmail returns {messageId} and sends the email key', async () => {
    const handler = await load<{ messageId: string }>('user-onboarding/sendWelcomeEmail.ts', 'user-onboarding', 'sendWelcomeEmail', {
      ...idempotency('userId', 'onboarding-emails'),
      AETHON_SECRETS: JSON.stringify({ emailApiKey: 'aethon/email-api-key' }),
    });

    const result = await handler(taskPayload({ userId: 'user-1', email: 'ana@example.com', name: 'Ana' }));

    expect(result).toEqual({ messageId: 'msg-1' });
    expect(server.requestsTo('POST /send').at(-1)!.headers.authorization).toBe(`Bearer ${EMAIL_KEY}`);
  });

  it('provisionWorkspace uses the configured plan; refundSetupFee and deactivateUser undo by result', async () => {
    const provision = await load<{ workspaceId: string }>('user-onboarding/provisionWorkspace.ts', 'user-onboarding', 'provisionWorkspace');
    await expect(provision(taskPayload({ userId: 'user-1' }))).resolves.toEqual({ workspaceId: 'ws-1' });
    expect(server.requestsTo('POST /workspaces').at(-1)!.body).toEqual({ owner: 'user-1', plan: 'enterprise' });

    vi.resetModules();
    const refund = await load<{ refunded: string }>('user-onboarding/refundSetupFee.ts', 'user-onboarding', 'chargeSetupFee', {
      AETHON_FUNCTION_ROLE: 'compensation',
      AETHON_SECRETS: JSON.stringify({ paymentsApiKey: 'aethon/payments-api-key' }),
    });
    const compensationPayload = { ...taskPayload({ userId: 'user-1' }), result: { chargeId: 'ch-1', amountCents: 1500 }, error: { Error: 'Aethon.Permanent', Cause: 'quota' } };
    await expect(refund(compensationPayload)).resolves.toEqual({ refunded: 'ch-1' });
    expect(server.requestsTo('POST /refunds').at(-1)!.body).toEqual({ charge: 'ch-1', reason: 'Aethon.Permanent' });

    vi.resetModules();
    const deactivate = await load<{ deactivated: string }>('user-onboarding/deactivateUser.ts', 'user-onboarding', 'createUser', { AETHON_FUNCTION_ROLE: 'compensation' });
    await expect(deactivate({ ...taskPayload({ email: 'ana@example.com' }), result: { userId: 'user-1' } })).resolves.toEqual({ deactivated: 'user-1' });
    expect(server.requestsTo('POST /users/:id/deactivate').at(-1)!.path).toBe('/users/user-1/deactivate');
  });
});

describe('deploy-pipeline handlers', () => {
  it('checkFreeze follows the dynamic config, changed between invocations', async () => {
    const handler = await load<{ frozen: boolean; reason?: string }>('deploy-pipeline/checkFreeze.ts', 'deploy-pipeline', 'checkFreeze');

    const before = await handler(taskPayload({ service: 'api' }));
    writeConfigVersion(localDir, 'deploy-pipeline', { deploysFrozen: true, freezeReason: 'incident 42' });
    const during = await handler(taskPayload({ service: 'api' }));

    expect(before).toEqual({ frozen: false });
    expect(during).toEqual({ frozen: true, reason: 'incident 42' });
  });

  it('deploy returns {deploymentId, previousVersion}, once per [service, artifact]', async () => {
    const handler = await load<{ deploymentId: string; previousVersion: string | null }>('deploy-pipeline/deploy.ts', 'deploy-pipeline', 'deploy', idempotency('[service, artifact]', 'deploy-deployments'));
    const input = { service: 'api', artifact: 'api-1.2.3.zip', releaseId: 'r-1' };

    await handler(taskPayload(input));
    const again = await handler(taskPayload(input, { retryCount: 1 }));

    expect(again).toEqual({ deploymentId: 'dep-9', previousVersion: 'v41' });
    expect(server.requestsTo('POST /deployments')).toHaveLength(1);
  });

  it('verify retries a starting service (Aethon.Retryable), then reports healthy', async () => {
    const handler = await load<{ healthy: true }>('deploy-pipeline/verify.ts', 'deploy-pipeline', 'verify');
    const input = { service: 'api', deploymentId: 'dep-9' };

    await expect(handler(taskPayload(input))).rejects.toMatchObject({ name: AethonErrors.RETRYABLE });
    await expect(handler(taskPayload(input, { retryCount: 1 }))).resolves.toEqual({ healthy: true });
  });
});

describe('nightly-etl handlers', () => {
  it('transformFile, loadFile (once per fileId) and notify (on the configured channel) keep their shapes', async () => {
    const transform = await load<{ fileId: string; table: string; targetKey: string; sizeBytes: number }>('nightly-etl/transformFile.ts', 'nightly-etl', 'transformFile');
    const transformed = await transform(taskPayload({ date: '2026-11-27', file: { id: 'f-1', name: 'orders-2026-11-27.csv', sizeBytes: 10 } }));
    expect(transformed).toEqual({ fileId: 'f-1', table: 'orders', targetKey: 'raw/orders/dt=2026-11-27/f-1.csv', sizeBytes: 10 });

    vi.resetModules();
    const loadFile = await load<{ fileId: string; rows: number }>('nightly-etl/loadFile.ts', 'nightly-etl', 'loadFile', idempotency('fileId', 'etl-loads'));
    await expect(loadFile(taskPayload(transformed))).resolves.toEqual({ fileId: 'f-1', rows: 120 });
    await expect(loadFile(taskPayload(transformed, { retryCount: 1 }))).resolves.toEqual({ fileId: 'f-1', rows: 120 });
    expect(server.requestsTo('POST /loads')).toHaveLength(1);

    vi.resetModules();
    writeConfigVersion(localDir, 'nightly-etl', { maxConcurrency: 5, notifyChannel: '#etl-night' });
    const notify = await load<{ notified: boolean }>('nightly-etl/notify.ts', 'nightly-etl', 'notify');
    await expect(notify(taskPayload({ date: '2026-11-27', loaded: 1, rows: 120 }))).resolves.toEqual({ notified: true });
    expect(server.requestsTo('POST /messages').at(-1)!.body).toMatchObject({ channel: '#etl-night' });
  });

  it('transformFile fails a file name without a table as Aethon.Permanent', async () => {
    const transform = await load('nightly-etl/transformFile.ts', 'nightly-etl', 'transformFile');

    await expect(transform(taskPayload({ date: '2026-11-27', file: { id: 'f-2', name: '2026.csv', sizeBytes: 1 } }))).rejects.toMatchObject({ name: AethonErrors.PERMANENT });
  });
});
