/**
 * /metrics counts idempotency replays: a second execution of an idempotent step with the same key
 * returns the stored result (its handler logs `idempotentReplay: true`) instead of charging again.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { sfnClientFor, untilClosed } from './devProject.ts';

describe('aethon dev /metrics: idempotency replays', { timeout: 120_000 }, () => {
  let charges = 0;
  const api = createServer((_request, response) => {
    charges++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ chargeId: `ch-${charges}` }));
  });
  let server: DevServer | undefined;
  afterAll(async () => {
    await server?.close();
    api.close();
  });

  it('counts the replay by state machine and state, and the side effect happens once', async () => {
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const project = mkdtempSync(join(tmpdir(), 'aethon-dev-replay-'));
    cpSync(join(PROJECT_ROOT, 'test/fixtures/dev/idempotentCharge'), project, { recursive: true });
    const handler = join(project, 'functions/charge.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace('../../../../../lib/runtime/index.ts', join(PROJECT_ROOT, 'lib/runtime/index.ts')));
    server = await startDevServer({ projectRoot: project, port: 0, announce: false, watch: false, environment: { PAYMENTS_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}` } });
    const sfn = sfnClientFor(server.endpoint);
    const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:charge-order';

    for (const name of ['first', 'again']) {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: '{"orderId":"o-9"}' }));
      expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
    }

    const metrics = await (await fetch(`${server.endpoint}/metrics`)).text();
    expect(metrics).toMatch(/aethon_idempotency_replays_total\{state_machine="charge-order",state="[^"]+"\} 1/);
    expect(charges).toBe(1);
  });
});
