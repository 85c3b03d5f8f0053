import { fileURLToPath } from 'node:url';
import type { TaskInvocation } from '../../../../lib/local/taskInvoker.ts';

/** Absolute path of a handler under test/fixtures/handlers. */
export const handlerPath = (file: string): string =>
  fileURLToPath(new URL(`../../../fixtures/handlers/${file}`, import.meta.url));

/** A TaskInvocation with the fields tests rarely vary. */
export const invocation = (resource: string, parameters: unknown, extra: Partial<TaskInvocation> = {}): TaskInvocation => ({
  stateName: 'Step',
  resource,
  parameters,
  retryCount: 0,
  ...extra,
});

/** The rejection of a promise that must reject, as an Error. */
export { failureOf as rejectionOf } from '../../../helpers/failureOf.ts';
