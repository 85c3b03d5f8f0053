/** Schedule triggers on `aethon dev`: they fire on the schedule clock, start their workflow, and are recorded. */
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { VirtualClock } from '../../../lib/local/engine/index.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

describe('aethon dev: schedules', { timeout: 30_000 }, () => {
  it('fires an at() schedule once, with the trigger input, and records the firing', async () => {
    // Prepare: a minute before the firing, on a clock that skips waits
    const scheduleClock = new VirtualClock({ start: Date.parse('2029-12-31T23:59:00Z') });
    const server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false, scheduleClock });
    try {
      const sfn = sfnClientFor(server.endpoint);

      // Act: wait for the firing
      let executions: { executionArn?: string }[] = [];
      for (let i = 0; i < 200 && executions.length === 0; i++) {
        ({ executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:new-year' })));
        if (executions.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }

      // Assess
      expect(executions).toHaveLength(1);
      expect(await untilClosed(sfn, executions[0]!.executionArn!)).toBe('SUCCEEDED');
      expect(JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: executions[0]!.executionArn }))).input!)).toEqual({ greeting: 'happy new year' });
      const body = (await (await fetch(`${server.endpoint}/aethon/dev/schedules`)).json()) as { schedules: { workflow: string; fired: number; next?: string }[]; firings: unknown[] };
      expect(body.schedules).toEqual([{ workflow: 'new-year', expression: 'at(2030-01-01T00:00:00)', timezone: 'UTC', fired: 1 }]);
      expect(body.firings).toEqual([{ workflow: 'new-year', expression: 'at(2030-01-01T00:00:00)', scheduledTime: '2030-01-01T00:00:00.000Z', executionArn: executions[0]!.executionArn }]);
    } finally {
      await server.close();
    }
  });
});
