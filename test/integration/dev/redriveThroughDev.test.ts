/**
 * `aethon redrive --local` while `aethon dev` runs is the server's RedriveExecution: the command
 * prints what it prints without the server, and the server (which owns the store and the engine)
 * runs the redrive. The machine here exists only on the server (CreateStateMachine), so a redrive
 * run inside the CLI could not even find its definition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStateMachineCommand, GetExecutionHistoryCommand, ListMapRunsCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { copyDevProject, sfnClientFor, untilClosed, devServerPerTest } from './devProject.ts';

// A Distributed Map whose item 'flaky' fails until its child execution is redriven.
const FLAKY_FAN_OUT = readFileSync(join(PROJECT_ROOT, 'test/fixtures/dev/mapRunRedrive/flaky-fan-out.asl.json'), 'utf8');

async function failedOnServer(sfn: SFNClient, name: string): Promise<string> {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'flaky-fan-out', definition: FLAKY_FAN_OUT, roleArn: 'arn:aws:iam::123456789012:role/r' }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ items: ['a', 'flaky'] }) }));
  expect(await untilClosed(sfn, executionArn!)).toBe('FAILED');
  return executionArn!;
}

describe('aethon dev: aethon redrive --local goes through it', { timeout: 60_000 }, () => {
  const startServer = devServerPerTest();

  it('redrives on the server, its Map Run continued, and prints what a local redrive prints', async () => {
    const project = copyDevProject();
    const server = await startServer({ projectRoot: project, port: 0 });
    const sfn = sfnClientFor(server.endpoint);
    const executionArn = await failedOnServer(sfn, 'fan-1');
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));

    const run = await runCli(['redrive', 'fan-1', '--local'], project);
    const again = await runCli(['redrive', 'fan-1', '--local', '--json'], project);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe("redriven fan-1 from state 'EachItem' (redrive 1)");
    expect(run.stdout).toContain('SUCCEEDED');
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'MapRunRedriven').map((e) => e.mapRunRedrivenEventDetails?.mapRunArn)).toEqual([mapRuns[0]!.mapRunArn]);
    // A second redrive of the execution, now SUCCEEDED, is refused by the server with its reason.
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.message).toMatch(/will not redrive fan-1: .*it is SUCCEEDED/);
  });

  it('answers --json as a local redrive does', async () => {
    const project = copyDevProject();
    const server = await startServer({ projectRoot: project, port: 0 });
    const sfn = sfnClientFor(server.endpoint);
    const executionArn = await failedOnServer(sfn, 'fan-2');

    const run = await runCli(['redrive', executionArn, '--local', '--json'], project);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ redriven: true, resumedFrom: 'EachItem', redriveCount: 1, warnings: [], execution: { name: 'fan-2', status: 'SUCCEEDED', output: [{ done: 'a' }, { done: 'flaky' }] } });
  });

  it('names what it cannot find, and refuses the flags that belong to the server', async () => {
    const project = copyDevProject();
    const server = await startServer({ projectRoot: project, port: 0 });

    const missing = await runCli(['redrive', 'no-such-run', '--local'], project);
    const virtual = await runCli(['redrive', 'no-such-run', '--local', '--virtual-time'], project);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`aethon dev (${server.endpoint}) has no execution 'no-such-run'`);
    expect(virtual.code).toBe(2);
    expect(virtual.stderr).toContain('drop them here, or stop aethon dev');
  });
});
