/**
 * The compiler and the local engine together: compiled workflows run with their TypeScript
 * handlers in worker threads, on virtual time, and behave as Step Functions would.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine, type LocalRun } from '../../../lib/local/localEngine.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'project');

function entered(run: LocalRun): string[] {
  return run.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name);
}

function scheduledParameters(run: LocalRun, stateName: string): unknown[] {
  const out: unknown[] = [];
  let current = '';
  for (const e of run.history) {
    if (e.type.endsWith('StateEntered')) current = (e.stateEnteredEventDetails as { name: string }).name;
    if (e.type === 'TaskScheduled' && current === stateName) out.push(JSON.parse((e.taskScheduledEventDetails as { parameters: string }).parameters));
  }
  return out;
}

describe('Class: LocalEngine', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await LocalEngine.start({ projectRoot: FIXTURE, virtualTime: true, dynamodb: 'none', random: () => 0.5 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('runs the happy path and passes the execution context to every handler', async () => {
    const run = await engine.runWorkflow('saga', { input: { sku: 'A-1' }, executionName: 'happy' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ shipped: true });
    expect(entered(run)).toEqual(['reserve', 'charge', 'ship']);
    const [payload] = scheduledParameters(run, 'charge') as { Payload: { input: unknown; context: Record<string, unknown> } }[];
    expect(payload!.Payload.input).toEqual({ sku: 'A-1', reservationId: 'res-A-1' });
    expect(payload!.Payload.context).toMatchObject({ workflow: 'saga', executionName: 'happy', state: 'charge', retryCount: 0 });
  });

  it('retries a retryable error with exponential backoff on virtual time', async () => {
    const run = await engine.runWorkflow('saga', { input: { sku: 'A-1', chargeFailures: 2 } });
    expect(run.status).toBe('SUCCEEDED');
    const attempts = run.history.filter((e) => e.type === 'TaskScheduled').map((e) => Date.parse(e.timestamp));
    // reserve, charge x3 (2 s then 4 s apart: interval 2 s, backoff 2, no jitter), ship
    expect(attempts).toHaveLength(5);
    expect([attempts[2]! - attempts[1]!, attempts[3]! - attempts[2]!]).toEqual([2000, 4000]);
    expect(scheduledParameters(run, 'charge').map((p) => (p as { Payload: { context: { retryCount: number } } }).Payload.context.retryCount)).toEqual([0, 1, 2]);
  });

  it('compensates completed steps in reverse order, then fails with the original error', async () => {
    const run = await engine.runWorkflow('saga', { input: { sku: 'A-1', fail: 'custom' } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Custom.ShipFailed');
    expect(JSON.parse(run.cause!)).toMatchObject({ errorType: 'Custom.ShipFailed', errorMessage: 'carrier down (attempt 3)' }); // maxAttempts 2: two retries after the first attempt
    expect(entered(run)).toEqual(['reserve', 'charge', 'ship', 'Compensate charge', 'Compensate reserve', 'Fail after compensation']);
    const [refund] = scheduledParameters(run, 'Compensate charge') as { Payload: Record<string, unknown> }[];
    expect(refund!.Payload).toMatchObject({
      input: { sku: 'A-1', reservationId: 'res-A-1' },
      result: { chargeId: 'ch-1', attempt: 0 },
      error: { Error: 'Custom.ShipFailed' },
    });
  });

  it('never retries Aethon.Permanent, even under a States.ALL retrier', async () => {
    const run = await engine.runWorkflow('saga', { input: { sku: 'A-1', fail: 'permanent' } });
    expect(run.error).toBe('Aethon.Permanent');
    expect(scheduledParameters(run, 'ship')).toHaveLength(1);
  });

  it('runs a map over items on warm workers and routes on the aggregate', async () => {
    const orders = [{ qty: 2, unit: 30 }, { qty: 1, unit: 50 }, { qty: 3, unit: 10 }];
    const run = await engine.runWorkflow('fanout', { input: { orders } });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ total: 140, count: 3, size: 'big' });
  });

  it('serves per-state mocks ahead of the real handler', async () => {
    const run = await engine.runWorkflow('saga', {
      input: { sku: 'B-2' },
      mocks: { states: { ship: () => ({ Payload: { shipped: 'mocked' } }) } },
    });
    expect(run.output).toEqual({ shipped: 'mocked' });
  });

  it('fails clearly when a handler module does not export the handler', async () => {
    const run = await engine.runDefinition(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'nope', Payload: {} }, QueryLanguage: 'JSONata', End: true } } },
      'broken',
      { functions: { nope: { functionName: 'nope', handlerFile: join(FIXTURE, 'functions', 'price.ts'), exportName: 'missing' } } },
    );
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Runtime.HandlerNotFound');
    expect(run.cause).toContain('missing');
  });

  it('isolates handlers: a hung one times out, a crashing one fails alone, the others succeed', async () => {
    const runs = await Promise.all([
      engine.runWorkflow('isolation', { input: { mode: 'hang', id: 1 } }),
      engine.runWorkflow('isolation', { input: { mode: 'exit', id: 2 } }),
      ...[3, 4, 5].map((id) => engine.runWorkflow('isolation', { input: { mode: 'ok', id } })),
    ]);
    expect(runs.map((r) => [r.status, r.error ?? r.output])).toEqual([
      ['FAILED', 'States.Timeout'],
      ['FAILED', 'Runtime.ExitError'],
      ['SUCCEEDED', { ok: 3 }],
      ['SUCCEEDED', { ok: 4 }],
      ['SUCCEEDED', { ok: 5 }],
    ]);
    // The engine is still healthy afterwards.
    expect((await engine.runWorkflow('isolation', { input: { mode: 'ok', id: 6 } })).output).toEqual({ ok: 6 });
  }, 60_000);
});
