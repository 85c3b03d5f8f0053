import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ExecutionStoreError,
  ExecutionStoreLockedError,
  openExecutionStore,
  type ExecutionStore,
} from '../../../../lib/local/store/index.ts';
import type { ExecutionRecord, ExecutionStatus } from '../../../../lib/local/types.ts';

const record = (
  stateMachineName: string,
  name: string,
  startDate: string,
  status: ExecutionStatus = 'SUCCEEDED',
): ExecutionRecord => ({
  executionArn: `arn:aws:states:us-east-1:123456789012:execution:${stateMachineName}:${name}`,
  name,
  stateMachineName,
  status,
  startDate,
  input: { name },
  history: [{ id: 1, previousEventId: 0, timestamp: startDate, type: 'ExecutionStarted' }],
});

let directory: string;
let store: ExecutionStore;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'aethon-store-'));
  store = await openExecutionStore(directory);
});
afterEach(async () => {
  await store.close();
  await rm(directory, { recursive: true, force: true });
});

describe('Function: openExecutionStore', () => {
  it('gets a record by ARN and by execution name', async () => {
    // Prepare
    const saved = record('Orders', 'order-1', '2026-01-01T10:00:00.000Z');
    await store.put(saved);

    // Act & Assess
    await expect(store.get(saved.executionArn)).resolves.toEqual(saved);
    await expect(store.get('order-1')).resolves.toEqual(saved);
    await expect(store.get('order-2')).resolves.toBeUndefined();
  });

  it('lists newest first, by state machine, by status and up to a limit', async () => {
    // Prepare
    await store.put(record('Orders', 'o-old', '2026-01-01T10:00:00.000Z'));
    await store.put(record('Billing', 'b-mid', '2026-01-02T10:00:00.000Z', 'FAILED'));
    await store.put(record('Orders', 'o-new', '2026-01-03T10:00:00+00:00', 'FAILED'));
    await store.put(record('Orders', 'o-mid', '2026-01-02T12:00:00.000Z'));

    // Act
    const names = async (options?: Parameters<ExecutionStore['list']>[0]): Promise<string[]> =>
      (await store.list(options)).map((entry) => entry.name);

    // Assess
    expect(await names()).toEqual(['o-new', 'o-mid', 'b-mid', 'o-old']);
    expect(await names({ stateMachineName: 'Orders' })).toEqual(['o-new', 'o-mid', 'o-old']);
    expect(await names({ stateMachineName: 'Orders', status: 'SUCCEEDED' })).toEqual(['o-mid', 'o-old']);
    expect(await names({ status: 'FAILED', limit: 1 })).toEqual(['o-new']);
    expect(await names({ stateMachineName: 'Order' })).toEqual([]);
  });

  it('replaces a record when its status changes, leaving no stale index entry', async () => {
    // Prepare
    const running = record('Orders', 'o-1', '2026-01-01T10:00:00.000Z', 'RUNNING');

    // Act
    await store.put(running);
    await store.put({ ...running, status: 'SUCCEEDED', stopDate: '2026-01-01T10:00:05.000Z', output: { ok: true } });

    // Assess
    await expect(store.list({ status: 'RUNNING' })).resolves.toEqual([]);
    const all = await store.list();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'SUCCEEDED', output: { ok: true } });
  });

  it('keeps concurrent writes consistent', async () => {
    // Prepare
    const records = Array.from({ length: 40 }, (_, i) =>
      record('Orders', `o-${String(i).padStart(2, '0')}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), 'RUNNING'),
    );

    // Act
    await Promise.all(records.flatMap((entry) => [store.put(entry), store.put({ ...entry, status: 'SUCCEEDED' })]));

    // Assess
    const listed = await store.list({ stateMachineName: 'Orders' });
    expect(listed).toHaveLength(40);
    expect(listed.every((entry) => entry.status === 'SUCCEEDED')).toBe(true);
    expect(listed[0]?.name).toBe('o-39');
  });

  it('keeps records across close and reopen', async () => {
    // Prepare
    await store.put(record('Orders', 'o-1', '2026-01-01T10:00:00.000Z'));
    await store.close();

    // Act
    store = await openExecutionStore(directory);

    // Assess
    await expect(store.get('o-1')).resolves.toMatchObject({ stateMachineName: 'Orders' });
  });

  it('refuses a record without the fields it is indexed by', async () => {
    // Act & Assess
    await expect(store.put(record('Orders', 'o-1', 'yesterday'))).rejects.toThrow(ExecutionStoreError);
    await expect(store.put(record('Orders', '', '2026-01-01T10:00:00.000Z'))).rejects.toThrow(/without 'name'/);
  });

  it('explains that the store is in use when this process opens it twice', async () => {
    // Act & Assess
    await expect(openExecutionStore(directory)).rejects.toThrow(ExecutionStoreLockedError);
  });

  it('explains that the store is in use when another process holds it', async () => {
    // Prepare: a second process that opens the same LevelDB and waits.
    await store.close();
    const classicLevel = createRequire(import.meta.url).resolve('classic-level');
    const script = `
      const { ClassicLevel } = require(${JSON.stringify(classicLevel)});
      const db = new ClassicLevel(${JSON.stringify(join(directory, 'executions'))});
      db.open().then(() => console.log('ready'));
      setInterval(() => {}, 1000);`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));

    // Act
    const error = await openExecutionStore(directory).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    holder.kill();
    await new Promise((resolve) => holder.once('exit', resolve));
    store = await openExecutionStore(directory);

    // Assess
    expect(error).toBeInstanceOf(ExecutionStoreLockedError);
    expect((error as Error).message).toContain('in use by another process');
    expect((error as ExecutionStoreLockedError).directory).toBe(join(directory, 'executions'));
  });

  it('fails clearly when used after close', async () => {
    // Prepare
    await store.close();

    // Act & Assess
    await expect(store.list()).rejects.toThrow(/is closed/);
    store = await openExecutionStore(directory);
  });
});
