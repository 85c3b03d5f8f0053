/**
 * The console's routes over what `aethon dev` keeps: an execution's handler log lines by state,
 * and the idempotency records its engine wrote in dynalite (listed, released, an INPROGRESS one
 * refused without force). Plain HTTP against the real server, no browser.
 */
import { UpdateItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { DevServer } from '../../../lib/dev/index.ts';
import { sfnClientFor, untilClosed } from '../dev/devProject.ts';
import { listRecords } from '../../../lib/console/api/idempotencyRoutes.ts';
import { consoleHandlesFor } from '../../../lib/dev/consoleHandles.ts';
import { CONSOLE_PROJECT, consoleServerForFile, sendRaw } from './consoleProject.ts';

const ARN_PREFIX = 'arn:aws:states:us-east-1:123456789012:stateMachine:';

/** A console route's JSON answer; a body is sent as JSON. */
async function send(endpoint: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const answer = await sendRaw(endpoint, method, path, body === undefined ? {} : { 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
  return { status: answer.status, body: JSON.parse(answer.body) };
}

async function runToEnd(server: DevServer, workflow: string, name: string, input: unknown): Promise<string> {
  const client = sfnClientFor(server.endpoint);
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: `${ARN_PREFIX}${workflow}`, name, input: JSON.stringify(input) }));
  return untilClosed(client, executionArn!);
}

describe('Console: handler logs and idempotency records in aethon dev', () => {
  const running = consoleServerForFile();

  it("answers a state's handler log lines as Powertools objects, and only that state's", async () => {
    expect(await runToEnd(running.server, 'order-fulfilment', 'logs-1', { orderId: 'o-7', amountCents: 100 })).toBe('FAILED');
    const charge = await send(running.server.endpoint, 'GET', '/aethon/logs?workflow=order-fulfilment&execution=logs-1&state=chargeCard');
    expect(charge.status).toBe(200);
    const refusal = charge.body.lines.find((line: { message?: string }) => line.message === 'charge refused: charges are off');
    expect(refusal).toMatchObject({ level: 'WARN', state: 'chargeCard', orderId: 'o-7' });
    expect(charge.body.lines.every((line: { state?: string }) => line.state === 'chargeCard')).toBe(true);
    const reserve = await send(running.server.endpoint, 'GET', '/aethon/logs?workflow=order-fulfilment&execution=logs-1&state=reserveStock');
    expect(reserve.body.lines.some((line: { message?: string }) => line.message === 'charge refused: charges are off')).toBe(false);
    const none = await send(running.server.endpoint, 'GET', '/aethon/logs?workflow=order-fulfilment&execution=never-ran');
    expect(none.body).toEqual({ lines: [] });
  }, 60_000);

  it('lists the records a run wrote and releases one by its key, so the list is empty after', async () => {
    expect(await runToEnd(running.server, 'stock-hold', 'hold-1', { orderId: 'o-1' })).toBe('SUCCEEDED');
    const listed = await send(running.server.endpoint, 'GET', '/aethon/idempotency/stock-hold');
    expect(listed.status).toBe(200);
    expect(listed.body.steps).toEqual(['reserveStock']);
    expect(listed.body.records).toHaveLength(1);
    expect(listed.body.records[0]).toMatchObject({ workflow: 'stock-hold', step: 'reserveStock', status: 'COMPLETED', owner: expect.stringContaining(':execution:stock-hold:hold-1'), expired: false });

    const released = await send(running.server.endpoint, 'POST', '/aethon/idempotency/stock-hold/release', { step: 'reserveStock', key: 'o-1' });
    expect(released.status).toBe(200);
    expect(released.body.released.id).toBe(listed.body.records[0].id);
    expect((await send(running.server.endpoint, 'GET', '/aethon/idempotency/stock-hold')).body.records).toEqual([]);
  }, 60_000);

  it('refuses to release an INPROGRESS record without force, as the CLI does, and releases it with force', async () => {
    expect(await runToEnd(running.server, 'stock-hold', 'hold-2', { orderId: 'o-2' })).toBe('SUCCEEDED');
    const [record] = (await send(running.server.endpoint, 'GET', '/aethon/idempotency/stock-hold?step=reserveStock')).body.records;
    // An attempt in flight, as a handler that is still running leaves it.
    const table = (await running.server.plane.engine.idempotencyTable())!;
    const dynamo = new DynamoDBClient({ endpoint: table.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await dynamo.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { id: { S: record.id } },
        UpdateExpression: 'SET #status = :inProgress, in_progress_expiration = :until',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inProgress': { S: 'INPROGRESS' }, ':until': { N: String(Date.parse('2100-01-01T00:00:00Z')) } },
      }),
    );
    dynamo.destroy();

    const refused = await send(running.server.endpoint, 'POST', '/aethon/idempotency/stock-hold/release', { step: 'reserveStock', key: record.id });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ __type: 'RecordInProgress', message: expect.stringContaining('is IN PROGRESS until 2100-01-01T00:00:00.000Z') });
    expect(refused.body.message).toContain('release it with force');
    expect((await send(running.server.endpoint, 'GET', '/aethon/idempotency/stock-hold')).body.records).toHaveLength(1);

    const forced = await send(running.server.endpoint, 'POST', '/aethon/idempotency/stock-hold/release', { step: 'reserveStock', key: record.id, force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.released).toMatchObject({ id: record.id, status: 'INPROGRESS' });
  }, 60_000);

  it('says when the server keeps no idempotency table', async () => {
    const { idempotencyTable: _absent, ...handles } = consoleHandlesFor(running.server.plane, { projectRoot: CONSOLE_PROJECT });
    await expect(listRecords(handles, 'stock-hold', new URLSearchParams())).rejects.toMatchObject({ type: 'RecordsNotKept', status: 404, message: expect.stringContaining('keeps no local idempotency table') });
  });

  it('says what is wrong with a records request: unknown workflow, step that is not idempotent, no key, no record', async () => {
    const unknown = await send(running.server.endpoint, 'GET', '/aethon/idempotency/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain("no workflow named 'nope'");
    const notIdempotent = await send(running.server.endpoint, 'POST', '/aethon/idempotency/order-fulfilment/release', { step: 'chargeCard', key: 'o-1' });
    expect(notIdempotent.status).toBe(400);
    expect(notIdempotent.body.message).toBe("'chargeCard' is not an idempotent step of order-fulfilment; its idempotent steps: none");
    const noKey = await send(running.server.endpoint, 'POST', '/aethon/idempotency/stock-hold/release', { step: 'reserveStock' });
    expect(noKey.body.message).toContain("needs 'step' and 'key'");
    const missing = await send(running.server.endpoint, 'POST', '/aethon/idempotency/stock-hold/release', { step: 'reserveStock', key: 'never-seen' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ __type: 'RecordNotFound', message: expect.stringContaining('no idempotency record of stock-hold.reserveStock for key "never-seen"') });
  });
});
