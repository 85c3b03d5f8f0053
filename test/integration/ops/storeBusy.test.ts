/** A local command that finds the store held by another process: a bounded wait, then a message that names the holder. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExecutionStoreWhenFree } from '../../../lib/local/store/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './project.ts';

const EVENT = JSON.stringify({ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: { service: 'api', releaseId: 'r-9', commit: 'abc' } });

describe('Local store held by another command', () => {
  it.each([
    ['send-event', [EVENT]],
    ['start', ['deploy-pipeline', '--input', '{"service":"api","releaseId":"r-9","commit":"abc"}']],
  ])('%s waits the bound it names, then exits 3 naming the holder, never a command that does not exist', async (command, args) => {
    // Prepare: this process holds the store, as a running 'aethon start --local' would.
    const dir = scratchProject('repo');
    const holder = await openExecutionStoreWhenFree(join(dir, '.aethon'));
    try {
      // Act
      const run = await runCli([command, ...args, '--local'], dir, { AETHON_STORE_WAIT_SECONDS: '1' });
      // Assess
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/waiting up to 1 s for the local execution store \(.*\), in use by pid \d+ \(.+\) since \d{4}-/);
      expect(run.stderr).toMatch(/aethon: gave up after 1 s waiting for the local execution store \(.*\), in use by pid \d+ \(.+\) since .*Run the command again once that process has finished, or stop it\./);
      expect(run.stderr).not.toMatch(/aethon console/);
    } finally {
      await holder.close();
    }
  }, 60_000);
});
