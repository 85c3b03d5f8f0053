/** Handler log lines of a running execution, served by GET /aethon/dev/logs while it still runs. */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { consoleHandlesFor } from '../../../lib/dev/consoleHandles.ts';
import { startDevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { sfnClientFor, untilClosed } from './devProject.ts';

interface LogsAnswer {
  readonly running: boolean;
  readonly lines: { readonly line: string; readonly stateName?: string }[];
}

describe('aethon dev: logs of a running execution', { timeout: 60_000 }, () => {
  it('serves the lines a handler wrote before the execution ends, and keeps them once after', async () => {
    const project = mkdtempSync(join(tmpdir(), 'aethon-dev-logs-'));
    cpSync(join(PROJECT_ROOT, 'test/fixtures/dev/slowTask'), project, { recursive: true });
    const release = join(project, 'release');
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
