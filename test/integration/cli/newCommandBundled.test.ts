/**
 * `aethon new` through the CLI bundle that `npm ci` builds: the bundle rewrites module-relative
 * URLs in its sources, and must leave the text of the files it writes as the templates say.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, cliBundleEntry } from '../../../lib/cli/bundle/buildCliBundle.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { scratchProject } from './scratchProject.ts';

const run = promisify(execFile);
// Inside the project, as dist/cli is: the packages left external resolve from its node_modules.
const BUNDLE_DIR = join(PROJECT_ROOT, 'dist', `cli-new-test-${process.pid}-${Date.now()}`);

describe('Command: aethon new, bundled', () => {
  beforeAll(() => buildCliBundle(PROJECT_ROOT, BUNDLE_DIR), 120_000);
  afterAll(() => rmSync(BUNDLE_DIR, { recursive: true, force: true }));

  it('writes a test that finds the project from its own location', async () => {
    // Prepare
    const root = scratchProject();
    // Act
    const created = await run(process.execPath, [cliBundleEntry(BUNDLE_DIR), 'new', 'tenant-setup'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    // Assess
    expect(created.stdout).toContain('Wrote tenant-setup:');
    const test = readFileSync(join(root, 'test/workflows/tenant-setup.test.ts'), 'utf8');
    expect(test).toContain("const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));");
    expect(test).not.toContain('lib/cli/scaffold');
  }, 60_000);
});
