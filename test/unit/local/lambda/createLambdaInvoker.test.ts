import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLambdaInvoker, type LambdaLogMeta } from '../../../../lib/local/lambda/index.ts';
import { handlerPath, invocation, rejectionOf } from './fixtures.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const logs: { line: string; meta: LambdaLogMeta }[] = [];
const invoker = createLambdaInvoker({
  functions: {
    '${Function_stateful}': { functionName: 'stateful', handlerFile: handlerPath('stateful.ts') },
    queued: { functionName: 'queued', handlerFile: handlerPath('stateful.ts') },
    env: {
      functionName: 'envReader',
      handlerFile: handlerPath('environment.ts'),
      memoryMb: 256,
      environment: { SECRET_FLAG: 'only-here' },
    },
    other: { functionName: 'otherEnvReader', handlerFile: handlerPath('environment.ts') },
    plain: { functionName: 'plainJs', handlerFile: handlerPath('plain.mjs'), exportName: 'main' },
    logging: { functionName: 'logger', handlerFile: handlerPath('logging.ts') },
  },
  maxWorkersPerFunction: 1,
  onLog: (line, meta) => logs.push({ line, meta }),
});
afterAll(() => invoker.close());

describe('Function: createLambdaInvoker', () => {
  it('reuses module scope between invocations of a warm worker', async () => {
    // Act
    const first = await invoker(invocation('${Function_stateful}', { action: 'count' }));
    const second = await invoker(invocation('stateful', { action: 'count' }));

    // Assess
    expect(first).toEqual({ invocations: 1 });
    expect(second).toEqual({ invocations: 2 });
  });

  it('wraps the result of arn:aws:states:::lambda:invoke in the Invoke response', async () => {
    // Act
    const result = await invoker(
      invocation('arn:aws:states:::lambda:invoke', {
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:plainJs:live',
        Payload: { hello: 'world' },
      }),
    );

    // Assess
    expect(result).toMatchObject({ ExecutedVersion: '$LATEST', Payload: { echo: { hello: 'world' } }, StatusCode: 200 });
    const requestId = (result as { SdkResponseMetadata: { RequestId: string } }).SdkResponseMetadata.RequestId;
    expect(requestId).toMatch(UUID);
    expect(result).toHaveProperty(['SdkHttpMetadata', 'HttpHeaders', 'x-amzn-RequestId'], requestId);
  });

  it('gives the handler a Lambda context and its environment', async () => {
    // Act
    const result = (await invoker(
      invocation('arn:aws:states:::lambda:invoke', { FunctionName: 'envReader', Qualifier: 'prod', Payload: {} }),
    )) as { Payload: { env: Record<string, string>; context: Record<string, unknown> } };

    // Assess
    const { env, context } = result.Payload;
    expect(env).toMatchObject({
      SECRET_FLAG: 'only-here',
      AWS_LAMBDA_FUNCTION_NAME: 'envReader',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_REGION: 'us-east-1',
    });
    expect(context).toMatchObject({
      functionName: 'envReader',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:envReader:prod',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/envReader',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context['awsRequestId']).toMatch(UUID);
    expect(context['logStreamName']).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context['remaining']).toBeGreaterThan(0);
    expect(context['remaining']).toBeLessThanOrEqual(60_000);
  });

  it('keeps each function environment inside its own workers', async () => {
    // Act
    await invoker(invocation('env', { set: 'written-in-worker' }));
    const other = (await invoker(invocation('other', {}))) as { env: Record<string, string | undefined> };

    // Assess
    expect(process.env['SECRET_FLAG']).toBeUndefined();
    expect(process.env['SET_BY_HANDLER']).toBeUndefined();
    expect(process.env['AWS_LAMBDA_FUNCTION_NAME']).toBeUndefined();
    expect(other.env['SECRET_FLAG']).toBeUndefined();
    expect(other.env['SET_BY_HANDLER']).toBeUndefined();
  });

  it('does not pass the engine environment beyond inheritEnv', async () => {
    // Prepare
    vi.stubEnv('PARENT_ONLY', 'engine-secret');
    const isolated = createLambdaInvoker({
      functions: { env: { functionName: 'envReader', handlerFile: handlerPath('environment.ts') } },
      onLog: () => undefined,
    });

    // Act
    const result = (await isolated(invocation('env', {})).finally(() => isolated.close())) as {
      env: Record<string, string | undefined>;
    };

    // Assess
    expect(result.env['PARENT_ONLY']).toBeUndefined();
    vi.unstubAllEnvs();
  });

  it('hands each captured output line to onLog with the function, state and request', async () => {
    // Act
    await invoker(invocation('logging', { tag: 'x1' }, { stateName: 'LogStep' }));

    // Assess
    const lines = logs.filter((entry) => entry.meta.functionName === 'logger');
    expect(lines.map((entry) => entry.line)).toEqual([
      JSON.stringify({ level: 'INFO', message: 'start', tag: 'x1' }),
      'partial line x1',
      JSON.stringify({ level: 'ERROR', message: 'warned', tag: 'x1' }),
    ]);
    expect(lines.map((entry) => entry.meta.stream)).toEqual(['stdout', 'stdout', 'stderr']);
    expect(lines[0]?.meta.stateName).toBe('LogStep');
    expect(lines[0]?.meta.requestId).toMatch(UUID);
  });

  it('bounds the pool: with one worker, concurrent calls queue and share its module scope', async () => {
    // Act
    const results = await Promise.all([
      invoker(invocation('queued', { action: 'sleep', ms: 20 })),
      invoker(invocation('queued', { action: 'count' })),
      invoker(invocation('queued', { action: 'count' })),
    ]);

    // Assess: one environment served all three, in order.
    expect(results).toEqual([{ invocations: 1 }, { invocations: 2 }, { invocations: 3 }]);
  });

  it('answers an asynchronous (Event) invocation at once with StatusCode 202', async () => {
    // Act
    const result = await invoker(
      invocation('arn:aws:states:::lambda:invoke', { FunctionName: 'plainJs', InvocationType: 'Event', Payload: {} }),
    );

    // Assess
    expect(result).toMatchObject({ StatusCode: 202, Payload: '' });
  });

  it('fails an unknown function reference with a message naming the state and resource', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('arn:aws:states:::dynamodb:putItem', {}, { stateName: 'Save' })));

    // Assess
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toContain("State 'Save'");
    expect(error.message).toContain('arn:aws:states:::dynamodb:putItem');
    expect(error.message).toContain('service integration');
  });

  it('lists the known functions when a placeholder names none of them', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('${Function_deleteUser}', {}, { stateName: 'Delete' })));

    // Assess
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toContain("State 'Delete': no local function for '${Function_deleteUser}'");
    expect(error.message).toContain('Known: ${Function_stateful}');
  });

  it('rejects lambda:invoke without a FunctionName', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('arn:aws:states:::lambda:invoke', { Payload: {} })));

    // Assess
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toContain('FunctionName');
  });

  it('refuses two functions reachable by the same name', () => {
    // Act & Assess
    expect(() =>
      createLambdaInvoker({
        functions: {
          a: { functionName: 'same', handlerFile: handlerPath('plain.mjs') },
          b: { functionName: 'same', handlerFile: handlerPath('plain.mjs') },
        },
      }),
    ).toThrow(/both reachable as 'same'/);
  });
});
