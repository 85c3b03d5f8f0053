/**
 * What a RedriveExecution cannot continue is told in the execution's log lines, and a redrive
 * keeps the lines of the attempts before it: an inline Map reruns whole, once per redrive.
 */
import { CreateStateMachineCommand, RedriveExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { copyDevProject, sfnClientFor, untilClosed, devServerPerTest } from './devProject.ts';

// An inline Map whose one item fails until the second redrive.
const INLINE_MAP = JSON.stringify({
  QueryLanguage: 'JSONata',
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      Items: '{% [1] %}',
      ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Pass', Output: "{% $states.context.Execution.RedriveCount < 2 ? $error('not yet') : 'done' %}", End: true } } },
      End: true,
    },
  },
});

async function redriveToEnd(sfn: SFNClient, executionArn: string): Promise<string> {
  await sfn.send(new RedriveExecutionCommand({ executionArn }));
  return untilClosed(sfn, executionArn);
}

describe('aethon dev: RedriveExecution log lines', { timeout: 30_000 }, () => {
  const startServer = devServerPerTest();

  it('adds a WARN line per redrive of an inline Map, and keeps the earlier ones', async () => {
    const server = await startServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    const sfn = sfnClientFor(server.endpoint);
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'inline-map', definition: INLINE_MAP, roleArn: 'arn:aws:iam::123456789012:role/r' }));
    const executionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'twice' }))).executionArn!;
    expect(await untilClosed(sfn, executionArn)).toBe('FAILED');

    expect(await redriveToEnd(sfn, executionArn)).toBe('FAILED');
    expect(await redriveToEnd(sfn, executionArn)).toBe('SUCCEEDED');

    const logs = (await (await fetch(`${server.endpoint}/aethon/dev/logs?executionArn=${encodeURIComponent(executionArn)}`)).json()) as { lines: { functionName: string; stateName?: string; line: string }[] };
    const warned = "RedriveExecution: 'Each' is a Map state and runs again whole (idempotent steps inside skip their side effects)";
    expect(logs.lines.map((line) => [line.functionName, line.stateName, (JSON.parse(line.line) as { level: string; message: string }).message])).toEqual([
      ['aethon-dev', 'Each', warned],
      ['aethon-dev', 'Each', warned],
    ]);
  });
});
