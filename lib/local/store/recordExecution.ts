import { mapRunExecutions } from '../engine/states/mapRunExecutions.ts';
import type { ExecutionRecord } from '../types.ts';
import { openExecutionStoreWhenFree } from './openExecutionStore.ts';
import type { StoreWaitOptions } from './waitForLock.ts';

/**
 * Writes one finished execution (and the child executions of its Map Runs), holding the store
 * only for that, so a long run never keeps `aethon executions` or another run waiting. Returns why it could not, rather than throw: the
 * execution's result is known by then, and a busy or broken store must not turn it into a crash.
 */
export async function recordExecution(localDir: string, record: ExecutionRecord, wait?: StoreWaitOptions): Promise<string | undefined> {
  try {
    const store = await openExecutionStoreWhenFree(localDir, wait);
    try {
      await store.put(record);
      // Distributed Map items ran as child executions: listed and shown like any other (as on AWS).
      for (const child of mapRunExecutions(record)) await store.put(child.record);
    } finally {
      await store.close();
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
