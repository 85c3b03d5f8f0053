/**
 * Opening the local execution store for one operation. LevelDB lets one process (one open store)
 * hold it at a time; an operation waits its turn for a bounded while rather than failing, which
 * also serializes concurrent `aethon start --local` / `send-event --local` runs, so the second of
 * two duplicates finds the first's record and starts nothing. The wait says who holds the store
 * and for how long it waits; running out of it is exit 3 with the holder named.
 */
import { join } from 'node:path';
import { openExecutionStoreWhenFree, ResourceBusyError, type ExecutionStore, type StoreWaitOptions } from '../local/store/index.ts';
import { OpsError, OpsExit } from './errors.ts';
import { devServerOf } from './executions/devServerClient.ts';
import { devServerStore } from './executions/devServerStore.ts';

export type { StoreWaitOptions, WaitNotice } from '../local/store/index.ts';

/** The project's local state folder. */
export function localDirOf(projectRoot: string): string {
  return join(projectRoot, '.aethon');
}

/**
 * Runs `use` with the store open, and closes it whatever happens. While `aethon dev` runs it owns
 * the store: `use` gets a store that goes through the server instead.
 */
export async function withLocalStore<T>(projectRoot: string, use: (store: ExecutionStore) => Promise<T>, options: StoreWaitOptions = {}): Promise<T> {
  const dev = devServerOf(localDirOf(projectRoot));
  const store = dev ? devServerStore(dev) : await openStore(projectRoot, options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function openStore(projectRoot: string, options: StoreWaitOptions): Promise<ExecutionStore> {
  try {
    return await openExecutionStoreWhenFree(localDirOf(projectRoot), options);
  } catch (error) {
    if (error instanceof ResourceBusyError) throw new OpsError(error.message, OpsExit.ENVIRONMENT, { cause: error });
    throw error;
  }
}
