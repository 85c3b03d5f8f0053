/**
 * `aethon run` while `aethon dev` runs for the project: a workflow with an idempotent step is
 * refused at once (the server holds the DynamoDB of its records) and pointed at `start --local`;
 * one without runs as always; without a server the idempotent one runs here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { copyDevProject, devServerPerTest } from '../dev/devProject.ts';

/** A workflow whose only step is idempotent, written into a temporary copy of the dev fixture. */
function withIdempotentWorkflow(project: string): string {
  writeFileSync(
    join(project, 'workflows', 'greet-once.yaml'),
    ['name: greet-once', 'steps:', '  greet:', '    type: task', '    handler: functions/greet.ts', '    idempotency: { key: who, ttl: 1d }', '    end: true', ''].join('\n'),
  );
  return project;
}

describe('aethon run beside aethon dev', { timeout: 60_000 }, () => {
  const startServer = devServerPerTest();

  it('refuses an idempotent workflow at once and says to start it on the server, which then runs it', async () => {
    // Prepare
    const project = withIdempotentWorkflow(copyDevProject());
    const server = await startServer({ projectRoot: project, port: 0 });
    // The server has taken the DynamoDB lock (an idempotent execution ran there first).
    const first = await runCli(['start', 'greet-once', '--input', '{"who":"al"}', '--local', '--json'], project);
    expect(first.code).toBe(0);

    // Act: a 120 s lock wait would outlast the test's own timeout
    const run = await runCli(['run', 'greet-once', '--input', '{"who":"bo"}'], project, { AETHON_STORE_WAIT_SECONDS: '120' });
    const started = await runCli(['start', 'greet-once', '--input', '{"who":"bo"}', '--local', '--json'], project);

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`aethon dev (pid ${process.pid}, ${server.endpoint})`);
    expect(run.stderr).toContain("'aethon start greet-once --local --input <json>'");
    expect(run.stderr).toContain('idempotency records of greet-once (step greet)');
    expect(run.stderr).not.toContain('waiting up to');
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({ status: 'started', execution: { status: 'SUCCEEDED', output: { greeting: 'hello bo' } } });
  });

  it('runs a workflow without idempotent steps while the server runs', async () => {
    const project = copyDevProject();
    const server = await startServer({ projectRoot: project, port: 0 });

    const run = await runCli(['run', 'pause-and-greet', '--input', '{"who":"cy"}', '--virtual-time', '--json'], project);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { greeting: 'hello cy' } });
  });

  it('runs the idempotent workflow here when no server runs', async () => {
    const project = withIdempotentWorkflow(copyDevProject());

    const run = await runCli(['run', 'greet-once', '--input', '{"who":"di"}', '--json'], project);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { greeting: 'hello di' } });
  });
});
