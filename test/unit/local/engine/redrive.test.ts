import { describe, expect, it } from 'vitest';
import { runExecution, VirtualClock } from '../../../../lib/local/engine/index.ts';

const noTasks = async () => {
  throw new Error('no task runs here');
};

describe('Function: runExecution (redrive)', () => {
  it('shows the execution input, the first StartTime, RedriveCount and RedriveTime, and starts with the carried-over variables', async () => {
    // Prepare
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Show',
      States: {
        Show: {
          Type: 'Pass',
          Output: '{% { "execution": $states.context.Execution, "total": $total, "items": $items } %}',
          End: true,
        },
      },
    };
    const clock = new VirtualClock({ start: Date.UTC(2026, 10, 28, 3) });
    // Act
    const record = await runExecution({
      definition,
      taskInvoker: noTasks,
      clock,
      executionName: 'n1',
      input: { resumed: 'state input' },
      redrive: { count: 2, startTime: '2026-11-27T22:00:00.000Z', executionInput: { original: true }, variables: { total: 42, items: ['a'] } },
    });
    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toMatchObject({
      execution: { Name: 'n1', Input: { original: true }, StartTime: '2026-11-27T22:00:00.000Z', RedriveCount: 2, RedriveTime: '2026-11-28T03:00:00.000Z' },
      total: 42,
      items: ['a'],
    });
  });

  it('shows RedriveCount 0 and no RedriveTime on a first run', async () => {
    // Act
    const record = await runExecution({
      definition: { StartAt: 'Show', States: { Show: { Type: 'Pass', Parameters: { 'execution.$': '$$.Execution' }, End: true } } },
      taskInvoker: noTasks,
      clock: new VirtualClock({ start: Date.UTC(2026, 10, 28, 3) }),
    });
    // Assess
    const execution = (record.output as { execution: Record<string, unknown> }).execution;
    expect(execution).toMatchObject({ RedriveCount: 0, StartTime: '2026-11-28T03:00:00.000Z' });
    expect(execution).not.toHaveProperty('RedriveTime');
  });
});
