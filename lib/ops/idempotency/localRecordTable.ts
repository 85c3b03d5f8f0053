/**
 * The local engine's idempotency table: dynalite over the LevelDB folder .aethon/dynamodb. One
 * process may hold that folder at a time, so while `aethon run` or `start --local` runs this waits
 * a bounded time (startDynalite's lock), says so once, and then says who holds it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, startDynalite } from '../../local/services/dynalite.ts';
import { ResourceBusyError, type StoreWaitOptions } from '../../local/store/waitForLock.ts';
import { OpsError, OpsExit } from '../errors.ts';
import { localDirOf } from '../localStore.ts';
import type { RecordTable } from './idempotencyRecords.ts';

/** Reading or clearing a record takes milliseconds; a run that holds the folder may take minutes. */
export const LOCAL_TABLE_WAIT_MS = 30_000;

/** Runs `use` with the local table open; undefined when no local run ever recorded anything. */
export async function withLocalRecordTable<T>(projectRoot: string, use: (table: RecordTable) => Promise<T>, wait: StoreWaitOptions = {}): Promise<T | undefined> {
  const folder = join(localDirOf(projectRoot), 'dynamodb');
  if (!existsSync(folder)) return undefined;
  let dynamo;
  try {
    dynamo = await startDynalite({ path: folder, wait: { waitMs: LOCAL_TABLE_WAIT_MS, ...wait } });
  } catch (error) {
    if (error instanceof ResourceBusyError) throw new OpsError(error.message, OpsExit.ENVIRONMENT, { cause: error });
    throw error;
  }
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });
  try {
    return await use({ client, table: dynamo.tableName });
  } finally {
    client.destroy();
    await dynamo.close();
  }
}
