/**
 * Idempotency against dynalite (the DynamoDB API, as the local engine runs it): the side effect of
 * an idempotent step runs once per key, whatever the retries, duplicates and races.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { RetryableError, step } from '../../../lib/runtime/index.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { startDynalite, type LocalDynamo } from '../../fixtures/runtime/startDynalite.ts';
import { failureOf } from '../../helpers/failureOf.ts';

let dynamo: LocalDynamo;
let output: CapturedOutput;
let tableCounter = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const Input = z.object({ userId: z.string(), email: z.string() });

/** A step idempotent by userId whose side effect is counted; each test gets its own table. */
function idempotentStep(body: (input: z.infer<typeof Input>, calls: number) => Promise<unknown> = async (input) => ({ sent: input.userId }), timeoutSeconds = '10', validate?: string) {
  const sideEffects: string[] = [];
  const env = stepEnv({
    AETHON_IDEMPOTENCY_TABLE: `idempotency-${++tableCounter}`,
    AETHON_IDEMPOTENCY_KEY: 'userId',
    ...(validate ? { AETHON_IDEMPOTENCY_VALIDATE: validate } : {}),
    AETHON_IDEMPOTENCY_TTL_SECONDS: '3600',
    AETHON_TIMEOUT_SECONDS: timeoutSeconds,
    AETHON_DYNAMODB_ENDPOINT: dynamo.endpoint,
  });
  const handler = step({ env, input: Input }, async (input) => {
    sideEffects.push(input.userId);
    return body(input, sideEffects.length);
  });
  return { handler, sideEffects };
}

describe('Step idempotency (dynalite)', () => {
  it('runs the side effect once for two identical invocations and replays the result', async () => {
    // Prepare
    const { handler, sideEffects } = idempotentStep();
    const input = { userId: 'u-1', email: 'a@example.com' };

    // Act
    const first = await handler(taskPayload(input));
    const second = await handler(taskPayload(input, { retryCount: 1 }));

    // Assess
    expect(sideEffects).toEqual(['u-1']);
    expect(second).toEqual(first);
    const succeeded = output.logs().filter((l) => l.message === 'step succeeded');
    expect(succeeded.map((l) => l.idempotentReplay)).toEqual([false, true]);
  });

  it('keys on the step input only: a new execution with the same input is a replay too', async () => {
    const { handler, sideEffects } = idempotentStep();
    const input = { userId: 'u-2', email: 'b@example.com' };

    await handler(taskPayload(input, { executionName: 'first-run' }));
    await handler(taskPayload(input, { executionName: 'second-run', retryCount: 3 }));

    expect(sideEffects).toEqual(['u-2']);
  });

  it('runs the side effect once for concurrent duplicates; the loser is told to retry', async () => {
    // Prepare: the side effect takes a while, so the duplicates overlap
    const { handler, sideEffects } = idempotentStep(async (input) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { sent: input.userId };
    });
    const input = { userId: 'u-3', email: 'c@example.com' };

    // Act
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => handler(taskPayload(input))));

    // Assess
    expect(sideEffects).toEqual(['u-3']);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((r) => (r.reason as Error).name)).toEqual(Array(3).fill(AethonErrors.IDEMPOTENCY_IN_PROGRESS));
    // After the winner finished, a retry of a loser gets the stored result.
    await expect(handler(taskPayload(input, { retryCount: 1 }))).resolves.toEqual({ sent: 'u-3' });
    expect(sideEffects).toHaveLength(1);
  });

  it('leaves the key free after a failed attempt, so the retry runs the side effect', async () => {
    const { handler, sideEffects } = idempotentStep(async (input, calls) => {
      if (calls === 1) throw new RetryableError('payments answered 503');
      return { sent: input.userId };
    });
    const input = { userId: 'u-4', email: 'd@example.com' };

    const error = await failureOf(handler(taskPayload(input)));
    const retried = await handler(taskPayload(input, { retryCount: 1 }));

    expect(error.name).toBe(AethonErrors.RETRYABLE);
    expect(retried).toEqual({ sent: 'u-4' });
    expect(sideEffects).toEqual(['u-4', 'u-4']);
  });

  it('replays the result for the same key when fields outside the key differ (the key alone is the identity)', async () => {
    const { handler, sideEffects } = idempotentStep();

    const first = await handler(taskPayload({ userId: 'u-6', email: 'e@example.com' }));
    const second = await handler(taskPayload({ userId: 'u-6', email: 'other@example.com' }));

    expect(second).toEqual(first);
    expect(sideEffects).toEqual(['u-6']);
  });

  it('rejects a different value of a validated field under the same key as Aethon.IdempotencyConflict', async () => {
    const { handler, sideEffects } = idempotentStep(undefined, '10', '[email]');

    await handler(taskPayload({ userId: 'u-5', email: 'e@example.com' }));
    const error = await failureOf(handler(taskPayload({ userId: 'u-5', email: 'other@example.com' })));

    expect(error.name).toBe(AethonErrors.IDEMPOTENCY_CONFLICT);
    expect(sideEffects).toEqual(['u-5']);
    const failed = output.logs().filter((l) => l.message === 'step failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'ERROR', errorName: AethonErrors.IDEMPOTENCY_CONFLICT });
  });

  it('fails as Aethon.InvalidInput, before any side effect, when the input lacks the key', async () => {
    const env = stepEnv({ AETHON_IDEMPOTENCY_TABLE: `idempotency-${++tableCounter}`, AETHON_IDEMPOTENCY_KEY: 'userId', AETHON_DYNAMODB_ENDPOINT: dynamo.endpoint });
    let calls = 0;
    const handler = step({ env }, async () => ++calls);

    const error = await failureOf(handler(taskPayload({ email: 'f@example.com' })));

    expect(error.name).toBe(AethonErrors.INVALID_INPUT);
    expect(calls).toBe(0);
  });

  it('stops blocking the key once a stuck attempt has outlived the step timeout', async () => {
    // Prepare: a 1 s step timeout; the first attempt hangs as a crashed Lambda would
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    const { handler, sideEffects } = idempotentStep(async (input, calls) => {
      if (calls === 1) await hung;
      return { sent: input.userId };
    }, '1');
    const input = { userId: 'u-6', email: 'g@example.com' };
    const stuck = handler(taskPayload(input)).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act: while the attempt is in its time, a retry is refused; after it, the retry runs
    const early = await failureOf(handler(taskPayload(input, { retryCount: 1 })));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const late = await handler(taskPayload(input, { retryCount: 2 }));

    // Assess
    expect(early.name).toBe(AethonErrors.IDEMPOTENCY_IN_PROGRESS);
    expect(late).toEqual({ sent: 'u-6' });
    expect(sideEffects).toEqual(['u-6', 'u-6']);
    release();
    await stuck;
  });

  it('stores and replays results DynamoDB cannot marshall as plain JSON, running the side effect once', async () => {
    // Prepare: undefined, a Date, NaN and a number above 2^53 are refused by marshall, not by JSON
    const { handler, sideEffects } = idempotentStep(async (input) => ({ sent: input.userId, coupon: undefined, at: new Date(0), ratio: NaN, big: 2 ** 60 }));
    const input = { userId: 'u-7', email: 'h@example.com' };

    // Act
    const first = await handler(taskPayload(input));
    const second = await handler(taskPayload(input, { retryCount: 1 }));

    // Assess: the result is what Lambda would return (JSON), and the replay is identical
    const plain = { sent: 'u-7', at: '1970-01-01T00:00:00.000Z', ratio: null, big: 2 ** 60 };
    expect(first).toStrictEqual(plain);
    expect(second).toStrictEqual(plain);
    expect(sideEffects).toEqual(['u-7']);
  });

  it('returns the result, with one ERROR line, when the success record cannot be saved', async () => {
    // Prepare: a client whose UpdateItem (Powertools' saveSuccess) fails
    const dynamodb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
    dynamodb.send = ((command: { constructor: { name: string } }) =>
      command.constructor.name === 'UpdateItemCommand' ? Promise.reject(Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' })) : send(command)) as typeof dynamodb.send;
    const env = stepEnv({ AETHON_IDEMPOTENCY_TABLE: `idempotency-${++tableCounter}`, AETHON_IDEMPOTENCY_KEY: 'userId', AETHON_DYNAMODB_ENDPOINT: dynamo.endpoint });
    let calls = 0;
    const handler = step({ env, clients: { dynamodb } }, async () => ({ charged: ++calls }));

    // Act
    const result = await handler(taskPayload({ userId: 'u-8' }));

    // Assess
    expect(result).toEqual({ charged: 1 });
    const errors = output.logs().filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('idempotency record could not be saved');
    expect(output.logs().filter((l) => l.message === 'step succeeded')).toHaveLength(1);
  });

  it('replays a record stored in the older shape (the result itself)', async () => {
    // Prepare: a completed record written by plain Powertools, as earlier versions stored it
    const table = `idempotency-${++tableCounter}`;
    const env = stepEnv({ AETHON_IDEMPOTENCY_TABLE: table, AETHON_IDEMPOTENCY_KEY: 'userId', AETHON_DYNAMODB_ENDPOINT: dynamo.endpoint });
    let calls = 0;
    const handler = step({ env }, async () => ({ charged: ++calls }));
    await handler(taskPayload({ userId: 'warm-up' })); // creates the table
    const awsSdkV3Client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const old = makeIdempotent(async (_input: unknown, _context: unknown) => ({ charged: 'old' }), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: table, awsSdkV3Client }),
      config: new IdempotencyConfig({ eventKeyJmesPath: 'userId', payloadValidationJmesPath: '@', expiresAfterSeconds: 3600 }),
      keyPrefix: 'test-workflow.testStep',
    });
    await old({ userId: 'u-9' }, { getRemainingTimeInMillis: () => 10_000 });

    // Act
    const replayed = await handler(taskPayload({ userId: 'u-9' }));

    // Assess
    expect(replayed).toEqual({ charged: 'old' });
    expect(calls).toBe(1);
  });
});
