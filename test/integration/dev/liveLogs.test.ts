/** Handler log lines of a running execution, served by GET /aethon/dev/logs while it still runs. */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleHandlesFor } from '../../../lib/dev/consoleHandles.ts';
import { startDevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { sfnClientFor, untilClosed } from './devProject.ts';
import { spawnDev, type DevProcess } from './devProcess.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:log-and-hold';

/** test/fixtures/dev/slowTask copied to a temporary folder, and the file its task waits for. */
function copySlowProject(): { project: string; release: string } {
  const project = mkdtempSync(join(tmpdir(), 'aethon-dev-logs-'));
  cpSync(join(PROJECT_ROOT, 'test/fixtures/dev/slowTask'), project, { recursive: true });
  return { project, release: join(project, 'release') };
}

/** Polls the logs route until it has `count` lines (bounded by attempts). */
async function linesOnceThere(endpoint: string, executionArn: string, count: number): Promise<LogsAnswer> {
  let answer: LogsAnswer = { running: true, lines: [] };
  for (let poll = 0; poll < 1500 && answer.lines.length < count; poll++) {
    answer = (await (await fetch(`${endpoint}/aethon/dev/logs?executionArn=${encodeURIComponent(executionArn)}`)).json()) as LogsAnswer;
    if (answer.lines.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return answer;
}

interface LogsAnswer {
  readonly running: boolean;
  readonly lines: { readonly line: string; readonly stateName?: string }[];
}

describe('aethon dev: logs of a running execution', { timeout: 60_000 }, () => {
  it('serves the lines a handler wrote before the execution ends, and keeps them once after', async () => {
    const { project, release } = copySlowProject();
    const server = await startDevServer({ projectRoot: project, port: 0, announce: false });
    try {
      const sfn = sfnClientFor(server.endpoint);
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:log-and-hold', name: 'held', input: JSON.stringify({ release }) }));
      const logs = async (): Promise<LogsAnswer> => (await (await fetch(`${server.endpoint}/aethon/dev/logs?executionArn=${encodeURIComponent(executionArn!)}`)).json()) as LogsAnswer;

      // The handler is still holding (no release file yet), so whatever comes back is live.
      let live: LogsAnswer = { running: true, lines: [] };
      for (let poll = 0; poll < 1500 && live.lines.length === 0; poll++) {
        live = await logs();
        if (live.lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(live.running).toBe(true);
      expect(live.lines.map((l) => ({ state: l.stateName, record: JSON.parse(l.line) }))).toEqual([{ state: 'hold', record: { level: 'INFO', message: 'holding', release } }]);
      // The console reads the same live lines.
      const consoleLines = await consoleHandlesFor(server.plane, { projectRoot: project }).handlerLogs!({ workflow: 'log-and-hold', execution: 'held' });
      expect(consoleLines).toEqual([{ state: 'hold', level: 'INFO', message: 'holding', release }]);

      writeFileSync(release, '');
      expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
      const kept = await logs();
      expect(kept.running).toBe(false);
      expect(kept.lines.map((l) => JSON.parse(l.line).message)).toEqual(['holding']);
    } finally {
      writeFileSync(release, '');
      await server.close();
    }
  });
});

describe('aethon dev: logs across kill -9', () => {
  const children: DevProcess[] = [];
  afterEach(() => {
    for (const dev of children.splice(0)) dev.child.kill('SIGKILL');
  });

  it('keeps the lines written before the kill with the resumed execution', { timeout: 90_000 }, async () => {
    // Prepare: the task has logged and holds
    const { project, release } = copySlowProject();
    const first = await spawnDev(['--dir', project]);
    children.push(first);
    const { executionArn } = await sfnClientFor(first.endpoint).send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'held', input: JSON.stringify({ release }) }));
    // The route answers once the lines it shows are written.
    expect((await linesOnceThere(first.endpoint, executionArn!, 1)).lines).toHaveLength(1);

    // Act: kill -9, restart, let the resumed task finish
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await spawnDev(['--dir', project]);
    children.push(second);
    writeFileSync(release, '');
    const sfn = sfnClientFor(second.endpoint);
    expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');

    // Assess: the killed attempt's line and the resumed attempt's, once each
    const kept = await linesOnceThere(second.endpoint, executionArn!, 2);
    expect(kept.running).toBe(false);
    expect(kept.lines.map((l) => JSON.parse(l.line).message)).toEqual(['holding', 'holding']);
  });
});
