import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leakedCanaries, startExampleWorld, statesEntered, type ExampleWorld } from '../../helpers/exampleWorld.ts';

describe('Workflow: nightly-etl', { timeout: 60_000 }, () => {
  let world: ExampleWorld;
  beforeEach(async () => {
    world = await startExampleWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('retries the partner API through two 503s, loads every file once, notifies', async () => {
    const run = await world.engine.runWorkflow('nightly-etl', { input: { date: '2026-11-27' } });
    expect(run.status).toBe('SUCCEEDED');
    expect(world.services.server.requestsTo('GET /files')).toHaveLength(3);
    const loads = world.services.server.requestsTo('POST /loads');
    expect(loads.map((r) => (r.body as { key: string }).key).sort()).toEqual([
      'raw/customers/dt=2026-11-27/f-002.csv',
      'raw/orders/dt=2026-11-27/f-001.csv',
      'raw/refunds/dt=2026-11-27/f-003.csv',
    ]);
    expect(world.services.server.requestsTo('GET /files')[0]!.headers['x-api-key'] ?? world.services.server.requestsTo('GET /files')[0]!.headers.authorization).toBeDefined();
    expect(leakedCanaries(run)).toEqual([]);
  });

  it('waits out the backoff on virtual time: 2 s then 4 s between partner calls, with jitter at most that', async () => {
    const run = await world.engine.runWorkflow('nightly-etl', { input: { date: '2026-11-27' } });
    const attempts = run.history.filter((e) => e.type === 'TaskScheduled').slice(0, 3).map((e) => Date.parse(e.timestamp));
    expect(attempts[1]! - attempts[0]!).toBeLessThanOrEqual(2000);
    expect(attempts[2]! - attempts[1]!).toBeLessThanOrEqual(4000);
  });

  it('fails without retrying when the partner API rejects the request (400)', async () => {
    world.services.server.route('GET /files', { status: 400, body: { message: 'unknown date' } });
    const run = await world.engine.runWorkflow('nightly-etl', { input: { date: '2026-11-27' } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Aethon.Permanent');
    expect(world.services.server.requestsTo('GET /files')).toHaveLength(1);
    expect(world.services.server.requestsTo('POST /loads')).toHaveLength(0);
  });

  it('gives up after the retry budget when the partner API stays down', async () => {
    world.services.server.route('GET /files', { status: 503, body: { message: 'down' } });
    const run = await world.engine.runWorkflow('nightly-etl', { input: { date: '2026-11-27' } });
    expect(run.error).toBe('Aethon.Retryable');
    expect(world.services.server.requestsTo('GET /files')).toHaveLength(6); // first try + maxAttempts 5
  });

  it('treats an empty body as a failure, not as an empty file list', async () => {
    world.services.server.route('GET /files', { status: 200, rawBody: '' });
    const run = await world.engine.runWorkflow('nightly-etl', { input: { date: '2026-11-27' } });
    expect(run.error).toBe('Aethon.Permanent');
    expect(statesEntered(run)).toEqual(['fetchFileList']);
  });
});
