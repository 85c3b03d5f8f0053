import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createLambdaInvoker } from '../../../../lib/local/lambda/index.ts';
import { invocation, rejectionOf } from './fixtures.ts';

const hostile = fileURLToPath(new URL('./handlers/hostile.ts', import.meta.url));
const invoker = createLambdaInvoker({
  functions: {
    hostile: { functionName: 'hostile', handlerFile: hostile, memoryMb: 128, timeoutSeconds: 60 },
    bystander: { functionName: 'bystander', handlerFile: hostile, memoryMb: 128, timeoutSeconds: 60 },
  },
  maxWorkersPerFunction: 2,
  onLog: () => undefined,
});
afterAll(() => invoker.close());

const causeOf = (error: Error): { errorType: string; errorMessage: string } => JSON.parse(error.message);

describe('Function: createLambdaInvoker, handlers that attack their host', () => {
  it('stops a handler that fills memory outside the V8 heap in a synchronous loop', async () => {
    // Act: 1.5 GB of Buffers for a 128 MB function, while another function works
    const [attack, bystander] = await Promise.allSettled([
      invoker(invocation('hostile', { how: 'buffersInALoop', mb: 1536 })),
      invoker(invocation('bystander', { how: 'buffersOverTime', mb: 64 })),
    ]);

    // Assess
    expect(attack.status).toBe('rejected');
    const error = (attack as PromiseRejectedResult).reason as Error;
    expect(error.name).toBe('Runtime.OutOfMemory');
    expect(causeOf(error).errorMessage).toMatch(/^RequestId: \S+ Error: Runtime exited with error: signal: killed \(.*more than its 128 MB/);
    expect(bystander).toEqual({ status: 'fulfilled', value: { heldMb: 64 } });
  }, 60_000);

  it('stops a handler that fills memory outside the V8 heap over time, and serves the next call', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('hostile', { how: 'buffersOverTime', mb: 1536 })));
    const next = await invoker(invocation('hostile', { how: 'echo', value: 'still here' }));

    // Assess
    expect(error.name).toBe('Runtime.OutOfMemory');
    expect(next).toBe('still here');
  }, 60_000);

  it('ends only its own worker when a handler signals its own process', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('hostile', { how: 'killOwnPid' })));
    const probe = await invoker(invocation('hostile', { how: 'probeOwnPid' }));
    const next = await invoker(invocation('hostile', { how: 'echo', value: 1 }));

    // Assess: this test process is alive to check
    expect(error.name).toBe('Runtime.ExitError');
    expect(causeOf(error).errorMessage).toMatch(/^RequestId: \S+ Error: Runtime exited with error: signal: SIGTERM \(process\.kill/);
    expect(probe).toEqual({ alive: true });
    expect(next).toBe(1);
  }, 60_000);
});
