/**
 * Parallel RedriveExecution calls of one execution: exactly one is accepted and run, the others
 * answer ExecutionNotRedrivable. The execution fails again at once, so a redrive that read the
 * record before the first one launched would otherwise run it a second time.
 */
import { CreateStateMachineCommand, GetExecutionHistoryCommand, RedriveExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { copyDevProject, sfnClientFor, untilClosed, devServerPerTest } from './devProject.ts';

// Every attempt fails in its first state, which is no Fail state: always redrivable again.
const ALWAYS_FAILS = JSON.stringify({
  QueryLanguage: 'JSONata',
  StartAt: 'Breaks',
  States: { Breaks: { Type: 'Pass', Output: "{% $error('breaks every time') %}", End: true } },
});

describe('aethon dev: concurrent RedriveExecution', { timeout: 30_000 }, () => {
  const startServer = devServerPerTest();

  it('accepts one of three parallel redrives and records and runs it once', async () => {
    const server = await startServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    const sfn = sfnClientFor(server.endpoint);
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'always-fails', definition: ALWAYS_FAILS, roleArn: 'arn:aws:iam::123456789012:role/r' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'broken' }));
    expect(await untilClosed(sfn, executionArn!)).toBe('FAILED');

    const answers = await Promise.allSettled([1, 2, 3].map(() => sfn.send(new RedriveExecutionCommand({ executionArn }))));

    const accepted = answers.filter((answer) => answer.status === 'fulfilled');
    const refused = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as Error] : []));
    expect(accepted).toHaveLength(1);
    expect(refused.map((error) => [error.name, error.message.includes(executionArn!)])).toEqual([
      ['ExecutionNotRedrivable', true],
      ['ExecutionNotRedrivable', true],
    ]);
    expect(await untilClosed(sfn, executionArn!)).toBe('FAILED');
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
    // Its one state ran once per attempt: the first and the one redrive.
    expect(events.filter((e) => e.type === 'PassStateEntered')).toHaveLength(2);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });
});
