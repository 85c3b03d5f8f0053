import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure, type TaskInvocation, type TaskInvoker } from '../taskInvoker.ts';

/** What a state mock function learns about the call besides its parameters. */
export interface StateMockCall {
  /** 0 on the first attempt, then 1, 2, ... on retries. */
  readonly retryCount: number;
  readonly stateName: string;
  readonly resource: string;
  readonly signal: AbortSignal | undefined;
  /** Restarts the state's HeartbeatSeconds window, as SendTaskHeartbeat does. */
  readonly heartbeat: () => void;
  /**
   * For `.sync`, `.sync:2` and `.waitForTaskToken` resources: reports the submitting call's
   * response (recorded as `TaskSubmitted`) before the function returns the final result.
   */
  readonly submitted: (response: unknown) => void;
}

/**
 * A test's stand-in for one Task state: return the task result, or throw an error whose `name`
 * is the ASL error (for example `new TaskFailure('Aethon.Retryable', 'HTTP 503')`).
 */
export type StateMockFunction = (parameters: unknown, call: StateMockCall) => unknown;

/**
 * Creates a TaskInvoker from per-state functions, for users' own tests.
 * Errors thrown by a function reach the engine unchanged (their `name` is what Retry and Catch
 * match); a thrown non-Error becomes TaskFailure('Error', String(value)).
 * @example
 * const invoker = createFunctionMockInvoker({
 *   FetchUser: (_params, { retryCount }) => {
 *     if (retryCount === 0) throw new TaskFailure('Aethon.Retryable', 'HTTP 503');
 *     return { id: 'u-1' };
 *   },
 * });
 */
export function createFunctionMockInvoker(
  mocks: Readonly<Record<string, StateMockFunction>>,
  options: { readonly fallback?: TaskInvoker } = {},
): TaskInvoker {
  return async (invocation: TaskInvocation): Promise<unknown> => {
    const { stateName, resource, retryCount, signal, parameters } = invocation;
    const heartbeat = invocation.heartbeat ?? (() => {});
    const submitted = invocation.submitted ?? (() => {});
    const mock = Object.hasOwn(mocks, stateName) ? mocks[stateName] : undefined;
    if (mock === undefined) {
      if (options.fallback !== undefined) return options.fallback(invocation);
      const known = Object.keys(mocks).join(', ') || 'none';
      throw new TaskFailure(
        StatesErrors.RUNTIME,
        `State '${stateName}' (resource '${resource}') has no mock function (mocked states: ${known}) ` +
          'and there is no fallback invoker',
      );
    }
    try {
      return await mock(parameters, { retryCount, stateName, resource, signal, heartbeat, submitted });
    } catch (error) {
      if (error instanceof Error) throw error;
      throw new TaskFailure('Error', String(error));
    }
  };
}
