/** Concurrent `aethon run` processes on one project: each prints its result and exits by it. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../lib/local/localEngine.ts';
import { openExecutionStore } from '../../../lib/local/store/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const run = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin', 'aethon.js');

describe('Command: aethon run, 12 at once', () => {
  it('prints every result, exits 0 for each, records each, and starts no DynamoDB for a Pass-only definition', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'aethon-runs-'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(join(dir, 'pass.asl.json'), JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, End: true } } }));
    // Act
    const runs = await Promise.all(
      Array.from({ length: 12 }, () =>
        run(process.execPath, [BIN, 'run', '--definition', 'pass.asl.json', '--json'], { cwd: dir }).then(
          (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
          (failed: { code: number; stdout: string; stderr: string }) => failed,
        ),
      ),
    );
    // Assess
    for (const result of runs) {
      expect(result.stderr).not.toMatch(/Database is closed|\n\s+at /);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { ok: true } });
    }
    expect(existsSync(join(dir, '.aethon', 'dynamodb'))).toBe(false);
    const store = await openExecutionStore(join(dir, '.aethon'));
    try {
      expect(await store.list()).toHaveLength(12);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('starts no DynamoDB for a workflow without an idempotent step, even when asked for a persistent one', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'aethon-runs-'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(join(dir, 'workflows', 'plain.yaml'), 'name: plain\nsteps:\n  done: { type: pass, end: true }\n');
    const engine = await LocalEngine.start({ projectRoot: dir, dynamodb: 'persistent' });
    // Act
    const run = await engine.runWorkflow('plain');
    await engine.close();
    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(existsSync(join(dir, '.aethon', 'dynamodb'))).toBe(false);
    expect(existsSync(join(dir, '.aethon', 'dynamodb.lock'))).toBe(false);
  });
});
