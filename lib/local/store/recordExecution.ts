import { mapRunExecutions } from '../engine/states/mapRunExecutions.ts';
import type { ExecutionRecord } from '../types.ts';
import { runningDevServer, type DevServerInfo } from './devServerFile.ts';
import { openExecutionStoreWhenFree } from './openExecutionStore.ts';
import type { StoreWaitOptions } from './waitForLock.ts';

/**
 * Writes one finished execution (and the child executions of its Map Runs), holding the store
 * only for that, so a long run never keeps `aethon executions` or another run waiting. While
 * `aethon dev` runs it holds the store: the records go to it (`POST /aethon/records`) instead of
 * waiting for a lock it never releases. Returns why it could not, rather than throw: the
 * execution's result is known by then, and a busy or broken store must not turn it into a crash.
 */
export async function recordExecution(localDir: string, record: ExecutionRecord, wait?: StoreWaitOptions): Promise<string | undefined> {
  // Distributed Map items ran as child executions: listed and shown like any other (as on AWS).
  const records = [record, ...mapRunExecutions(record).map((child) => child.record)];
  try {
    const dev = runningDevServer(localDir);
    if (dev) {
      for (const each of records) await postRecord(dev, each);
      return undefined;
    }
    const store = await openExecutionStoreWhenFree(localDir, wait);
    try {
      for (const each of records) await store.put(each);
    } finally {
      await store.close();
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function postRecord(dev: DevServerInfo, record: ExecutionRecord): Promise<void> {
  const response = await fetch(`${dev.endpoint}/aethon/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(dev.token ? { authorization: `Bearer ${dev.token}` } : {}) },
    body: JSON.stringify(record),
  });
  if (!response.ok) throw new Error(`aethon dev (pid ${dev.pid}, ${dev.endpoint}) did not take the record of ${record.name}: ${await response.text()}`);
}
