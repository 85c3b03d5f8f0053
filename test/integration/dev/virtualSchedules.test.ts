/** `aethon dev --virtual-time`: schedules fire on the virtual clock when an execution's wait makes it skip, without a run of firings. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStateMachineCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed, waitMachine } from './devProject.ts';

const DAY_S = 86_400;

describe('aethon dev --virtual-time: schedules', { timeout: 60_000 }, () => {
  it('fires a last-Friday cron once when a 40-day wait skips past it', async () => {
    // Prepare: a workflow on the last Friday of each month, and a server on virtual time
    const project = copyDevProject();
    writeFileSync(
      join(project, 'workflows', 'month-end.yaml'),
      ['name: month-end', 'triggers:', '  - schedule:', '      expression: cron(0 12 ? * 6L *)', '      input: { from: schedule }', 'steps:', '  close:', '    type: pass', '    end: true', ''].join('\n'),
    );
    const server = await startDevServer({ projectRoot: project, port: 0, announce: false, virtualTime: true });
    try {
      const sfn = sfnClientFor(server.endpoint);
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'hold', definition: waitMachine(40 * DAY_S), roleArn: 'arn:aws:iam::123456789012:role/r' }));
      const before = (await (await fetch(`${server.endpoint}/aethon/dev/schedules`)).json()) as { schedules: { workflow: string; next?: string; problem?: string }[] };

      // Act: the wait makes virtual time skip 40 days
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
      const held = await untilClosed(sfn, executionArn!);
      let executions: { executionArn?: string }[] = [];
      for (let i = 0; i < 200 && executions.length === 0; i++) {
        ({ executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:month-end' })));
        if (executions.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const after = (await (await fetch(`${server.endpoint}/aethon/dev/schedules`)).json()) as { schedules: { workflow: string; fired: number }[]; firings: { workflow: string; scheduledTime: string; executionArn?: string }[] };

      // Assess: one firing, on the instant announced before, a Friday with no other Friday after it in its month
      expect(held).toBe('SUCCEEDED');
      const monthEnd = before.schedules.find((s) => s.workflow === 'month-end')!;
      expect(monthEnd.problem).toBeUndefined();
      expect(executions).toHaveLength(1);
      const firings = after.firings.filter((f) => f.workflow === 'month-end');
      expect(firings).toEqual([{ workflow: 'month-end', expression: 'cron(0 12 ? * 6L *)', scheduledTime: monthEnd.next, executionArn: executions[0]!.executionArn }]);
      const fired = new Date(firings[0]!.scheduledTime);
      expect(fired.getUTCDay()).toBe(5);
      expect(new Date(fired.getTime() + 7 * DAY_S * 1000).getUTCMonth()).not.toBe(fired.getUTCMonth());
      expect(after.schedules.find((s) => s.workflow === 'month-end')!.fired).toBe(1);
      expect(await untilClosed(sfn, executions[0]!.executionArn!)).toBe('SUCCEEDED');
    } finally {
      await server.close();
    }
  });
});
