import { describe, expect, it } from 'vitest';
import { RealClock, runExecution, VirtualClock, type Clock } from '../../../../lib/local/engine/index.ts';
import type { TaskInvoker } from '../../../../lib/local/taskInvoker.ts';

/** A task that takes an hour of the engine's clock, as an in-process fake does. */
const sleepsAnHour = (clock: Clock): TaskInvoker => (invocation) => clock.sleep(3_600_000, invocation.signal).then(() => ({}));

/** A task that never answers and ignores its signal, as a hung worker or socket does. */
const neverAnswers: TaskInvoker = () => new Promise(() => undefined);

function oneTask(options: { executionTimeout?: number; stateTimeout?: number }): Record<string, unknown> {
  return {
    StartAt: 'Work',
    ...(options.executionTimeout !== undefined && { TimeoutSeconds: options.executionTimeout }),
    States: {
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
        ...(options.stateTimeout !== undefined && { TimeoutSeconds: options.stateTimeout }),
        End: true,
      },
    },
  };
}

describe('Function: runExecution, timeouts while a state runs', () => {
  it('fires the execution TimeoutSeconds during a task that takes virtual time', async () => {
    // Prepare
    const clock = new VirtualClock();

    // Act
    const record = await runExecution({ definition: oneTask({ executionTimeout: 10 }), taskInvoker: sleepsAnHour(clock), clock });

    // Assess
    expect(record.status).toBe('TIMED_OUT');
    expect(Date.parse(record.stopDate!) - Date.parse(record.startDate)).toBe(10_000);
  });

  it('fires the state TimeoutSeconds during a task that takes virtual time', async () => {
    // Prepare
    const clock = new VirtualClock();

    // Act
    const record = await runExecution({ definition: oneTask({ stateTimeout: 5 }), taskInvoker: sleepsAnHour(clock), clock });

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Timeout');
  });

  it('fires both timeouts in real time during a task that never answers', async () => {
    // Act
    const [execution, state] = await Promise.all([
      runExecution({ definition: oneTask({ executionTimeout: 1 }), taskInvoker: neverAnswers, clock: new RealClock() }),
      runExecution({ definition: oneTask({ stateTimeout: 1 }), taskInvoker: neverAnswers, clock: new RealClock() }),
    ]);

    // Assess
    expect(execution.status).toBe('TIMED_OUT');
    expect(state.error).toBe('States.Timeout');
  });

  it('fires both timeouts on a held virtual clock once as much real time has passed', async () => {
    // Prepare: worker-thread tasks hold the virtual clock; a hung one must not stop time for ever
    const clock = new VirtualClock();
    const options = { taskInvoker: neverAnswers, clock, holdClockWhileTasksRun: true };

    // Act
    const [execution, state] = await Promise.all([
      runExecution({ definition: oneTask({ executionTimeout: 1 }), ...options }),
      runExecution({ definition: oneTask({ stateTimeout: 1 }), ...options }),
    ]);

    // Assess: each deadline fires at its own virtual instant
    expect(execution.status).toBe('TIMED_OUT');
    expect(Date.parse(execution.stopDate!) - Date.parse(execution.startDate)).toBe(1_000);
    expect(state.error).toBe('States.Timeout');
  }, 30_000);

  it('keeps a held virtual clock still while held tasks finish before any deadline', async () => {
    // Prepare
    const clock = new VirtualClock();
    const quick: TaskInvoker = () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 20));

    // Act
    const record = await runExecution({ definition: oneTask({ executionTimeout: 60 }), taskInvoker: quick, clock, holdClockWhileTasksRun: true });

    // Assess: histories stay reproducible, the task took no virtual time
    expect(record.status).toBe('SUCCEEDED');
    expect(record.stopDate).toBe(record.startDate);
  });
});
