/**
 * kill -9 of `aethon dev` while an idempotent task is in flight: after a restart the execution
 * finishes with one ExecutionStarted and one side effect. The killed attempt's in-progress record
 * names its holder (this execution, the killed server's pid), so the resumed attempt takes it over
 * at once instead of backing off until the record expires at the step's timeout (raised to two
 * minutes here, far beyond the test's polling, so waiting for it would fail the test); its call
 * carries the same Idempotency-Key, which the payments API (a real HTTP server here) answers
 * without charging again.
 */
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { sfnClientFor, untilClosed } from './devProject.ts';
import { spawnDev, type DevProcess } from './devProcess.ts';

/** A payments API that charges once per Idempotency-Key and holds its first answer until told. */
function paymentsApi(): { server: Server; requests: () => number; charges: Map<string, string>; firstRequest: Promise<void> } {
  const charges = new Map<string, string>();
  let requests = 0;
  let arrived!: () => void;
  const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((request: IncomingMessage, response) => {
    requests++;
    const key = String(request.headers['idempotency-key'] ?? '');
    const known = charges.get(key);
    if (known === undefined) {
      // The side effect: a charge, then an answer held until the server under test is killed.
      charges.set(key, `ch-${charges.size + 1}`);
      arrived();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ chargeId: known }));
  });
  return { server, requests: () => requests, charges, firstRequest };
}

/** test/fixtures/dev/idempotentCharge copied, its handler importing this repository's runtime, its step timeout `timeout`. */
function copyChargeProject(timeout: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-dev-charge-'));
  cpSync(join(PROJECT_ROOT, 'test/fixtures/dev/idempotentCharge'), dir, { recursive: true });
  const workflow = join(dir, 'workflows/charge-order.yaml');
  const yaml = readFileSync(workflow, 'utf8');
  expect(yaml).toContain('timeout: 3s');
  writeFileSync(workflow, yaml.replace('timeout: 3s', `timeout: ${timeout}`));
  const handler = join(dir, 'functions/charge.ts');
  writeFileSync(handler, readFileSync(handler, 'utf8').replace('../../../../../lib/runtime/index.ts', join(PROJECT_ROOT, 'lib/runtime/index.ts')));
  return dir;
}

describe('aethon dev: kill -9 while an idempotent task runs', () => {
  const children: DevProcess[] = [];
  const servers: Server[] = [];
  afterEach(() => {
    for (const dev of children.splice(0)) dev.child.kill('SIGKILL');
    for (const server of servers.splice(0)) server.closeAllConnections(), server.close();
  });

  it('resumes the task after a restart without waiting for the in-progress expiry: one charge, one ExecutionStarted, SUCCEEDED', { timeout: 120_000 }, async () => {
    // Prepare: the charge is in flight, held by the payments API
    const api = paymentsApi();
    servers.push(api.server);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    const env = `PAYMENTS_API_URL=http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    const project = copyChargeProject('120s');
    const first = await spawnDev(['--dir', project, '--env', env]);
    children.push(first);
    const { executionArn } = await sfnClientFor(first.endpoint).send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:charge-order', name: 'order-7', input: '{"orderId":"o-7"}' }));
    await api.firstRequest;

    // Act: kill -9 during the call, start again
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const second = await spawnDev(['--dir', project, '--env', env]);
    children.push(second);
    const sfn = sfnClientFor(second.endpoint);

    // Assess
    expect(second.output()).toContain('resumed         1 execution(s)');
    // 600 polls of 50 ms: far less than the 2-minute in-progress expiry a wait would need.
    expect(await untilClosed(sfn, executionArn!, 600)).toBe('SUCCEEDED');
    expect([...api.charges.keys()]).toEqual([expect.stringMatching(/^charge-order\.charge\./)]);
    expect(api.requests()).toBe(2);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    // The killed attempt's scheduling stays in the history; the resumed attempt took the record over
    // and ran: no Aethon.IdempotencyInProgress failure, no retry.
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'TaskFailed')).toEqual([]);
    expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'TaskStateEntered')).toHaveLength(1);
    const succeeded = events.find((e) => e.type === 'ExecutionSucceeded');
    expect(JSON.parse(succeeded!.executionSucceededEventDetails!.output!)).toEqual({ chargeId: 'ch-1' });
  });
});
