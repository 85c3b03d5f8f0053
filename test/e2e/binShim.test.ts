/** The installed entry point, run as a user runs it: a separate Node process through the bin shim. */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/paths.ts';

const run = promisify(execFile);
const aslValidator = createRequire(import.meta.url)('asl-validator') as (d: unknown) => { isValid: boolean };

describe('Binary: bin/aethon.js', () => {
  it('prints ASL for nightly-etl that asl-validator accepts', async () => {
    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'bin', 'aethon.js'), 'asl', 'nightly-etl'], { cwd: PROJECT_ROOT });
    expect(aslValidator(JSON.parse(stdout)).isValid).toBe(true);
  }, 60_000);

  it('exits 2 with a message for an unknown command', async () => {
    const failure = await run(process.execPath, [join(PROJECT_ROOT, 'bin', 'aethon.js'), 'nope'], { cwd: PROJECT_ROOT }).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain("unknown command 'nope'");
  }, 60_000);
});
