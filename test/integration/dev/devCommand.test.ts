/** `aethon dev` refusals through the CLI, in-process: what is wrong and what to do, with exit codes. */
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { copyDevProject } from './devProject.ts';

describe('Command: aethon dev', { timeout: 30_000 }, () => {
  it('refuses to start a second server for a project, naming the first', async () => {
    const project = copyDevProject();
    const server = await startDevServer({ projectRoot: project, port: 0 });
    try {
      const run = await runCli(['dev', '--port', '0'], project);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`aethon dev already serves this project: pid ${process.pid} at ${server.endpoint}`);
    } finally {
      await server.close();
    }
  });

  it('refuses a port that is not a number, and arguments', async () => {
    const project = copyDevProject();
    expect(await runCli(['dev', '--port', 'eighty'], project)).toMatchObject({ code: 2, stderr: expect.stringContaining("--port must be a number from 0 to 65535, got 'eighty'") });
    expect(await runCli(['dev', 'extra'], project)).toMatchObject({ code: 2, stderr: expect.stringContaining('takes no arguments') });
  });

  it('says when the MockConfigFile is invalid', async () => {
    const project = copyDevProject();
    const run = await runCli(['dev', '--port', '0', '--mock-config', 'workflows/on-release.yaml'], project);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the MockConfigFile (--mock-config or SFN_MOCK_CONFIG) is invalid');
  });
});
