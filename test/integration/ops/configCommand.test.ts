import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './project.ts';

const current = (dir: string, workflow: string) => JSON.parse(readFileSync(join(dir, '.aethon', 'config', workflow, 'current.json'), 'utf8'));

describe('Command: aethon config --local', () => {
  it('sets typed values, records who and why, and lists the history newest first', async () => {
    // Prepare
    const dir = scratchProject('repo');
    // Act
    const set = await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=true', 'freezeReason=incident 42', 'verifyAttempts=3', '--reason', 'incident 42', '--local'], dir);
    const history = await runCli(['config', 'history', 'deploy-pipeline', '--local', '--json'], dir);
    const table = await runCli(['config', 'history', 'deploy-pipeline', '--local'], dir);
    // Assess
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('deploy-pipeline: version 2 is in force');
    expect(set.stdout).toContain('changed     deploysFrozen, freezeReason, verifyAttempts');
    expect(set.stdout).toMatch(/propagation .*next task of every execution sees this version, no restart needed/);
    expect(current(dir, 'deploy-pipeline').document).toEqual({ deploysFrozen: true, verifyAttempts: 3, freezeReason: 'incident 42' });
    const versions = JSON.parse(history.stdout);
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ reason: 'incident 42', author: userInfo().username });
    expect(versions[1]).toMatchObject({ reason: 'defaults from the workflow file', document: { deploysFrozen: false, verifyAttempts: 5 } });
    expect(table.stdout).toMatch(/^VERSION +TIME +AUTHOR +REASON$/m);
    expect(table.stdout).toMatch(/^2 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +\S+ +incident 42$/m);
  });

  it('sets nested keys and quoted strings', async () => {
    // Prepare
    const dir = scratchProject('repo');
    // Act
    const run = await runCli(['config', 'set', 'nightly-etl', 'notifyChannel="#ops"', 'maxConcurrency=7', '--local', '--json'], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, version: 2, document: { maxConcurrency: 7, notifyChannel: '#ops', logLevel: 'INFO' }, changed: ['maxConcurrency', 'notifyChannel'] });
  });

  it.each([
    [['verifyAttempts=99'], /\/verifyAttempts must be <= 20/],
    [['deploysFrozen="yes"'], /\/deploysFrozen must be boolean/],
    [['surprise=1'], /must NOT have additional properties/],
    [['deploysFrozen=null'], /\/deploysFrozen must be boolean/],
  ])('refuses %j with the schema\'s message, exit 1, and changes nothing', async (assignments, message) => {
    // Prepare
    const dir = scratchProject('repo');
    await runCli(['config', 'get', 'deploy-pipeline', '--local'], dir);
    const before = readFileSync(join(dir, '.aethon', 'config', 'deploy-pipeline', 'current.json'), 'utf8');
    // Act
    const run = await runCli(['config', 'set', 'deploy-pipeline', ...assignments, '--local'], dir);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/does not match its schema, so nothing was changed/);
    expect(run.stderr).toMatch(message);
    expect(readFileSync(join(dir, '.aethon', 'config', 'deploy-pipeline', 'current.json'), 'utf8')).toBe(before);
    const history = JSON.parse((await runCli(['config', 'history', 'deploy-pipeline', '--local', '--json'], dir)).stdout);
    expect(history).toHaveLength(1);
  });

  it('gets the document in force on stdout, its version on stderr', async () => {
    // Prepare
    const dir = scratchProject('repo');
    // Act
    const run = await runCli(['config', 'get', 'user-onboarding', '--stage', 'local'], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ setupFeeCents: 4900, currency: 'EUR', plan: 'team' });
    expect(run.stderr).toMatch(/^version 1 from local config store at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ: defaults from the workflow file$/m);
  });

  it('rolls back to an earlier version as a new version, keeping the history', async () => {
    // Prepare
    const dir = scratchProject('repo');
    await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=true', '--local', '--reason', 'freeze'], dir);
    // Act
    const run = await runCli(['config', 'rollback', 'deploy-pipeline', '1', '--local', '--reason', 'incident over'], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('version 3 is in force');
    expect(current(dir, 'deploy-pipeline')).toMatchObject({ version: 3, rolledBackFrom: 1, document: { deploysFrozen: false, verifyAttempts: 5 } });
    const history = JSON.parse((await runCli(['config', 'history', 'deploy-pipeline', '--local', '--json'], dir)).stdout);
    expect(history[0]).toMatchObject({ version: 3, rolledBackFrom: 1, reason: 'incident over' });
  });

  it('refuses a rollback to a version the schema no longer accepts', async () => {
    // Prepare
    const dir = scratchProject('repo');
    await runCli(['config', 'set', 'deploy-pipeline', 'verifyAttempts=20', '--local'], dir);
    const file = join(dir, 'workflows', 'deploy-pipeline.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maximum: 20', 'maximum: 10'));
    // Act
    const run = await runCli(['config', 'rollback', 'deploy-pipeline', '2', '--local'], dir);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\/verifyAttempts must be <= 10/);
  });

  it.each([
    [['config'], 2, /usage: aethon config get\|set\|history\|rollback/],
    [['config', 'frobnicate', 'deploy-pipeline'], 2, /usage: aethon config/],
    [['config', 'set', 'deploy-pipeline', '--local'], 2, /needs at least one key=value/],
    [['config', 'set', 'deploy-pipeline', 'deploysFrozen', '--local'], 2, /'deploysFrozen' is not key=value/],
    [['config', 'get', 'nope', '--local'], 2, /no workflow named 'nope'/],
    [['config', 'get', 'deploy-pipeline', 'extra', '--local'], 2, /takes only the workflow/],
    [['config', 'rollback', 'deploy-pipeline', 'two', '--local'], 2, /takes one version number/],
    [['config', 'rollback', 'deploy-pipeline', '9', '--local'], 1, /has no config version 9/],
  ])('%j exits %i with a clear message', async (argv, code, message) => {
    // Act
    const run = await runCli(argv, scratchProject('repo'));
    // Assess
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });

  it('refuses a workflow without a config section', async () => {
    // Prepare
    const dir = scratchProject('ops');
    // Act
    const run = await runCli(['config', 'get', 'release', '--local', '--json'], dir);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/declares no config/);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { name: 'InvalidRequestError', exitCode: 2 } });
  });

  it('names a corrupt store file instead of crashing', async () => {
    // Prepare
    const dir = scratchProject('repo');
    await runCli(['config', 'get', 'deploy-pipeline', '--local'], dir);
    writeFileSync(join(dir, '.aethon', 'config', 'deploy-pipeline', 'current.json'), '{"nothing":1}');
    // Act
    const run = await runCli(['config', 'get', 'deploy-pipeline', '--local'], dir);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/current\.json is not a config version record .*fix or remove the file/);
    writeFileSync(join(dir, '.aethon', 'config', 'deploy-pipeline', 'current.json'), '{broken');
    const broken = await runCli(['config', 'get', 'deploy-pipeline', '--local'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/local config store \(\.aethon\/config\/deploy-pipeline\) is not JSON/);
  });
});
