import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createMockInvoker,
  loadMockConfigFile,
  MockConfigError,
  type MockConfig,
  type MockConfigFile,
} from '../../../../lib/local/mocks/index.ts';
import type { TaskInvocation } from '../../../../lib/local/taskInvoker.ts';

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const SQS = 'arn:aws:states:::sqs:sendMessage';
const call = (stateName: string, resource = LAMBDA, retryCount = 0): TaskInvocation => ({
  stateName,
  resource,
  parameters: { FunctionName: 'fn' },
  retryCount,
});

let config: MockConfig;
beforeAll(async () => {
  config = await loadMockConfigFile(fileURLToPath(new URL('../../../fixtures/mocks/MockConfigFile.json', import.meta.url)));
});

const outcome = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.name, cause: error.message }),
  );

describe('Function: createMockInvoker', () => {
  it('serves responses by invocation count: "0", then the "1-2" range, then "3"', async () => {
    // Prepare
    const invoker = createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'RetryPath' });

    // Act
    const results = [];
    for (let attempt = 0; attempt < 4; attempt += 1) results.push(await outcome(invoker(call('LambdaState', LAMBDA, attempt))));

    // Assess
    expect(results).toEqual([
      { error: 'Lambda.ResourceNotReadyException', cause: 'Lambda resource is not ready.' },
      { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' },
      { error: 'Lambda.TimeoutException', cause: 'Lambda timed out.' },
      { value: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    ]);
  });

  it('counts each state separately', async () => {
    // Prepare
    const invoker = createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'HappyPath' });

    // Act
    const lambda = await invoker(call('LambdaState'));
    const sqs = await invoker(call('SQSState', SQS));

    // Assess
    expect(lambda).toMatchObject({ StatusCode: 200 });
    expect(sqs).toMatchObject({ MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' });
  });

  it('fails an invocation past the last mocked one, naming state and response', async () => {
    // Prepare
    const invoker = createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'HappyPath' });
    await invoker(call('LambdaState'));

    // Act
    const second = await outcome(invoker(call('LambdaState', LAMBDA, 1)));

    // Assess
    expect(second).toEqual({ error: 'States.Runtime', cause: expect.stringMatching(/'LambdaState'.*'MockedLambdaSuccess'.*"1"/) });
  });

  it('returns a copy, so callers cannot edit the configuration', async () => {
    // Prepare
    const invoker = createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'HybridPath' });
    const again = createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'HybridPath' });

    // Act
    const first = (await invoker(call('LambdaState'))) as { StatusCode: number };
    first.StatusCode = 500;

    // Assess
    await expect(again(call('LambdaState'))).resolves.toMatchObject({ StatusCode: 200 });
  });

  it('delegates states without a mock to the fallback', async () => {
    // Prepare
    const fallback = vi.fn(async () => ({ sent: true }));
    const invoker = createMockInvoker({
      mockConfig: config,
      stateMachineName: 'LambdaSQSIntegration',
      testCaseName: 'HybridPath',
      fallback,
    });

    // Act
    const result = await invoker(call('SQSState', SQS));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(fallback).toHaveBeenCalledWith(call('SQSState', SQS));
  });

  it('fails an unmocked state without fallback, naming the state and the resource', async () => {
    // Prepare
    const invoker = createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'HybridPath' });

    // Act
    const result = await outcome(invoker(call('SQSState', SQS)));

    // Assess
    expect(result).toEqual({ error: 'States.Runtime', cause: expect.stringContaining(`State 'SQSState' (resource '${SQS}')`) });
  });

  it('accepts the raw MockConfigFile JSON', async () => {
    // Prepare
    const raw: MockConfigFile = {
      StateMachines: { M: { TestCases: { T: { Work: 'R' } } } },
      MockedResponses: { R: { '0': { Return: { ok: true } } } },
    };

    // Act
    const invoker = createMockInvoker({ mockConfig: raw, stateMachineName: 'M', testCaseName: 'T' });

    // Assess
    await expect(invoker(call('Work'))).resolves.toEqual({ ok: true });
  });

  it('throws at creation for an unknown state machine or test case, listing what exists', () => {
    // Act & Assess
    expect(() => createMockInvoker({ mockConfig: config, stateMachineName: 'Nope', testCaseName: 'HappyPath' })).toThrow(
      /no state machine 'Nope' \(found: LambdaSQSIntegration\)/,
    );
    expect(() =>
      createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'SadPath' }),
    ).toThrow(MockConfigError);
  });
});
