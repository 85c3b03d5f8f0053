/**
 * The local engine's idempotency table: dynalite over the LevelDB folder .aethon/dynamodb. LevelDB
 * lets one process hold a folder at a time, so while `aethon run` or `start --local` runs, this
 * waits a bounded time for the folder, says so once, and then says who holds it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ClassicLevel } from 'classic-level';
import { LOCAL_CREDENTIALS, LOCAL_IDEMPOTENCY_TABLE, startDynalite } from '../../local/services/dynalite.ts';
import { OpsError, OpsExit } from '../errors.ts';
import { localDirOf } from '../localStore.ts';
import type { RecordTable } from './idempotencyRecords.ts';

export interface LocalTableWait {
  /** @default 30000 */
  readonly waitMs?: number;
  /** Called once when the folder is busy, so people know why nothing happens yet. */
  readonly onWait?: (waitMs: number) => void;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Runs `use` with the local table open; undefined when no local run ever recorded anything. */
export async function withLocalRecordTable<T>(projectRoot: string, use: (table: RecordTable) => Promise<T>, wait: LocalTableWait = {}): Promise<T | undefined> {
  const folder = join(localDirOf(projectRoot), 'dynamodb');
  if (!existsSync(folder)) return undefined;
  await waitUntilFree(folder, wait);
  const dynamo = await startDynalite({ path: folder });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });
  try {
    return await use({ client, table: dynamo.tableName ?? LOCAL_IDEMPOTENCY_TABLE });
  } finally {
    client.destroy();
    await dynamo.close();
  }
}

/**
 * Opening a held folder makes dynalite throw from a callback, out of reach of any try, so the
 * lock is probed first with LevelDB itself.
 */
async function waitUntilFree(folder: string, wait: LocalTableWait): Promise<void> {
  const waitMs = wait.waitMs ?? 30_000;
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    const db = new ClassicLevel(folder);
    try {
      await db.open();
      await db.close();
      return;
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'LEVEL_LOCKED') throw new OpsError(`cannot open the local idempotency records in ${folder}: ${(error as Error).message}`, OpsExit.ENVIRONMENT, { cause: error });
      if (now() >= deadline) {
        throw new OpsError(
          `the local idempotency records (${folder}) are held by another aethon command (run, start, send-event or redrive --local); waited ${Math.round(waitMs / 1000)} s. Run this again when it has finished.`,
          OpsExit.ENVIRONMENT,
          { cause: error },
        );
      }
      if (attempt === 0) wait.onWait?.(waitMs);
      await sleep(Math.min(50 * 2 ** Math.min(attempt, 4), 500));
    }
  }
}
