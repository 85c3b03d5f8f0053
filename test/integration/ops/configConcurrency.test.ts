/**
 * Concurrent writers of the local config store: real CLI processes started together, and a
 * writer killed with SIGKILL in the middle of its writes.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listConfigVersions, readCurrentConfig } from '../../../lib/runtime/config/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const run = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin', 'aethon.js');
const KEYS = Array.from({ length: 12 }, (_, i) => `k${i + 1}`);

/** A project whose one workflow has twelve independent config keys. */
function knobsProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-knobs-'));
  mkdirSync(join(dir, 'workflows'));
  const properties = KEYS.map((k) => `      ${k}: { type: integer }`).join('\n');
  const defaults = KEYS.map((k) => `    ${k}: 0`).join('\n');
  writeFileSync(
    join(dir, 'workflows', 'knobs.yaml'),
    `name: knobs\nconfig:\n  schema:\n    type: object\n    properties:\n${properties}\n      padding: { type: string }\n    additionalProperties: false\n  defaults:\n${defaults}\nsteps:\n  done: { type: pass, end: true }\n`,
  );
  return dir;
}

describe('Local config store under concurrency', () => {
  it('keeps every one of 12 concurrent `aethon config set --local` of different keys, one history entry each', async () => {
    // Prepare
    const dir = knobsProject();
    // Act
    const runs = await Promise.all(KEYS.map((key, i) => run(process.execPath, [BIN, 'config', 'set', 'knobs', `${key}=${i + 1}`, '--local', '--reason', `set ${key}`], { cwd: dir })));
    // Assess
    expect(runs.every((r) => r.stdout.includes('is in force'))).toBe(true);
    const localDir = join(dir, '.aethon');
    expect(readCurrentConfig(localDir, 'knobs')!.document).toEqual(Object.fromEntries(KEYS.map((k, i) => [k, i + 1])));
    const history = listConfigVersions(localDir, 'knobs');
    expect(history.map((v) => v.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(history.filter((v) => v.message === 'defaults from the workflow file')).toHaveLength(1);
    expect(history.slice(1).map((v) => v.message!.replace(/ \(by .*$/, '')).sort()).toEqual(KEYS.map((k) => `set ${k}`).sort());
  }, 120_000);

  it('stays readable and consistent after a writer is killed with SIGKILL mid-write', async () => {
    // Prepare: a writer that writes large versions as fast as it can.
    const dir = knobsProject();
    const localDir = join(dir, '.aethon');
    const script = `import { writeConfigVersion } from ${JSON.stringify(join(PROJECT_ROOT, 'lib/runtime/config/index.ts'))};
const big = 'x'.repeat(8_000_000);
for (let i = 1; ; i++) writeConfigVersion(${JSON.stringify(localDir)}, 'knobs', { k1: i, padding: big });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    const historyDir = join(localDir, 'config', 'knobs', 'history');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(historyDir) && readdirSync(historyDir).filter((n) => n.endsWith('.json')).length >= 5) {
          clearInterval(poll);
          resolve();
        }
      }, 1);
    });
    // Act
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const after = await run(process.execPath, [BIN, 'config', 'set', 'knobs', 'k2=7', '--local'], { cwd: dir }).catch((e: { stderr: string }) => e);
    // Assess: every version parses, they are contiguous, and current is the newest.
    const history = listConfigVersions(localDir, 'knobs');
    expect(history.map((v) => v.version)).toEqual(Array.from({ length: history.length }, (_, i) => i + 1));
    expect(readCurrentConfig(localDir, 'knobs')?.version).toBe(history.at(-1)!.version);
    expect((history.at(-1)!.document as { k2: number }).k2).toBe(7);
    expect('stdout' in after && after.stdout).toContain('is in force');
  }, 120_000);
});
