/**
 * DynamoDB for local runs: dynalite (the DynamoDB API over LevelDB, in-process) on an ephemeral
 * loopback port, with the idempotency table the runtime expects. With a folder, records persist
 * across runs under .aethon/, as on AWS; without, everything is in memory (tests).
 *
 * Two things dynalite does not do for us:
 * - A second process opening the same folder fails inside a request handler, which dynalite
 *   rethrows as an uncaught "Database is closed". So a process first takes a lock of its own (a
 *   LevelDB beside the folder: an OS lock the kernel drops even on `kill -9`) and waits, bounded,
 *   while another process holds it.
 * - Its close() can close the database between two operations of a request still running. So
 *   close() stops accepting requests, waits for those in flight to answer, then closes.
 */
import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ClassicLevel } from 'classic-level';
import { ensureLocalIdempotencyTable } from '../../runtime/idempotency/index.ts';
import { clearHolder, waitForLock, type StoreWaitOptions } from '../store/waitForLock.ts';

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
  /** Stops accepting requests, lets those in flight answer, closes the database; never throws. */
  close(): Promise<void>;
}

export interface StartDynaliteOptions {
  /** LevelDB folder; in memory when omitted. */
  readonly path?: string;
  /** @default LOCAL_IDEMPOTENCY_TABLE */
  readonly tableName?: string;
  /** How to wait while another process holds the folder. */
  readonly wait?: StoreWaitOptions;
}

export async function startDynalite(options: StartDynaliteOptions = {}): Promise<LocalDynamo> {
  const releaseLock = options.path ? await lockFolder(options.path, options.wait) : async () => {};
  let server: Server;
  try {
    server = dynalite({ ...(options.path ? { path: options.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  } catch (error) {
    await releaseLock();
    throw error;
  }
  const gate = drainGate(server);
  const close = async (): Promise<void> => {
    await gate.drain();
    await closeServer(server);
    await releaseLock();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    }).catch((error: Error) => {
      throw new Error(`could not start local DynamoDB (dynalite)${options.path ? ` on ${options.path}` : ''}: ${error.message}`, { cause: error });
    });
  } catch (error) {
    await close();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tableName = options.tableName ?? LOCAL_IDEMPOTENCY_TABLE;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    // The same function the runtime calls on first use, so both agree on the table's shape.
    await ensureLocalIdempotencyTable(client, tableName, endpoint);
  } catch (error) {
    await close();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, tableName, close };
}

/** Takes the folder's lock, waiting while another process holds it; resolves to its release. */
async function lockFolder(path: string, wait: StoreWaitOptions | undefined): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  const holderFile = `${path}.holder.json`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const lock = await waitForLock(
    `the local DynamoDB (${path})`,
    holderFile,
    async () => {
      const db = new ClassicLevel(lockPath);
      await db.open();
      return db;
    },
    (error) => (error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED',
    wait,
  );
  return async () => {
    clearHolder(holderFile);
    await lock.close().catch(() => undefined);
  };
}

/** How long close() waits for requests in flight; far beyond any local DynamoDB call. */
const DRAIN_BOUND_MS = 10_000;

/** Counts requests from arrival to their answer; once draining, refuses new ones as DynamoDB would. */
function drainGate(server: Server): { drain(): Promise<void> } {
  const [handler] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      res.writeHead(503, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable', message: 'local DynamoDB is shutting down' }));
      return;
    }
    inFlight++;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight--;
      if (inFlight === 0) idle?.();
    };
    // dynalite answers through res.end; the request's database work is over by then. A request
    // whose body never fully arrived never reaches the database, so it counts as done when it drops.
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      finish();
      return end(...args);
    }) as typeof res.end;
    req.once('close', () => {
      if (!req.complete) finish();
    });
    handler!(req, res);
  });
  return {
    drain: () => {
      draining = true;
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // A request dynalite never answers must not keep the process from ending: after the
        // bound, close anyway (the process is ending; dynalite's own close waits no longer).
        const giveUp = setTimeout(resolve, DRAIN_BOUND_MS);
        giveUp.unref();
        idle = () => {
          clearTimeout(giveUp);
          resolve();
        };
      });
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  // dynalite's close reports a failure to close its database; the process is ending anyway.
  return new Promise((resolve) => server.close(() => resolve()));
}
