/**
 * Idempotency and compensation as one mechanism, through the compiled state machine, the local
 * engine, the step runtime and dynalite: a tenant gets one VM, a compensated run leaves nothing
 * "done" behind, and an execution undoes only what it did itself.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalEngine, type LocalRun } from '../../../lib/local/localEngine.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'tenant');
let tenantCount = 0;
/** Every test provisions its own tenant: the engine, its dynalite and its records are shared. */
let ACME = { tenantId: 'acme', plan: 'small', email: 'ops@acme.example' };

function entered(run: LocalRun): string[] {
  return run.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name);
}

/** The output of each task state that succeeded, by state name (the last one wins). */
function taskOutputs(run: LocalRun): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  let current = '';
  for (const e of run.history) {
    if (e.type.endsWith('StateEntered')) current = (e.stateEnteredEventDetails as { name: string }).name;
    if (e.type === 'TaskSucceeded') outputs[current] = JSON.parse((e.taskSucceededEventDetails as { output: string }).output).Payload;
  }
  return outputs;
}

describe('Side effects exactly once (tenant provisioning)', { timeout: 60_000 }, () => {
  let cloud: MockHttpServer;
  let engine: LocalEngine;
  let vmCount: number;

  const defaultRoutes = {
    'POST /vms': () => ({ status: 201, body: { id: `vm-${++vmCount}` } }),
    'POST /vms/:id/delete': { status: 200, body: {} },
    'POST /dns': (request: { body: unknown }) => ({ status: 201, body: { id: `dns-${(request.body as { target: string }).target}` } }),
    'POST /dns/:id/delete': { status: 200, body: {} },
    'POST /activate': { status: 200, body: { active: true } },
    'POST /send': { status: 202, body: { queued: true } },
  };
  beforeAll(async () => {
    cloud = await startMockHttpServer(defaultRoutes);
    engine = await LocalEngine.start({ projectRoot: FIXTURE, virtualTime: true, dynamodb: 'memory', random: () => 0.5, environment: { CLOUD_API_URL: cloud.url } });
  });
  afterAll(async () => {
    await engine.close();
    await cloud.close();
  });
  beforeEach(() => {
    vmCount = 0;
    ACME = { ...ACME, tenantId: `acme-${++tenantCount}` };
    for (const [route, script] of Object.entries(defaultRoutes)) cloud.route(route, script);
    cloud.clearRequests();
  });

  const deleted = () => cloud.requestsTo('POST /vms/:id/delete').map((r) => r.path.split('/')[2]);

  it('re-creates the VM on the next start after a compensated run (the undone step is not replayed)', async () => {
    cloud.route('POST /dns', [{ status: 400, body: { message: 'zone locked' } }, (request) => ({ status: 201, body: { id: `dns-${(request.body as { target: string }).target}` } })]);

    const failed = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `first-${tenantCount}` });
    const second = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `second-${tenantCount}` });

    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('Aethon.Permanent');
    expect(deleted()).toEqual(['vm-1']);
    expect(second.status).toBe('SUCCEEDED');
    expect(second.output).toMatchObject({ vmId: 'vm-2', dnsRecord: 'dns-vm-2' });
    expect(cloud.requestsTo('POST /vms')).toHaveLength(2);
  });

  it("never deletes another execution's VM: a run that replayed the VM leaves it in place when it fails", async () => {
    const first = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `owner-${tenantCount}` });
    cloud.route('POST /dns', { status: 400, body: { message: 'vm never reported running' } });

    const replaying = await engine.runWorkflow('tenant-provisioning', { input: { ...ACME, email: 'someone-else@acme.example' }, executionName: `replayer-${tenantCount}` });

    expect(first.status).toBe('SUCCEEDED');
    expect(replaying.status).toBe('FAILED');
    expect(replaying.error).toBe('Aethon.Permanent');
    expect(entered(replaying)).toContain('Compensate createVm');
    expect(taskOutputs(replaying)['Compensate createVm']).toEqual({ compensated: false, reason: expect.stringMatching(/replayed the result of execution .*owner/) });
    expect(deleted()).toEqual([]);
    expect(cloud.requestsTo('POST /vms')).toHaveLength(1);
    // The record still belongs to the first run: a third start replays its VM.
    cloud.route('POST /dns', (request) => ({ status: 201, body: { id: `dns-${(request.body as { target: string }).target}` } }));
    const third = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `third-${tenantCount}` });
    expect(third.output).toMatchObject({ vmId: 'vm-1' });
  });

  it('refuses a start whose validated field differs, and compensates nothing', async () => {
    await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `small-${tenantCount}` });

    const conflicting = await engine.runWorkflow('tenant-provisioning', { input: { ...ACME, plan: 'large' }, executionName: `large-${tenantCount}` });

    expect(conflicting.status).toBe('FAILED');
    expect(conflicting.error).toBe('Aethon.IdempotencyConflict');
    expect(entered(conflicting)).toEqual(['createVm']);
    expect(deleted()).toEqual([]);
  });

  it('keeps the VM and DNS when the welcome email fails (undoOnFailure: false)', async () => {
    cloud.route('POST /send', { status: 400, body: { message: 'mailbox unavailable' } });

    const run = await engine.runWorkflow('tenant-provisioning', { input: ACME });

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Aethon.Permanent');
    expect(entered(run).filter((s) => s.startsWith('Compensate'))).toEqual([]);
    expect(deleted()).toEqual([]);
    expect(cloud.requestsTo('POST /dns/:id/delete')).toHaveLength(0);
  });

  it('undoes DNS only for the errors its compensation names (compensate.on), the VM for any', async () => {
    cloud.route('POST /activate', { status: 503, body: {} });

    const storm = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `storm-${tenantCount}` });

    expect(storm.error).toBe('Aethon.Retryable');
    expect(entered(storm).slice(-3)).toEqual(['Compensate configureDns?', 'Compensate createVm', 'Fail after compensation']);
    expect(entered(storm)).not.toContain('Compensate configureDns');
    expect(cloud.requestsTo('POST /dns/:id/delete')).toHaveLength(0);
    expect(deleted()).toEqual(['vm-1']);

    cloud.route('POST /activate', { status: 400, body: { message: 'tenant blocked' } });
    const blocked = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `blocked-${tenantCount}` });
    expect(blocked.error).toBe('Aethon.Permanent');
    expect(entered(blocked).slice(-4)).toEqual(['Compensate configureDns?', 'Compensate configureDns', 'Compensate createVm', 'Fail after compensation']);
    expect(cloud.requestsTo('POST /dns/:id/delete').map((r) => r.path)).toEqual(['/dns/dns-vm-2/delete']);
    expect(deleted()).toEqual(['vm-1', 'vm-2']);
  });

  it('retries a compensation of its own record, and the retried undo still releases it', async () => {
    cloud.route('POST /dns', { status: 400, body: {} });
    cloud.route('POST /vms/:id/delete', [{ status: 503, body: {} }, { status: 200, body: {} }]);

    const run = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `retried-undo-${tenantCount}` });
    cloud.route('POST /dns', (request) => ({ status: 201, body: { id: `dns-${(request.body as { target: string }).target}` } }));
    const next = await engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `after-${tenantCount}` });

    expect(run.error).toBe('Aethon.Permanent');
    expect(cloud.requestsTo('POST /vms/:id/delete')).toHaveLength(2);
    const keys = cloud.requestsTo('POST /vms/:id/delete').map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).not.toBe(cloud.requestsTo('POST /vms')[0]!.headers['idempotency-key']);
    expect(next.output).toMatchObject({ vmId: 'vm-2' });
  });

  it('creates one VM for 50 concurrent duplicate starts', async () => {
    const runs: LocalRun[] = await Promise.all(Array.from({ length: 50 }, (_, i) => engine.runWorkflow('tenant-provisioning', { input: ACME, executionName: `dup-${tenantCount}-${i}` })));

    expect(runs.map((r) => r.status)).toEqual(Array(50).fill('SUCCEEDED'));
    expect(cloud.requestsTo('POST /vms')).toHaveLength(1);
    expect(new Set(runs.map((r) => (r.output as { vmId: string }).vmId))).toEqual(new Set(['vm-1']));
  });
});
