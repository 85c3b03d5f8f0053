/**
 * The bundled CLI (`npm ci` builds dist/cli): bin/aethon.js runs it only while it is current,
 * and through it the commands behave as from source, local Lambda workers included.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, CLI_BUNDLE_MANIFEST, type CliBundleManifest } from '../../lib/cli/bundle/buildCliBundle.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

const run = promisify(execFile);
const SHIM = join(PROJECT_ROOT, 'bin', 'aethon.js');
// Inside the project, as dist/cli is: the packages left external resolve from its node_modules.
const BUNDLE_DIR = join(PROJECT_ROOT, 'dist', `cli-test-${process.pid}-${Date.now()}`);

/** bin/aethon.js on the test bundle, saying which code it runs. */
function aethon(args: readonly string[], options: { readonly cwd?: string; readonly bundleDir?: string } = {}) {
  const env = { ...process.env, AETHON_CLI_BUNDLE_DIR: options.bundleDir ?? BUNDLE_DIR, AETHON_CLI_TRACE: '1', NO_COLOR: '1' };
  return run(process.execPath, [SHIM, ...args], { cwd: options.cwd ?? PROJECT_ROOT, env }).catch((failure: { code: number; stdout: string; stderr: string }) => failure);
}

/**
 * Others may edit the sources while this runs; the freshness rule is tested by setting the build
 * time, not by racing their edits.
 */
function setBuiltAt(builtAt: number): void {
  const file = join(BUNDLE_DIR, CLI_BUNDLE_MANIFEST);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as CliBundleManifest;
  writeFileSync(file, JSON.stringify({ ...manifest, builtAt }));
}

describe('Binary: the CLI bundle', () => {
  let manifest: CliBundleManifest;

  beforeAll(async () => {
    manifest = await buildCliBundle(PROJECT_ROOT, BUNDLE_DIR);
    setBuiltAt(Date.now() + 3_600_000);
  }, 120_000);

  afterAll(() => rmSync(BUNDLE_DIR, { recursive: true, force: true }));

  it('lists the sources it was built from, the CLI and the layers it calls', () => {
    expect(manifest.sources).toEqual(expect.arrayContaining(['bin/aethon.ts', 'lib/cli/main.ts', 'lib/cli/commands/run.ts', 'lib/local/localEngine.ts']));
    expect(manifest.sources.some((source) => source.includes('node_modules/') && source !== 'node_modules/.package-lock.json')).toBe(false);
  });

  it('is what bin/aethon.js runs while current, with the same help', async () => {
    const result = await aethon(['run', '--help']);
    expect(result.stderr).toBe(`aethon: running the bundle in ${BUNDLE_DIR}\n`);
    expect(result.stdout).toMatch(/^Usage: aethon run <workflow>/);
  }, 60_000);

  it('runs a workflow whose handlers run in local Lambda workers, and an ASL file', async () => {
    // Prepare
    const project = mkdtempSync(join(tmpdir(), 'aethon-bundle-'));
    cpSync(join(PROJECT_ROOT, 'test', 'fixtures', 'project'), project, { recursive: true });
    writeFileSync(join(project, 'pass.asl.json'), JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', Result: { ok: true }, End: true } } }));

    // Act
    const saga = await aethon(['run', 'saga', '--input', '{"sku":"X"}', '--virtual-time', '--json'], { cwd: project });
    const pass = await aethon(['run', '--definition', 'pass.asl.json', '--json'], { cwd: project });

    // Assess
    expect(saga.stderr).toContain('running the bundle');
    expect(JSON.parse(saga.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { shipped: true } });
    expect(JSON.parse(pass.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { ok: true } });
    rmSync(project, { recursive: true, force: true });
  }, 120_000);

  it('gives way to the sources when a file it was built from changed after the build', async () => {
    setBuiltAt(0);
    const result = await aethon(['list', '--help']);
    expect(result.stderr).toMatch(/^aethon: running from source: \S+ changed after the bundle was built \(npm run build:cli rebuilds it\)\n$/);
    expect(result.stdout).toMatch(/^Usage: aethon list/);
    setBuiltAt(Date.now() + 3_600_000);
  }, 60_000);

  it('gives way to the sources when there is no bundle, or when asked to', async () => {
    const missing = await aethon(['--help'], { bundleDir: join(BUNDLE_DIR, 'nothing-here') });
    expect(missing.stderr).toMatch(/^aethon: running from source: no bundle in /);
    expect(missing.stdout).toMatch(/^aethon: YAML workflows/);
    const asked = await run(process.execPath, [SHIM, '--help'], { env: { ...process.env, AETHON_CLI_BUNDLE_DIR: BUNDLE_DIR, AETHON_CLI_FROM_SOURCE: '1', AETHON_CLI_TRACE: '1' } });
    expect(asked.stderr).toBe('aethon: running from source: AETHON_CLI_FROM_SOURCE=1\n');
  }, 60_000);
});
