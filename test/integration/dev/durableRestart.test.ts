/**
 * The done-when of issue 14: an execution with a 20-second wait, started through
 * @aws-sdk/client-sfn, survives `kill -9` of `aethon dev` during the wait and succeeds after a
 * restart, with one ExecutionStarted and one ExecutionSucceeded. The restart uses virtual time,
 * so the rest of the wait passes at once; the wait's deadline still comes from its recorded entry.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';
import { spawnDev, type DevProcess } from './devProcess.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:pause-and-greet';

async function healthOf(endpoint: string): Promise<{ running: { executionArn: string; currentState?: string }[] }> {
  return (await (await fetch(`${endpoint}/healthz`)).json()) as { running: { executionArn: string; currentState?: string }[] };
}

describe('aethon dev: durable executions', () => {
  const children: DevProcess[] = [];
  afterEach(() => {
    for (const dev of children.splice(0)) dev.child.kill('SIGKILL');
  });

  it('continues an execution killed -9 during its wait, and records each event once', { timeout: 90_000 }, async () => {
    // Prepare: an execution waiting, as /healthz shows
    const project = copyDevProject();
    const first = await spawnDev(['--dir', project]);
    children.push(first);
    const { executionArn } = await sfnClientFor(first.endpoint).send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'survivor', input: '{"who":"ada"}' }));
    const health = await healthOf(first.endpoint);
    expect(health.running).toEqual([expect.objectContaining({ executionArn, currentState: 'pause' })]);

    // Act: kill -9 during the wait, start again
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const second = await spawnDev(['--dir', project, '--virtual-time']);
    children.push(second);
    const sfn = sfnClientFor(second.endpoint);

    // Assess
    expect(second.output()).toContain('resumed         1 execution(s)');
    expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
    expect(types.filter((t) => t === 'ExecutionSucceeded')).toHaveLength(1);
    expect(types.filter((t) => t === 'WaitStateEntered')).toHaveLength(1);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const entered = events.find((e) => e.type === 'WaitStateEntered')!.timestamp!.getTime();
    const exited = events.find((e) => e.type === 'WaitStateExited')!.timestamp!.getTime();
    expect(exited - entered).toBe(20_000);
    const succeeded = events.find((e) => e.type === 'ExecutionSucceeded');
    expect(JSON.parse(succeeded!.executionSucceededEventDetails!.output!)).toEqual({ greeting: 'hello ada' });
    const metrics = await (await fetch(`${second.endpoint}/metrics`)).text();
    expect(metrics).toMatch(/aethon_executions_ended_total\{state_machine="pause-and-greet",status="SUCCEEDED"\} 1/);

    // And it drains on SIGTERM: exit 0, .aethon/dev.json removed
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(existsSync(join(project, '.aethon', 'dev.json'))).toBe(false);
  });
});
