/**
 * Opening the local execution store for one operation. LevelDB lets one process (one open store)
 * hold it at a time; an operation waits its turn for a while rather than failing, which also
 * serializes concurrent `aethon start --local` / `send-event --local` runs, so the second of two
 * duplicates finds the first's record and starts nothing.
 */
import { join } from 'node:path';
import { ExecutionStoreLockedError, openExecutionStore, type ExecutionStore } from '../local/store/index.ts';
import { OpsError, OpsExit } from './errors.ts';

/** The project's local state folder. */
export function localDirOf(projectRoot: string): string {
  return join(projectRoot, '.aethon');
}

/** How long and how to wait for the store's lock. */
export interface StoreWaitOptions {
  /** How long to wait for another holder of the store. @default 120000 */
  readonly waitMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
  /** Called once when the store turns out to be busy for more than a moment, so people know why nothing happens. */
  readonly onWait?: () => void;
}

/** Runs `use` with the store open, and closes it whatever happens. */
export async function withLocalStore<T>(projectRoot: string, use: (store: ExecutionStore) => Promise<T>, options: StoreWaitOptions = {}): Promise<T> {
  const store = await openWhenFree(localDirOf(projectRoot), options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function openWhenFree(localDir: string, options: StoreWaitOptions): Promise<ExecutionStore> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + (options.waitMs ?? 120_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await openExecutionStore(localDir);
    } catch (error) {
      if (!(error instanceof ExecutionStoreLockedError)) throw error;
      if (now() >= deadline) throw new OpsError(`${error.message} (waited ${Math.round((options.waitMs ?? 120_000) / 1000)} s)`, OpsExit.ENVIRONMENT, { cause: error });
      if (attempt === 5) options.onWait?.();
      // Short waits first: a duplicate's whole turn takes milliseconds.
      await sleep(Math.min(20 * 2 ** Math.min(attempt, 4), 250));
    }
  }
}
