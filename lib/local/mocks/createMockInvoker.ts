import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure, type TaskInvocation, type TaskInvoker } from '../taskInvoker.ts';
import { MockConfigError } from './MockConfigError.ts';
import { mockedTaskResult } from './mockedLambdaPayload.ts';
import type { MockConfigFile } from './mockConfigFile.ts';
import { parseMockConfig, type MockConfig, type MockedResponseRange } from './parseMockConfig.ts';

/** Options of {@link createMockInvoker}. */
export interface MockInvokerOptions {
  /** A validated configuration, or the raw MockConfigFile JSON (validated here). */
  readonly mockConfig: MockConfig | MockConfigFile;
  /** Key under `StateMachines`. */
  readonly stateMachineName: string;
  /** Key under the state machine's `TestCases`. */
  readonly testCaseName: string;
  /**
   * Runs the Task states the test case does not mock (for example the local Lambda invoker).
   * @default none: an unmocked state fails with States.Runtime naming the state and resource
   */
  readonly fallback?: TaskInvoker;
}

/**
 * Creates a TaskInvoker that answers Task states from a Step Functions Local MockConfigFile test
 * case. Invocations are counted per state name, retries included: the first call of a state uses
 * response `"0"`, the next `"1"`, and so on; a `Throw` rejects with TaskFailure(Error, Cause).
 *
 * Create one invoker per execution: the counts live in it. Like Step Functions Local, states that
 * share a name (Map iterations) share one count.
 * @example
 * const invoker = createMockInvoker({
 *   mockConfig: await loadMockConfigFile('MockConfigFile.json'),
 *   stateMachineName: 'LambdaSQSIntegration',
 *   testCaseName: 'RetryPath',
 * });
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-test-sm-exec.html
 */
export function createMockInvoker(options: MockInvokerOptions): TaskInvoker {
  const config = isParsed(options.mockConfig) ? options.mockConfig : parseMockConfig(options.mockConfig);
  const { stateMachineName, testCaseName, fallback } = options;
  const machine = config.stateMachines.get(stateMachineName);
  if (machine === undefined) {
    const known = [...config.stateMachines.keys()].join(', ') || 'none';
    const message = `no state machine '${stateMachineName}' (found: ${known})`;
    throw new MockConfigError([{ path: 'StateMachines', message }], config.source);
  }
  const testCase = machine.get(testCaseName);
  if (testCase === undefined) {
    const known = [...machine.keys()].join(', ') || 'none';
    throw new MockConfigError(
      [{ path: `StateMachines.${stateMachineName}.TestCases`, message: `no test case '${testCaseName}' (found: ${known})` }],
      config.source,
    );
  }
  const refused = config.refusals.get(stateMachineName)?.get(testCaseName);
  if (refused !== undefined && refused.length > 0) {
    // Step Functions Local would answer these states differently from what the file seems to say.
    throw new MockConfigError(refused, config.source, { context: `cannot run test case '${testCaseName}' of '${stateMachineName}'` });
  }
  const invocationCounts = new Map<string, number>();

  return async (invocation: TaskInvocation): Promise<unknown> => {
    const { stateName, resource, signal } = invocation;
    if (signal?.aborted === true) throw signal.reason;
    const responseName = testCase.get(stateName);
    if (responseName === undefined) {
      if (fallback !== undefined) return fallback(invocation);
      throw new TaskFailure(
        StatesErrors.RUNTIME,
        `State '${stateName}' (resource '${resource}') has no mock in test case '${testCaseName}' ` +
          `of '${stateMachineName}' and there is no fallback invoker`,
      );
    }
    const count = invocationCounts.get(stateName) ?? 0;
    invocationCounts.set(stateName, count + 1);
    const ranges = config.mockedResponses.get(responseName) ?? [];
    const range = ranges.find((candidate: MockedResponseRange) => candidate.from <= count && count <= candidate.to);
    if (range === undefined) {
      // AWS: "you must specify a mocked response for every invocation"; the execution fails.
      throw new TaskFailure(
        StatesErrors.RUNTIME,
        `State '${stateName}' was invoked ${count + 1} time(s) but mocked response '${responseName}' ` +
          `has no response for invocation "${count}"`,
      );
    }
    const { outcome } = range;
    if (outcome.kind === 'throw') throw new TaskFailure(outcome.error, outcome.cause);
    // A copy, so that the engine's ResultSelector/ResultPath work never edits the configuration.
    return structuredClone(mockedTaskResult(resource, outcome.value));
  };
}

function isParsed(config: MockConfig | MockConfigFile): config is MockConfig {
  return config instanceof Object && 'mockedResponses' in config && config.mockedResponses instanceof Map && 'refusals' in config;
}
