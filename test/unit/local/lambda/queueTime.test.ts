import { afterAll, describe, expect, it } from 'vitest';
import { createLambdaInvoker } from '../../../../lib/local/lambda/index.ts';
import { RealClock, runExecution, VirtualClock, type Clock } from '../../../../lib/local/engine/index.ts';
import { handlerPath } from './fixtures.ts';

// One warm worker: a wide Map queues its iterations behind each other.
const invoker = createLambdaInvoker({
  functions: { sleeper: { functionName: 'sleeper', handlerFile: handlerPath('stateful.ts'), timeoutSeconds: 30 } },
  maxWorkersPerFunction: 1,
  onLog: () => undefined,
});
afterAll(() => invoker.close());

/** A Map of `width` iterations at once, each a task that sleeps 300 ms within a 3-second TimeoutSeconds. */
function wideMap(width: number): Record<string, unknown> {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 0,
        ItemProcessor: {
          StartAt: 'Sleep',
          States: {
            Sleep: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:sleeper',
              Parameters: { action: 'sleep', ms: 300 },
              TimeoutSeconds: 3,
              End: true,
            },
          },
        },
        End: true,
      },
    },
    input: { items: Array.from({ length: width }, (_, i) => i) },
  };
}

async function runWide(clock: Clock) {
  const { input, ...definition } = wideMap(12);
  return runExecution({ definition, input, taskInvoker: invoker, clock, holdClockWhileTasksRun: clock instanceof VirtualClock });
}

describe('Function: createLambdaInvoker, queueing for a worker', () => {
  it('does not count the wait for a free worker against TimeoutSeconds (real clock)', async () => {
    // Act: the twelfth iteration waits about 3.3 s for the one worker, then runs 0.3 s
    const record = await runWide(new RealClock());

    // Assess
    expect(record.error).toBeUndefined();
    expect(record.status).toBe('SUCCEEDED');
  }, 30_000);

  it('does not count the wait for a free worker against TimeoutSeconds (virtual clock held by tasks)', async () => {
    // Act
    const record = await runWide(new VirtualClock());

    // Assess
    expect(record.error).toBeUndefined();
    expect(record.status).toBe('SUCCEEDED');
  }, 30_000);

  it('still times out a task whose own run is too long', async () => {
    // Prepare
    const definition = {
      StartAt: 'Sleep',
      States: {
        Sleep: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:sleeper',
          Parameters: { action: 'sleep', ms: 3_000 },
          TimeoutSeconds: 1,
          End: true,
        },
      },
    };

    // Act
    const record = await runExecution({ definition, taskInvoker: invoker, clock: new RealClock() });

    // Assess
    expect(record.error).toBe('States.Timeout');
  }, 30_000);
});
