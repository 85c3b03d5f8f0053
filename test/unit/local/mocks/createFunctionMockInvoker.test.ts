import { describe, expect, it } from 'vitest';
import { createFunctionMockInvoker } from '../../../../lib/local/mocks/index.ts';
import { TaskFailure, type TaskInvocation } from '../../../../lib/local/taskInvoker.ts';
import { runExecution, VirtualClock } from '../../../../lib/local/engine/index.ts';

const call = (stateName: string, retryCount = 0): TaskInvocation => ({
  stateName,
  resource: '${Function_fetchUser}',
  parameters: { id: 'u-1' },
  retryCount,
});

describe('Function: createFunctionMockInvoker', () => {
  it('calls the state function with the parameters and the retry count', async () => {
    // Prepare
    const invoker = createFunctionMockInvoker({
      FetchUser: (parameters, { retryCount }) => {
        if (retryCount === 0) throw new TaskFailure('Aethon.Retryable', 'HTTP 503');
        return { user: parameters, retryCount };
      },
    });

    // Act
    const first = await invoker(call('FetchUser')).catch((error: Error) => error);
    const second = await invoker(call('FetchUser', 1));

    // Assess
    expect(first).toBeInstanceOf(TaskFailure);
    expect((first as Error).name).toBe('Aethon.Retryable');
    expect(second).toEqual({ user: { id: 'u-1' }, retryCount: 1 });
  });

  it('wraps a thrown non-Error in a TaskFailure named Error', async () => {
    // Prepare
    const invoker = createFunctionMockInvoker({
      Boom: () => {
        throw 'just a string';
      },
    });

    // Act & Assess
    await expect(invoker(call('Boom'))).rejects.toMatchObject({ name: 'Error', message: 'just a string' });
  });

  it('delegates unknown states to the fallback, or fails naming state and resource', async () => {
    // Prepare
    const withFallback = createFunctionMockInvoker({}, { fallback: async () => 'from fallback' });
    const without = createFunctionMockInvoker({ Other: () => 1 });

    // Act & Assess
    await expect(withFallback(call('Anything'))).resolves.toBe('from fallback');
    await expect(without(call('Anything'))).rejects.toMatchObject({
      name: 'States.Runtime',
      message: expect.stringContaining("State 'Anything' (resource '${Function_fetchUser}')"),
    });
  });

  it('does not treat inherited object properties as mocks', async () => {
    // Prepare
    const invoker = createFunctionMockInvoker({});

    // Act & Assess
    await expect(invoker(call('toString'))).rejects.toMatchObject({ name: 'States.Runtime' });
  });
});

describe('Function: runExecution (task parameters are a copy)', () => {
  // The task sends its whole input and keeps it (ResultPath null), so the state's output is its
  // input object itself: a task that edits its parameters in place must not change it.
  const definition = {
    StartAt: 'Edit',
    States: { Edit: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:edit', ResultPath: null, End: true } },
  };
  const edit = (parameters: unknown) => {
    (parameters as { order: { total: number } }).order.total = 0;
    return { edited: true };
  };

  it.each([
    ['a function mock', createFunctionMockInvoker({ Edit: edit })],
    ['a raw invoker', async ({ parameters }: TaskInvocation) => edit(parameters)],
  ])('leaves the execution state and history untouched when %s edits its parameters', async (_, taskInvoker) => {
    // Act
    const record = await runExecution({ definition, input: { order: { total: 42 } }, taskInvoker, clock: new VirtualClock() });

    // Assess
    expect(record.output).toEqual({ order: { total: 42 } });
    const exited = record.history.find((e) => e.type === 'TaskStateExited') as unknown as { stateExitedEventDetails: { output: string } };
    expect(JSON.parse(exited.stateExitedEventDetails.output)).toEqual({ order: { total: 42 } });
  });
});
