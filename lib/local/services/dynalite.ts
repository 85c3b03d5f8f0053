/**
 * DynamoDB for local runs: dynalite (the DynamoDB API over LevelDB, in-process) on an ephemeral
 * loopback port, with the idempotency table the runtime expects. With a folder, records persist
 * across runs under .aethon/, as on AWS; without, everything is in memory (tests).
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureLocalIdempotencyTable } from '../../runtime/idempotency/index.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: { path?: string; createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

/** The local idempotency table; partition key `id` and TTL attribute `expiration`, as CDK creates it. */
export const LOCAL_IDEMPOTENCY_TABLE = 'aethon-idempotency-local';

/** Credentials dynalite accepts; it checks that they are present, not what they are. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalDynamo {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly tableName: string;
  close(): Promise<void>;
}

export interface StartDynaliteOptions {
  /** LevelDB folder; in memory when omitted. */
  readonly path?: string;
  /** @default LOCAL_IDEMPOTENCY_TABLE */
  readonly tableName?: string;
}

export async function startDynalite(options: StartDynaliteOptions = {}): Promise<LocalDynamo> {
  const server = dynalite({ ...(options.path ? { path: options.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  }).catch((error: Error) => {
    throw new Error(`could not start local DynamoDB (dynalite)${options.path ? ` on ${options.path}` : ''}: ${error.message}`, { cause: error });
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tableName = options.tableName ?? LOCAL_IDEMPOTENCY_TABLE;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    // The same function the runtime calls on first use, so both agree on the table's shape.
    await ensureLocalIdempotencyTable(client, tableName, endpoint);
  } catch (error) {
    await closeServer(server);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, tableName, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}
