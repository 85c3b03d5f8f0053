export {
  openExecutionStore,
  type ExecutionStore,
  type ListExecutionsOptions,
} from './openExecutionStore.ts';
export { ExecutionStoreError, ExecutionStoreLockedError } from './errors.ts';
