export {
  openExecutionStore,
  openExecutionStoreWhenFree,
  type ExecutionStore,
  type ListExecutionsOptions,
  type OpenedExecutionStore,
  type StoreCommit,
} from './openExecutionStore.ts';
export { ExecutionStoreError, ExecutionStoreLockedError } from './errors.ts';
export { DEFAULT_WAIT_MS, ResourceBusyError, describeHolder, type HolderInfo, type StoreWaitOptions, type WaitNotice } from './waitForLock.ts';
export { recordExecution } from './recordExecution.ts';
export type { StoredDocuments } from './storedDocuments.ts';
export type { AppendedCheckpoint } from './appendedHistory.ts';
export { devServerFileOf, removeDevServerFile, runningDevServer, writeDevServerFile, type DevServerInfo } from './devServerFile.ts';
