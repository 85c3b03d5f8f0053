import { afterAll, describe, expect, it } from 'vitest';
import { createLambdaInvoker } from '../../../../lib/local/lambda/index.ts';
import { handlerPath, invocation, rejectionOf } from './fixtures.ts';

const invoker = createLambdaInvoker({
  functions: {
    stateful: { functionName: 'stateful', handlerFile: handlerPath('stateful.ts'), timeoutSeconds: 1 },
    single: { functionName: 'single', handlerFile: handlerPath('stateful.ts'), timeoutSeconds: 30 },
    errors: { functionName: 'errors', handlerFile: handlerPath('errors.ts') },
    results: { functionName: 'results', handlerFile: handlerPath('results.ts') },
    crash: { functionName: 'crash', handlerFile: handlerPath('crash.ts'), memoryMb: 64 },
    noExport: { functionName: 'noExport', handlerFile: handlerPath('noHandler.ts') },
    missingFile: { functionName: 'missingFile', handlerFile: handlerPath('doesNotExist.ts') },
  },
  maxWorkersPerFunction: 2,
  onLog: () => undefined,
});
afterAll(() => invoker.close());

const causeOf = (error: Error): { errorType: string; errorMessage: string; trace: string[] } => JSON.parse(error.message);

describe('Function: createLambdaInvoker failures', () => {
  it('keeps the name of a thrown error as the ASL error and gives the Lambda cause', async () => {
    // Act
    const named = await rejectionOf(invoker(invocation('errors', { kind: 'named' })));
    const plain = await rejectionOf(invoker(invocation('errors', { kind: 'plain' })));

    // Assess
    expect(named.name).toBe('Aethon.Retryable');
    expect(causeOf(named)).toMatchObject({ errorType: 'Aethon.Retryable', errorMessage: 'upstream answered 503' });
    expect(causeOf(named).trace[0]).toBe('Aethon.Retryable: upstream answered 503');
    expect(plain.name).toBe('Error');
    expect(causeOf(plain).errorMessage).toBe('plain failure');
  });

  it('reports a thrown non-Error by its type, as the Node.js runtime does', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('errors', { kind: 'string' })));

    // Assess
    expect(error.name).toBe('string');
    expect(causeOf(error)).toEqual({ errorType: 'string', errorMessage: 'a bare string', trace: [] });
  });

  it('rejects results that are not JSON with Runtime.MarshalError', async () => {
    // Act
    const bigint = await rejectionOf(invoker(invocation('results', { kind: 'bigint' })));
    const circular = await rejectionOf(invoker(invocation('results', { kind: 'circular' })));

    // Assess
    expect(bigint.name).toBe('Runtime.MarshalError');
    expect(causeOf(bigint).errorMessage).toContain('BigInt');
    expect(circular.name).toBe('Runtime.MarshalError');
    expect(causeOf(circular).errorMessage).toContain('circular');
  });

  it('returns results through JSON: undefined becomes null and a Date its ISO string', async () => {
    // Act & Assess
    await expect(invoker(invocation('results', { kind: 'undefined' }))).resolves.toBeNull();
    await expect(invoker(invocation('results', { kind: 'date' }))).resolves.toEqual({ at: '1970-01-01T00:00:00.000Z' });
  });

  it('ends a hung handler at the state timeout with States.Timeout and serves the next call', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('single', { action: 'hang' }, { timeoutSeconds: 0.5 })));
    const next = await invoker(invocation('single', { action: 'count' }));

    // Assess
    expect(error.name).toBe('States.Timeout');
    // A fresh environment: the hung worker was terminated, not left spinning.
    expect(next).toEqual({ invocations: 1 });
  });

  it('fails a handler past its function timeout with Sandbox.Timedout', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('stateful', { action: 'hang' })));

    // Assess
    expect(error.name).toBe('Sandbox.Timedout');
    expect(causeOf(error).errorMessage).toMatch(/^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/);
  });

  it('fails only the invocation whose worker exits; the others and the pool carry on', async () => {
    // Act
    const [sleeper, exiting] = await Promise.allSettled([
      invoker(invocation('single', { action: 'sleep', ms: 200 })),
      invoker(invocation('single', { action: 'exit', code: 3 })),
    ]);
    const after = await invoker(invocation('single', { action: 'count' }));

    // Assess
    expect(sleeper.status).toBe('fulfilled');
    expect(exiting.status).toBe('rejected');
    const error = (exiting as PromiseRejectedResult).reason as Error;
    expect(error.name).toBe('Runtime.ExitError');
    expect(causeOf(error).errorMessage).toContain('Runtime exited with error: exit status 3');
    expect(after).toHaveProperty('invocations');
  });

  it('reports an exception thrown from a timer on the running invocation', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('crash', { how: 'timer' })));

    // Assess
    expect(error.name).toBe('TypeError');
    expect(causeOf(error).errorMessage).toBe('thrown from a timer');
  });

  it('reports an unhandled rejection as Runtime.UnhandledPromiseRejection', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('crash', { how: 'rejection' })));

    // Assess
    expect(error.name).toBe('Runtime.UnhandledPromiseRejection');
  });

  it('fails a handler that exhausts its memory with Runtime.OutOfMemory', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('crash', { how: 'oom' })));

    // Assess
    expect(error.name).toBe('Runtime.OutOfMemory');
    expect(causeOf(error).errorMessage).toMatch(/^RequestId: \S+ Error: Runtime exited with error: signal: killed$/);
  });

  it('names the file and export when the handler is not exported', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('noExport', {})));

    // Assess
    expect(error.name).toBe('Runtime.HandlerNotFound');
    expect(causeOf(error).errorMessage).toContain(handlerPath('noHandler.ts'));
    expect(causeOf(error).errorMessage).toContain("export 'handler'");
    expect(causeOf(error).errorMessage).toContain('exports: somethingElse');
  });

  it('names the file when the handler module does not exist', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('missingFile', {})));

    // Assess
    expect(error.name).toBe('Runtime.ImportModuleError');
    expect(causeOf(error).errorMessage).toContain(handlerPath('doesNotExist.ts'));
  });

  it('terminates the invocation when its signal aborts', async () => {
    // Prepare
    const controller = new AbortController();

    // Act
    const pending = invoker(invocation('single', { action: 'hang' }, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('execution stopped')), 50);
    const error = await rejectionOf(pending);

    // Assess
    expect(error.message).toBe('execution stopped');
    await expect(invoker(invocation('single', { action: 'count' }))).resolves.toHaveProperty('invocations');
  });

  it('rejects invocations after close()', async () => {
    // Prepare
    const closing = createLambdaInvoker({ functions: {}, onLog: () => undefined });
    await closing.close();

    // Act
    const error = await rejectionOf(closing(invocation('anything', {})));

    // Assess
    expect(error.message).toContain('closed');
  });
});
