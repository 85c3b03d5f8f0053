import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExecutionStore, openExecutionStoreWhenFree, type WaitNotice } from '../../../lib/local/store/index.ts';
import { OpsError } from '../../../lib/ops/errors.ts';
import { withLocalStore } from '../../../lib/ops/localStore.ts';

describe('Function: withLocalStore', () => {
  it('waits while another holder has the store, says so once, and gives up with exit 3 on the injected clock', async () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'aethon-store-'));
    const holder = await openExecutionStore(join(root, '.aethon'));
    let now = 0;
    const waits: number[] = [];
    let notes = 0;
    try {
      // Act
      const act = withLocalStore(root, async () => 'never', {
        waitMs: 2000,
        now: () => now,
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
        onWait: () => notes++,
      });
      // Assess
      await expect(act).rejects.toBeInstanceOf(OpsError);
      await expect(act).rejects.toMatchObject({ exitCode: 3 });
      expect(notes).toBe(1);
      expect(waits.slice(0, 6)).toEqual([20, 40, 80, 160, 250, 250]);
    } finally {
      await holder.close();
    }
  });

  it('proceeds once the holder lets go', async () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'aethon-store-'));
    const holder = await openExecutionStore(join(root, '.aethon'));
    let released = false;
    // Act
    const result = await withLocalStore(root, async (store) => (await store.list()).length, {
      sleep: async () => {
        if (!released) {
          released = true;
          await holder.close();
        }
      },
    });
    // Assess
    expect(result).toBe(0);
  });

  it('names the holder (pid, command, since) and the bound, while waiting and when giving up', async () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'aethon-store-'));
    const holder = await openExecutionStoreWhenFree(join(root, '.aethon'));
    let now = 0;
    const notices: WaitNotice[] = [];
    try {
      // Act
      const error = await withLocalStore(root, async () => 'never', {
        waitMs: 30_000,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
        onWait: (notice) => notices.push(notice),
      }).catch((e: unknown) => e as Error);
      // Assess
      expect(notices).toEqual([{ what: `the local execution store (${join(root, '.aethon', 'executions')})`, waitMs: 30_000, holder: { pid: process.pid, command: expect.any(String), since: expect.any(String) } }]);
      expect(error).toBeInstanceOf(OpsError);
      expect((error as Error).message).toMatch(new RegExp(`^gave up after 30 s waiting for the local execution store \\(.*\\), in use by pid ${process.pid} \\(.+\\) since \\d{4}-`));
      expect((error as Error).message).not.toMatch(/aethon console/);
    } finally {
      await holder.close();
    }
  });
});
