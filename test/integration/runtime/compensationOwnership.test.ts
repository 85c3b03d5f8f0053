/**
 * Who may undo a side effect, at the level of one function invocation against dynalite: the
 * execution that performed it (the record's owner), never one that replayed it, and never a late
 * compensation once a newer execution has recorded the effect again.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeleteItemCommand, DynamoDBClient, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { compensation, step } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/index.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { startDynalite, type LocalDynamo } from '../../fixtures/runtime/startDynalite.ts';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let cloud: MockHttpServer;
let table: string;
let tableCounter = 0;
let vmCount = 0;
let output: CapturedOutput;

beforeAll(async () => {
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  cloud = await startMockHttpServer({
    'POST /vms': () => ({ status: 201, body: { id: `vm-${++vmCount}` } }),
    'POST /vms/:id/delete': { status: 200, body: {} },
  });
});
afterAll(async () => {
  client.destroy();
  await cloud.close();
  await dynamo.close();
});
beforeEach(() => {
  table = `ownership-${++tableCounter}`;
  cloud.clearRequests();
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

type Vm = { vmId: string };
const TENANT = { tenantId: 't-1', plan: 'small' };

function env(role: 'task' | 'compensation', extra: Record<string, string> = {}) {
  return stepEnv({
    AETHON_STEP: 'createVm',
    AETHON_FUNCTION_ROLE: role,
    AETHON_IDEMPOTENCY_TABLE: table,
    AETHON_IDEMPOTENCY_KEY: 'tenantId',
    AETHON_IDEMPOTENCY_TTL_SECONDS: '3600',
    AETHON_DYNAMODB_ENDPOINT: dynamo.endpoint,
    CLOUD_API_URL: cloud.url,
    ...extra,
  });
}

function createVm(extra: Record<string, string> = {}, options: { dynamodb?: DynamoDBClient } = {}) {
  return step<{ tenantId: string }, Vm>({ env: env('task', extra), ...(options.dynamodb ? { clients: { dynamodb: options.dynamodb } } : {}) }, async (input, ctx) => {
    const vm = await ctx.http.post<{ id: string }>(`${ctx.serviceUrl('CLOUD_API_URL')}/vms`, input, { idempotencyKey: true });
    return { vmId: vm.id };
  });
}

/** The undo of createVm; `during` runs while the delete is in flight (a duplicate arriving meanwhile). */
const deleteVm = (during: () => Promise<void> = async () => {}) =>
  compensation<unknown, Vm, unknown>({ env: env('compensation') }, async ({ result }, ctx) => {
    await during();
    await ctx.http.post(`${ctx.serviceUrl('CLOUD_API_URL')}/vms/${result.vmId}/delete`, {});
    return { deleted: result.vmId };
  });

/** What the compiled "Compensate createVm" state sends: the step's input and result, in `execution`. */
function undo(execution: string, result: Vm, during?: () => Promise<void>) {
  const { context } = taskPayload(TENANT, { executionName: execution, state: 'Compensate createVm' });
  return deleteVm(during)({ input: TENANT, result, error: { Error: 'Aethon.Permanent', Cause: 'dns failed' }, context });
}

async function records(): Promise<{ id: string; owner?: string; status: string }[]> {
  const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
  return Items.map((item) => ({ id: item.id!.S!, status: item.status!.S!, ...(item.data?.M?.owner?.S ? { owner: item.data.M.owner.S } : {}) }));
}

const executionArn = (name: string) => taskPayload({}, { executionName: name }).context.executionId;

describe('Compensation and idempotency records', () => {
  it('records the execution that performed the side effect as the owner', async () => {
    const vm = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    await createVm()(taskPayload(TENANT, { executionName: 'e2' }));

    expect(vm).toEqual({ vmId: 'vm-1' });
    expect(await records()).toEqual([{ id: expect.stringMatching(/^test-workflow\.createVm#/), status: 'COMPLETED', owner: executionArn('e1') }]);
  });

  it('lets the owner undo and release even after another execution replayed the result (the reverse case)', async () => {
    const vm = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    const replayed = await createVm()(taskPayload(TENANT, { executionName: 'e2' }));

    const undone = await undo('e1', vm);
    const third = await createVm()(taskPayload(TENANT, { executionName: 'e3' }));

    expect(replayed).toEqual(vm);
    expect(undone).toEqual({ deleted: vm.vmId });
    expect(third).not.toEqual(vm); // the record was released: e3 created a VM of its own
    expect(await records()).toEqual([expect.objectContaining({ owner: executionArn('e3') })]);
  });

  it('leaves the side effect and the record alone when this execution only replayed it', async () => {
    const vm = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    await createVm()(taskPayload(TENANT, { executionName: 'e2' }));

    const undone = await undo('e2', vm);

    expect(undone).toEqual({ compensated: false, reason: expect.stringContaining(executionArn('e1')) });
    expect(cloud.requestsTo('POST /vms/:id/delete')).toHaveLength(0);
    expect(await records()).toEqual([expect.objectContaining({ owner: executionArn('e1') })]);
  });

  it("never releases a newer execution's record: a late compensation finds it owned by another", async () => {
    const first = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    const [expired] = await records();
    await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: expired!.id } } })); // as TTL or `aethon idempotency clear` would
    await createVm()(taskPayload(TENANT, { executionName: 'e3' }));

    const late = await undo('e1', first);

    expect(late).toMatchObject({ compensated: false });
    expect(await records()).toEqual([expect.objectContaining({ owner: executionArn('e3') })]);
  });

  it('makes a duplicate that starts while the first execution undoes its VM wait, then create its own', async () => {
    const vm = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    let duplicate: unknown;

    await undo('e1', vm, async () => {
      duplicate = await createVm()(taskPayload(TENANT, { executionName: 'e2' })).catch((error: Error) => error.name);
    });
    const retried = await createVm()(taskPayload(TENANT, { executionName: 'e2', retryCount: 1 }));

    expect(duplicate).toBe('Aethon.IdempotencyInProgress'); // not the VM being deleted
    expect(retried).not.toEqual(vm);
    expect(cloud.requestsTo('POST /vms')).toHaveLength(2);
    expect(await records()).toEqual([expect.objectContaining({ status: 'COMPLETED', owner: executionArn('e2') })]);
  });

  it('puts the record back when the undo fails: the VM still exists and replays again', async () => {
    const vm = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    cloud.route('POST /vms/:id/delete', { status: 400, body: { message: 'vm locked' } });

    const failed = await undo('e1', vm).catch((error: Error) => error.name);
    const duplicate = await createVm()(taskPayload(TENANT, { executionName: 'e2' }));
    cloud.route('POST /vms/:id/delete', { status: 200, body: {} });
    const retriedUndo = await undo('e1', vm);

    expect(failed).toBe('Aethon.Permanent');
    expect(duplicate).toEqual(vm);
    expect(retriedUndo).toEqual({ deleted: vm.vmId });
    expect(await records()).toEqual([]);
  });

  it('undoes its own work when the record is gone (expired, cleared or never saved)', async () => {
    const vm = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    const [record] = await records();
    await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: record!.id } } }));

    const undone = await undo('e1', vm);

    expect(undone).toEqual({ deleted: vm.vmId });
    expect(cloud.requestsTo('POST /vms/:id/delete').map((r) => r.path)).toEqual([`/vms/${vm.vmId}/delete`]);
  });

  it('undoes and releases a record written before records named their owner', async () => {
    const vm = await createVm()(taskPayload(TENANT, { executionName: 'e1' }));
    const [record] = await records();
    await client.send(new UpdateItemCommand({ TableName: table, Key: { id: { S: record!.id } }, UpdateExpression: 'REMOVE #data.#owner', ExpressionAttributeNames: { '#data': 'data', '#owner': 'owner' } }));

    const undone = await undo('e1', vm);

    expect(undone).toEqual({ deleted: vm.vmId });
    expect(await records()).toEqual([]);
  });

  it('sends the same idempotency key again when a crash lost the record after the side effect', async () => {
    // Prepare: the success record cannot be written, as if the function died right after the call
    const crashing = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const send = crashing.send.bind(crashing);
    crashing.send = ((command: unknown) => {
      if (command instanceof UpdateItemCommand) return Promise.reject(Object.assign(new Error('connection reset'), { name: 'TimeoutError' }));
      return send(command as never);
    }) as typeof crashing.send;
    const input = { tenantId: 't-crash', plan: 'small' };
    await createVm({ AETHON_TIMEOUT_SECONDS: '1' }, { dynamodb: crashing })(taskPayload(input, { executionName: 'e1' }));

    // Act: the retry, once the lost attempt's time is up
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await createVm({ AETHON_TIMEOUT_SECONDS: '1' })(taskPayload(input, { executionName: 'e1', retryCount: 1 }));

    // Assess: the side effect ran twice; the service saw one key and can dedupe the second
    const keys = cloud.requestsTo('POST /vms').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    crashing.destroy();
  });
});
