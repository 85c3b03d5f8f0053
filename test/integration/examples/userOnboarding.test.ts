import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leakedCanaries, startExampleWorld, statesEntered, type ExampleWorld } from '../../helpers/exampleWorld.ts';

const ADA = { email: 'ada@example.com', name: 'Ada' };

describe('Workflow: user-onboarding', { timeout: 60_000 }, () => {
  let world: ExampleWorld;
  beforeEach(async () => {
    world = await startExampleWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('onboards a user: one account, one welcome email, one charge, one workspace', async () => {
    const run = await world.engine.runWorkflow('user-onboarding', { input: ADA });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ email: ADA.email, userId: expect.any(String), chargeId: expect.any(String), workspaceId: expect.any(String) });
    for (const route of ['POST /users', 'POST /send', 'POST /charges', 'POST /workspaces']) expect(world.services.server.requestsTo(route)).toHaveLength(1);
    expect(world.services.server.requestsTo('POST /charges')[0]!.headers['idempotency-key']).toBeTruthy();
    expect(leakedCanaries(run)).toEqual([]);
  });

  it('sends no second email and makes no second charge when the same signup runs again', async () => {
    const first = await world.engine.runWorkflow('user-onboarding', { input: ADA });
    const second = await world.engine.runWorkflow('user-onboarding', { input: ADA });
    expect(second.status).toBe('SUCCEEDED');
    expect(second.output).toEqual(first.output);
    expect(world.services.server.requestsTo('POST /send')).toHaveLength(1);
    expect(world.services.server.requestsTo('POST /charges')).toHaveLength(1);
  });

  it('refunds the fee and deactivates the user, in that order, when provisioning fails', async () => {
    world.services.server.route('POST /workspaces', { status: 400, body: { message: 'plan not available' } });
    const run = await world.engine.runWorkflow('user-onboarding', { input: ADA });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Aethon.Permanent');
    expect(statesEntered(run).slice(-3)).toEqual(['Compensate chargeSetupFee', 'Compensate createUser', 'Fail after compensation']);
    const refunds = world.services.server.requestsTo('POST /refunds');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.body).toMatchObject({ charge: expect.stringMatching(/^ch_/) });
    const order = world.services.server.requests.map((r) => `${r.method} ${r.path}`);
    expect(order.indexOf('POST /refunds')).toBeLessThan(order.findIndex((r) => r.endsWith('/deactivate')));
  });

  it('retries a payments 503 and charges once when it recovers', async () => {
    world.services.server.route('POST /charges', [{ status: 503, body: {} }, { status: 201, body: { id: 'ch_after_503' } }]);
    const run = await world.engine.runWorkflow('user-onboarding', { input: ADA });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ chargeId: 'ch_after_503' });
    const keys = world.services.server.requestsTo('POST /charges').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]); // the retry carries the same client-side key: the API can dedupe it
  });

  it('rejects a malformed signup before any side effect', async () => {
    const run = await world.engine.runWorkflow('user-onboarding', { input: { email: 'not-an-email', name: 'X' } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Aethon.InvalidInput');
    expect(world.services.server.requests).toHaveLength(0);
  });
});
