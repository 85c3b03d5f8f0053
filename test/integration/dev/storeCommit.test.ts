/** The store's group commit, which the dev server's checkpoints use: records and documents in one batch. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutionStoreError, openExecutionStore } from '../../../lib/local/store/index.ts';
import type { ExecutionRecord } from '../../../lib/local/types.ts';

const record = (status: ExecutionRecord['status']): ExecutionRecord => ({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e1', name: 'e1', stateMachineName: 'm', status, startDate: '2026-12-04T00:00:00.000Z', input: {}, history: [] });

describe('Method: OpenedExecutionStore.commit', { timeout: 30_000 }, () => {
  it('writes records and documents together, later operations of one batch winning', async () => {
    const store = await openExecutionStore(mkdtempSync(join(tmpdir(), 'aethon-commit-')));
    try {
      await store.commit({ records: [record('RUNNING')], documents: [{ kind: 'running', id: 'e1', value: { note: 1 } }] });
      expect((await store.get('e1'))?.status).toBe('RUNNING');
      expect(await store.documents.get('running', 'e1')).toEqual({ note: 1 });

      await store.commit({ records: [record('SUCCEEDED')], deletedDocuments: [{ kind: 'running', id: 'e1' }] });

      expect(await store.list({ stateMachineName: 'm', status: 'RUNNING' })).toEqual([]);
      expect((await store.list({ stateMachineName: 'm', status: 'SUCCEEDED' })).map((r) => r.name)).toEqual(['e1']);
      expect(await store.documents.list('running')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('answers exists() for records stored before it opened and for those written since', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'aethon-commit-'));
    const before = await openExecutionStore(directory);
    await before.put(record('SUCCEEDED'));
    await before.close();
    const store = await openExecutionStore(directory);
    try {
      const other = { ...record('RUNNING'), executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e2', name: 'e2' };
      expect(await store.exists(record('RUNNING').executionArn)).toBe(true);
      expect(await store.exists(other.executionArn)).toBe(false);
      await store.commit({ appended: [{ record: other, newEvents: [] }] });
      expect(await store.exists(other.executionArn)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('writes nothing of a batch with an invalid record', async () => {
    const store = await openExecutionStore(mkdtempSync(join(tmpdir(), 'aethon-commit-')));
    try {
      await expect(store.commit({ records: [{ ...record('RUNNING'), startDate: 'yesterday' }], documents: [{ kind: 'running', id: 'e1', value: 1 }] })).rejects.toBeInstanceOf(ExecutionStoreError);
      expect(await store.documents.list('running')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('keeps each record whole across checkpoints it appends from the heads it keeps, a put in between, and a final record', async () => {
    const store = await openExecutionStore(mkdtempSync(join(tmpdir(), 'aethon-commit-')));
    const event = (id: number, type: string) => ({ id, previousEventId: id - 1, timestamp: '2026-12-04T00:00:00.000Z', type }) as ExecutionRecord['history'][number];
    try {
      await store.exists(record('RUNNING').executionArn);
      await store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(1, 'ExecutionStarted'), event(2, 'PassStateEntered')] }] });
      await store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(3, 'PassStateExited')] }] });
      expect((await store.get('e1'))?.history.map((e) => e.id)).toEqual([1, 2, 3]);

      // The CLI's put replaces the head and its events: the next checkpoint starts over that record.
      await store.put({ ...record('FAILED'), history: [event(1, 'ExecutionStarted'), event(2, 'ExecutionFailed')] });
      await store.commit({ appended: [{ record: record('RUNNING'), newEvents: [event(3, 'ExecutionRedriven')] }] });
      const redriven = await store.get('e1');
      expect(redriven?.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'ExecutionFailed', 'ExecutionRedriven']);
      expect((await store.list({ status: 'RUNNING' })).map((r) => r.name)).toEqual(['e1']);
      expect(await store.list({ status: 'FAILED' })).toEqual([]);

      await store.commit({ records: [{ ...record('SUCCEEDED'), history: [event(1, 'ExecutionStarted'), event(2, 'ExecutionSucceeded')] }] });
      expect((await store.get('e1'))?.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'ExecutionSucceeded']);
      expect((await store.list()).map((r) => r.status)).toEqual(['SUCCEEDED']);
    } finally {
      await store.close();
    }
  });
});
