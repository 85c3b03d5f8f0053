/**
 * Takeover of an in-progress idempotency record (dynalite): a resumed attempt of the same execution
 * runs at once when the attempt holding the record is in a process that is gone; any other
 * holder still answers in progress, and a completed record still replays.
 */
import { DynamoDBClient, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessIdentity } from '../../../lib/runtime/idempotency/attemptHolder.ts';
import { StepIdempotency } from '../../../lib/runtime/idempotency/StepIdempotency.ts';
import { startDynalite, type LocalDynamo } from '../../fixtures/runtime/startDynalite.ts';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

/** A process identity whose view of which pids exist the test controls. */
function processOf(pid: number, alive: Set<number>): ProcessIdentity {
  return { host: 'dev-box', pid, isAlive: (other) => alive.has(other) };
}

function store(table: string, self: ProcessIdentity, warnings: string[] = []): StepIdempotency {
  return new StepIdempotency({
    workflow: 'charge-order',
    step: 'charge',
    table,
    key: 'orderId',
    ttlSeconds: 3600,
    endpoint: dynamo.endpoint,
    holderIdentity: self,
    logger: { error: () => undefined, warn: (message: string) => void warnings.push(message) },
  });
}

/** An attempt that starts its side effect and never finishes, as one killed mid-call. */
async function killedAttempt(idempotency: StepIdempotency, input: unknown, execution: string, sideEffects: string[]): Promise<void> {
  let started!: () => void;
  const inFlight = new Promise<void>((resolve) => (started = resolve));
  void idempotency.execute(input, () => 30_000, execution, () => {
    sideEffects.push('charge');
    started();
    return new Promise<never>(() => undefined);
  });
  await inFlight;
}

const input = { orderId: 'o-7' };
const execution = 'arn:aws:states:us-east-1:123456789012:execution:charge-order:order-7';

describe('in-progress takeover (dynalite)', () => {
  it('names the holder in the in-progress record', async () => {
    const table = `takeover-${++tables}`;
    await killedAttempt(store(table, processOf(101, new Set([101]))), input, execution, []);

    const item = await onlyRecord(table);
    expect(item.status).toBe('INPROGRESS');
    expect(item.aethon_holder).toEqual({ execution, host: 'dev-box', pid: 101 });
  });

  it('the same execution, its holder process gone: takes over and runs the step once more, at once', async () => {
    const table = `takeover-${++tables}`;
    const alive = new Set([101, 202]);
    const sideEffects: string[] = [];
    await killedAttempt(store(table, processOf(101, alive)), input, execution, sideEffects);
    alive.delete(101); // kill -9 of the first server
    const warnings: string[] = [];

    const outcome = await store(table, processOf(202, alive), warnings).execute(input, () => 30_000, execution, async () => {
      sideEffects.push('charge');
      return { chargeId: 'ch-1' };
    });

    expect(outcome).toEqual({ result: { chargeId: 'ch-1' }, replayed: false, owner: execution });
    expect(sideEffects).toEqual(['charge', 'charge']);
    expect(warnings).toEqual([expect.stringContaining('took over the in-progress idempotency record')]);
    // Completed now: a third attempt replays.
    const replay = await store(table, processOf(303, alive)).execute(input, () => 30_000, execution, async () => ({ chargeId: 'ch-2' }));
    expect(replay).toEqual({ result: { chargeId: 'ch-1' }, replayed: true, owner: execution });
  });

  it("another execution's in-progress record is refused even when its holder is gone", async () => {
    const table = `takeover-${++tables}`;
    const alive = new Set([101, 202]);
    await killedAttempt(store(table, processOf(101, alive)), input, `${execution}-other`, []);
    alive.delete(101);
    const sideEffects: string[] = [];

    const attempt = store(table, processOf(202, alive)).execute(input, () => 30_000, execution, async () => void sideEffects.push('charge'));

    await expect(attempt).rejects.toMatchObject({ name: 'IdempotencyAlreadyInProgressError' });
    expect(sideEffects).toEqual([]);
  });

  it('the same execution whose holder process is still alive is refused (a live attempt, e.g. one that timed out)', async () => {
    const table = `takeover-${++tables}`;
    const alive = new Set([101, 202]);
    await killedAttempt(store(table, processOf(101, alive)), input, execution, []);

    const attempt = store(table, processOf(202, alive)).execute(input, () => 30_000, execution, async () => 'ran');

    await expect(attempt).rejects.toMatchObject({ name: 'IdempotencyAlreadyInProgressError' });
  });

  it('an earlier attempt in this very process is never taken over', async () => {
    const table = `takeover-${++tables}`;
    const self = processOf(101, new Set());
    await killedAttempt(store(table, self), input, execution, []);

    await expect(store(table, self).execute(input, () => 30_000, execution, async () => 'ran')).rejects.toMatchObject({ name: 'IdempotencyAlreadyInProgressError' });
  });

  it('a record without a holder (written on AWS, or before holders) is refused as before', async () => {
    const table = `takeover-${++tables}`;
    await killedAttempt(store(table, processOf(101, new Set())), input, execution, []);
    const { id } = await onlyRecord(table);
    await client.send(new UpdateItemCommand({ TableName: table, Key: { id: { S: String(id) } }, UpdateExpression: 'REMOVE aethon_holder' }));

    await expect(store(table, processOf(202, new Set())).execute(input, () => 30_000, execution, async () => 'ran')).rejects.toMatchObject({ name: 'IdempotencyAlreadyInProgressError' });
  });

  it('a completed record of the killed attempt replays: no second side effect', async () => {
    const table = `takeover-${++tables}`;
    const alive = new Set([101, 202]);
    const sideEffects: string[] = [];
    await store(table, processOf(101, alive)).execute(input, () => 30_000, execution, async () => (sideEffects.push('charge'), { chargeId: 'ch-1' }));
    alive.delete(101);

    const outcome = await store(table, processOf(202, alive)).execute(input, () => 30_000, execution, async () => (sideEffects.push('charge'), { chargeId: 'ch-2' }));

    expect(outcome).toEqual({ result: { chargeId: 'ch-1' }, replayed: true, owner: execution });
    expect(sideEffects).toEqual(['charge']);
  });
});

async function onlyRecord(table: string): Promise<Record<string, unknown>> {
  const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
  expect(Items).toHaveLength(1);
  return unmarshall(Items[0]!);
}
