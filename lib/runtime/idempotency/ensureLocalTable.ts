/**
 * Creates the idempotency table in dynalite when it does not exist yet. Only for local runs
 * (FunctionEnv.DYNAMODB_ENDPOINT set): on AWS the table belongs to the CDK stack, and a function
 * has no permission, nor any business, to create it.
 */
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

const ensured = new Map<string, Promise<void>>();

/** How long to wait for the table to become ACTIVE (dynalite's default is 500 ms). @default 10000 */
const ACTIVE_TIMEOUT_MS = 10_000;

/**
 * Makes sure `table` exists with Powertools' default schema (partition key `id`, a string), once
 * per process and endpoint. Concurrent callers share one attempt.
 */
export function ensureLocalIdempotencyTable(client: DynamoDBClient, table: string, endpoint: string): Promise<void> {
  const key = `${endpoint}|${table}`;
  let pending = ensured.get(key);
  if (!pending) {
    pending = create(client, table).catch((error: unknown) => {
      ensured.delete(key); // let the next invocation try again
      throw error;
    });
    ensured.set(key, pending);
  }
  return pending;
}

async function create(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    // Another worker created it first: that is the outcome we wanted.
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`local idempotency table '${table}' did not become ACTIVE within ${ACTIVE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
