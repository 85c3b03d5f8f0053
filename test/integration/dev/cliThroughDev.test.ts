/**
 * One owner of the local state: while `aethon dev` runs (its .aethon/dev.json names a live
 * process), the CLI's local start, executions, execution and stop go through it; without it they
 * work on the store as before.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { writeDevServerFile } from '../../../lib/local/store/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { copyDevProject, sfnClientFor, waitMachine, devServerPerTest } from './devProject.ts';

describe('aethon dev: the CLI goes through it', { timeout: 30_000 }, () => {
  const startServer = devServerPerTest();

  it('starts, lists and shows executions through the server, which holds the store', async () => {
    // Prepare
    const project = copyDevProject();
    const server = await startServer({ projectRoot: project, port: 0, virtualTime: true });
    expect(existsSync(join(project, '.aethon', 'dev.json'))).toBe(true);

    // Act
    const started = await runCli(['start', 'pause-and-greet', '--input', '{"who":"bo"}', '--key', 'k-1', '--local', '--json'], project);
    const duplicate = await runCli(['start', 'pause-and-greet', '--input', '{"who":"bo"}', '--key', 'k-1', '--local', '--json'], project);
    const conflict = await runCli(['start', 'pause-and-greet', '--input', '{"who":"cy"}', '--key', 'k-1', '--local'], project);
    const listed = await runCli(['executions', 'pause-and-greet', '--local', '--json'], project);
    const name = JSON.parse(started.stdout).name as string;
    const shown = await runCli(['execution', name, '--local', '--json'], project);

    // Assess
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({ status: 'started', execution: { status: 'SUCCEEDED', output: { greeting: 'hello bo' } } });
    expect(JSON.parse(duplicate.stdout)).toMatchObject({ status: 'duplicate', executionStatus: 'SUCCEEDED' });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('different input');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name, status: 'SUCCEEDED', stateMachineName: 'pause-and-greet' })]);
    expect(JSON.parse(shown.stdout).path.map((visit: { name: string; status: string }) => `${visit.name} ${visit.status}`)).toEqual(['pause SUCCEEDED', 'greet SUCCEEDED']);
  });

  it('refuses --env while the server runs: the server has its own', async () => {
    const project = copyDevProject();
    const server = await startServer({ projectRoot: project, port: 0, virtualTime: true });

    const run = await runCli(['start', 'pause-and-greet', '--local', '--env', 'A=b'], project);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('drop them here, or stop aethon dev');
  });

  it('stops a running execution with its error and cause', async () => {
    const project = copyDevProject();
    const server = await startServer({ projectRoot: project, port: 0 });
    const sfn = sfnClientFor(server.endpoint);
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'hold', definition: waitMachine(3600), roleArn: 'arn:aws:iam::123456789012:role/r' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'long-one' }));

    const run = await runCli(['stop', 'long-one', '--local', '--error', 'Ops.Cancelled', '--cause', 'not needed'], project);
    const again = await runCli(['stop', 'long-one', '--local'], project);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`stopped ${executionArn}`);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status: 'ABORTED', error: 'Ops.Cancelled', cause: 'not needed' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already ended (ABORTED)');
  });

  it('works on the store again once the server is gone, even if its dev.json stayed behind', async () => {
    const project = copyDevProject();
    mkdirSync(join(project, '.aethon'));
    // A server killed -9 leaves its file; no process has this pid.
    writeDevServerFile(join(project, '.aethon'), { pid: 2 ** 22 + 17, endpoint: 'http://127.0.0.1:9', startedAt: new Date().toISOString() });

    const listed = await runCli(['executions', 'pause-and-greet', '--local', '--json'], project);
    const stop = await runCli(['stop', 'anything', '--local'], project);

    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(stop.code).toBe(1);
    expect(stop.stderr).toContain("Start 'aethon dev'");
  });
});

describe('aethon dev: POST /aethon/records', { timeout: 30_000 }, () => {
  it('stores a record the CLI produced, and refuses one of an execution it is running', async () => {
    const server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    try {
      const sfn = sfnClientFor(server.endpoint);
      const arn = 'arn:aws:states:us-east-1:123456789012:execution:pause-and-greet:redriven';
      const record = { executionArn: arn, name: 'redriven', stateMachineName: 'pause-and-greet', status: 'FAILED', startDate: '2026-12-01T00:00:00.000Z', stopDate: '2026-12-01T00:00:01.000Z', input: {}, error: 'E', cause: 'c', history: [] };
      const post = (body: unknown) => fetch(`${server.endpoint}/aethon/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

      expect((await post(record)).status).toBe(200);
      expect(await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).toMatchObject({ status: 'FAILED', error: 'E' });

      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'hold', definition: waitMachine(3600), roleArn: 'arn:aws:iam::123456789012:role/r' }));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'busy' }));
      const refused = await post({ ...record, executionArn, stateMachineName: 'hold', name: 'busy' });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { __type: string }).__type).toBe('ExecutionAlreadyExists');
      expect((await post({ nothing: true })).status).toBe(400);
      const fromPage = await fetch(`${server.endpoint}/aethon/records`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://attacker.example' }, body: JSON.stringify(record) });
      expect(fromPage.status).toBe(403);
      await sfn.send(new StopExecutionCommand({ executionArn }));
    } finally {
      await server.close();
    }
  });
});

describe('aethon dev: aethon run records through it', { timeout: 30_000 }, () => {
  it('hands the finished run to the server, which holds the store, instead of waiting for its lock', async () => {
    const project = copyDevProject();
    const server = await startDevServer({ projectRoot: project, port: 0, virtualTime: true });
    try {
      const run = await runCli(['run', 'on-release', '--input', '{"releaseId":"r-9"}', '--json'], project);

      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain('not recorded');
      const listed = await runCli(['executions', 'on-release', '--local', '--json'], project);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ status: 'SUCCEEDED', stateMachineName: 'on-release' })]);
    } finally {
      await server.close();
    }
  });
});
