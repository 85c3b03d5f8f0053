/** Append-only checkpoints of running executions: new events and a small head per write, assembled on read. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { describe, expect, it } from 'vitest';
import { ExecutionStoreError, openExecutionStore } from '../../../lib/local/store/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../../../lib/local/types.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:m:e1';
const event = (id: number, type = 'PassStateEntered'): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: '2026-12-04T00:00:00.000Z', type }) as HistoryEvent;
const record = (status: ExecutionRecord['status'], history: HistoryEvent[] = []): ExecutionRecord => ({ executionArn: ARN, name: 'e1', stateMachineName: 'm', status, startDate: '2026-12-04T00:00:00.000Z', input: {}, history });

/** Every raw key of the database, to see what a write left behind. */
async function rawKeys(directory: string): Promise<string[]> {
  const db = new ClassicLevel<string, unknown>(join(directory, 'executions'), { valueEncoding: 'json' });
  try {
    return await db.keys().all();
  } finally {
    await db.close();
  }
}

describe('Method: OpenedExecutionStore.commit with appended checkpoints', { timeout: 30_000 }, () => {
  it('assembles a running history from its appended events, then a final record replaces them', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'aethon-appended-'));
    const store = await openExecutionStore(directory);
    try {
      await store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(1, 'ExecutionStarted'), event(2)] }] });
      await store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(3)] }] });
      expect((await store.get(ARN))?.history.map((e) => e.id)).toEqual([1, 2, 3]);
      expect((await store.list({ status: 'RUNNING' }))[0]?.history.map((e) => e.id)).toEqual([1, 2, 3]);
      expect(await store.get(ARN)).not.toHaveProperty('appendedThrough');

      const final = record('SUCCEEDED', [event(1, 'ExecutionStarted'), event(2), event(3), event(4, 'ExecutionSucceeded')]);
      await store.commit({ records: [final] });
      expect(await store.get('e1')).toEqual(final);
    } finally {
      await store.close();
    }
    expect((await rawKeys(directory)).filter((key) => key.startsWith('e\x00'))).toEqual([]);
  });

  it('keeps the whole history of a stored record that runs again (a redrive)', async () => {
    const store = await openExecutionStore(mkdtempSync(join(tmpdir(), 'aethon-appended-')));
    try {
      await store.put(record('FAILED', [event(1, 'ExecutionStarted'), event(2, 'ExecutionFailed')]));
      await store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(3, 'ExecutionRedriven')] }] });
      const running = await store.get(ARN);
      expect(running?.status).toBe('RUNNING');
      expect(running?.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'ExecutionFailed', 'ExecutionRedriven']);
      expect(await store.list({ status: 'FAILED' })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('drops the events of a head when a whole record of the same execution is in the same batch', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'aethon-appended-'));
    const store = await openExecutionStore(directory);
    try {
      await store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(1), event(2)] }], records: [record('SUCCEEDED', [event(1)])] });
      expect((await store.get(ARN))?.history).toHaveLength(1);
    } finally {
      await store.close();
    }
    expect((await rawKeys(directory)).filter((key) => key.startsWith('e\x00'))).toEqual([]);
  });

  it('refuses an event without a positive integer id, writing nothing of the batch', async () => {
    const store = await openExecutionStore(mkdtempSync(join(tmpdir(), 'aethon-appended-')));
    try {
      await expect(store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(0)] }], documents: [{ kind: 'running', id: 'e1', value: 1 }] })).rejects.toThrow(ExecutionStoreError);
      await expect(store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(-1)] }] })).rejects.toThrow(/execution:m:e1: history event id -1 is not a positive integer/);
      await expect(store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(1)] }] }).then(() => store.get(ARN))).resolves.toBeDefined();
      expect(await store.documents.list('running')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
