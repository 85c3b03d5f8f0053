export * from './errors.ts';
export * from './http.ts';
export type { TaskPayload, ExecutionContext } from '../contracts/taskPayload.ts';
export { AethonErrors } from '../contracts/aethonErrors.ts';
export * from './config.ts';
