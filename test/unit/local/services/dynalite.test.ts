/** Local DynamoDB: one process per folder at a time, and a close that lets requests finish. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, startDynalite } from '../../../../lib/local/services/dynalite.ts';
import { ResourceBusyError } from '../../../../lib/local/store/index.ts';

describe('Function: startDynalite', () => {
  it('waits for, then refuses with a message, a folder another holder has open, instead of crashing', async () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), 'aethon-dynalite-')), 'dynamodb');
    const first = await startDynalite({ path });
    let now = 0;
    try {
      // Act
      const second = startDynalite({ path, wait: { waitMs: 1000, now: () => now, sleep: async (ms) => void (now += ms) } });
      // Assess
      await expect(second).rejects.toBeInstanceOf(ResourceBusyError);
      await expect(second).rejects.toThrow(/gave up after 1 s waiting for the local DynamoDB .* in use by pid \d+/);
    } finally {
      await first.close();
    }
    const third = await startDynalite({ path });
    await third.close();
  });

  it('answers the requests in flight when close() is called, then refuses new ones', async () => {
    // Prepare
    const dynamo = await startDynalite();
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    try {
      const puts = Array.from({ length: 50 }, (_, i) => client.send(new PutItemCommand({ TableName: dynamo.tableName, Item: { id: { S: `k${i}` } } })));
      await puts[0];
      // Act: the rest are on the wire or about to be.
      const closing = dynamo.close();
      const results = await Promise.allSettled(puts);
      await closing;
      // Assess: requests that arrived were answered; the rest were refused, never cut off
      // mid-way by a closed database (dynalite throws that outside any handler: a crash).
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => `${(r.reason as Error).name}: ${(r.reason as Error).message}`);
      expect(refused.filter((reason) => /Database is closed/.test(reason))).toEqual([]);
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      await expect(client.send(new ScanCommand({ TableName: dynamo.tableName }))).rejects.toBeDefined();
    } finally {
      client.destroy();
    }
  });
});
