/** `aethon dev --virtual-time`: schedules fire on the virtual clock when an execution's wait makes it skip, without a run of firings, and again at each later skip. */
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

  it('fires a weekly cron at each of three 10-day skips, a short real pause apart, and shows its next instant ahead of them', async () => {
    // Prepare
    const project = copyDevProject();
    writeFileSync(
      join(project, 'workflows', 'fridays.yaml'),
      ['name: fridays', 'triggers:', '  - schedule:', '      expression: cron(0 12 ? * FRI *)', 'steps:', '  close:', '    type: pass', '    end: true', ''].join('\n'),
    );
    const server = await startDevServer({ projectRoot: project, port: 0, announce: false, virtualTime: true });
    type Schedules = { schedules: { workflow: string; next?: string; pending?: string; fired: number }[]; firings: { workflow: string; scheduledTime: string }[] };
    const schedules = async (): Promise<Schedules> => (await (await fetch(`${server.endpoint}/aethon/dev/schedules`)).json()) as Schedules;
    const fridayFirings = async (): Promise<string[]> => (await schedules()).firings.filter((f) => f.workflow === 'fridays').map((f) => f.scheduledTime).sort();
    try {
      const sfn = sfnClientFor(server.endpoint);
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'hold', definition: waitMachine(10 * DAY_S), roleArn: 'arn:aws:iam::123456789012:role/r' }));

      // Act: three 10-day waits, each started once the Friday its predecessor passed has fired
      const held: (string | undefined)[] = [];
      let fired: string[] = [];
      for (let skip = 1; skip <= 3; skip++) {
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
        held.push(await untilClosed(sfn, executionArn!));
        // The firing after the first waits for the real pause between firings: at most 1 s, not a week.
        for (let i = 0; i < 200 && fired.length < skip; i++) {
          fired = await fridayFirings();
          if (fired.length < skip) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      const status = (await schedules()).schedules.find((s) => s.workflow === 'fridays')!;

      // Assess: three firings on Fridays at noon, at least a week apart; the next one lies after them
      expect(held).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      expect(fired).toHaveLength(3);
      for (const scheduledTime of fired) expect([new Date(scheduledTime).getUTCDay(), new Date(scheduledTime).getUTCHours()]).toEqual([5, 12]);
      expect(Date.parse(fired[1]!) - Date.parse(fired[0]!)).toBeGreaterThanOrEqual(7 * DAY_S * 1000);
      expect(Date.parse(fired[2]!) - Date.parse(fired[1]!)).toBeGreaterThanOrEqual(7 * DAY_S * 1000);
      expect(status).toMatchObject({ fired: 3 });
      expect(status.pending).toBeUndefined();
      expect(status.next! > fired[2]!).toBe(true);
    } finally {
      await server.close();
    }
  });
});
