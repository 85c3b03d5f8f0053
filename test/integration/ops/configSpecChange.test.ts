/**
 * Configuration across workflow-file changes on the local engine and in `aethon config diff`:
 * defaults fill new keys, values in force are kept, keys the schema dropped go, and a value that
 * no longer fits is refused by key. AWS: `config diff` reads the newest hosted version.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateHostedConfigurationVersionCommand, GetHostedConfigurationVersionCommand, ListHostedConfigurationVersionsCommand } from '@aws-sdk/client-appconfig';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../lib/local/localEngine.ts';
import { acceptsConfigWrite, mockStageClients, newestHostedVersion, ssmParameter } from '../../helpers/awsMocks.ts';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './project.ts';

const WORKFLOW = 'config-reader';
const storeFile = (dir: string, name: string) => join(dir, '.aethon', 'config', WORKFLOW, name);
const current = (dir: string) => JSON.parse(readFileSync(storeFile(dir, 'current.json'), 'utf8')) as { version: number; message?: string; document: unknown };

/** Rewrites the fixture's config section (the rest of the file stays as it is). */
function changeConfig(dir: string, config: string): void {
  const file = join(dir, 'workflows', `${WORKFLOW}.yaml`);
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('config:\n');
  const end = text.indexOf('defaults:\n  timeout');
  writeFileSync(file, `${text.slice(0, start)}${config.trim()}\n${text.slice(end)}`);
}

/** One run on a fresh engine (an engine caches what it compiled). */
async function runOnce(dir: string) {
  const engine = await LocalEngine.start({ projectRoot: dir, dynamodb: 'none', virtualTime: true });
  try {
    return await engine.runWorkflow(WORKFLOW, {});
  } finally {
    await engine.close();
  }
}

const WITH_LEVEL = `
config:
  schema:
    type: object
    properties:
      mode: { enum: [calm, frozen] }
      level: { type: integer, minimum: 1 }
    required: [mode, level]
    additionalProperties: false
  defaults: { mode: calm, level: 3 }
`;

describe('Configuration across workflow-file changes (local)', () => {
  it('fills a new required key with its default and keeps the flipped value at the next run', async () => {
    // Prepare: seeded, then frozen during an incident
    const dir = scratchProject('ops');
    await runOnce(dir);
    expect((await runCli(['config', 'set', WORKFLOW, 'mode=frozen', '--local'], dir)).code).toBe(0);
    changeConfig(dir, WITH_LEVEL);
    // Act
    const run = await runOnce(dir);
    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ first: 'frozen', second: 'frozen' });
    expect(current(dir)).toMatchObject({ version: 3, message: 'workflow file changed: added level=3; kept mode', document: { mode: 'frozen', level: 3 } });
    // A second run with the same file writes nothing more.
    await runOnce(dir);
    expect(current(dir).version).toBe(3);
  }, 60_000);

  it('refuses the run, naming the key, when a value in force no longer fits, and config set repairs it', async () => {
    // Prepare: frozen in force; the new schema no longer knows 'frozen'
    const dir = scratchProject('ops');
    await runOnce(dir);
    await runCli(['config', 'set', WORKFLOW, 'mode=frozen', '--local'], dir);
    changeConfig(dir, WITH_LEVEL.replace('enum: [calm, frozen]', 'enum: [calm, paused]'));
    const before = readFileSync(storeFile(dir, 'current.json'), 'utf8');
    // Act
    const refused = runOnce(dir);
    // Assess
    await expect(refused).rejects.toThrow(/the configuration in force for 'config-reader' does not fit its workflow file's config schema any more: mode = "frozen": must be equal to one of the allowed values: \["calm","paused"\]\. Nothing was changed\. Set a value that fits with 'aethon config set config-reader <key>=<value> --local'/);
    await expect(refused).rejects.toMatchObject({ name: 'ConfigSpecChangeRefusedError', issues: ['mode = "frozen": must be equal to one of the allowed values: ["calm","paused"]'] });
    expect(readFileSync(storeFile(dir, 'current.json'), 'utf8')).toBe(before);
    // Act: the fix the message names; set fills the new key too
    const repair = await runCli(['config', 'set', WORKFLOW, 'mode=paused', '--local', '--json'], dir);
    // Assess
    expect(repair.code).toBe(0);
    expect(JSON.parse(repair.stdout)).toMatchObject({ document: { mode: 'paused', level: 3 } });
    await expect(runOnce(dir)).resolves.toMatchObject({ status: 'SUCCEEDED' });
  }, 60_000);
});

describe('Command: aethon config diff --local', () => {
  it('shows added, dropped and kept keys without writing anything', async () => {
    // Prepare: frozen in force, then the file gains the required key level
    const dir = scratchProject('ops');
    await runOnce(dir);
    await runCli(['config', 'set', WORKFLOW, 'mode=frozen', '--local'], dir);
    changeConfig(dir, WITH_LEVEL);
    const before = readFileSync(storeFile(dir, 'current.json'), 'utf8');
    // Act
    const text = await runCli(['config', 'diff', WORKFLOW, '--local'], dir);
    const json = await runCli(['config', 'diff', WORKFLOW, '--local', '--json'], dir);
    // Assess
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      "config-reader: version 2 in force (local config store); the next local run would put a new version in force\n" +
        "  + level = 3  (new key: the spec's default)\n" +
        "  = mode = \"frozen\"  (kept; the spec's default is \"calm\")\n",
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      workflow: WORKFLOW,
      version: 2,
      changed: true,
      added: [{ key: 'level', value: 3 }],
      removed: [],
      kept: [{ key: 'mode', value: 'frozen', default: 'calm' }],
      refused: [],
      document: { mode: 'frozen', level: 3 },
    });
    expect(readFileSync(storeFile(dir, 'current.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('shows a dropped key and a refused value, and exits 1', async () => {
    // Prepare: the new schema drops 'mode' for 'phase'
    const dir = scratchProject('ops');
    await runOnce(dir);
    changeConfig(dir, `
config:
  schema:
    type: object
    properties:
      phase: { enum: [one, two] }
      owner: { type: string }
    required: [phase]
    additionalProperties: false
  defaults: { phase: one }
`);
    await runCli(['config', 'set', WORKFLOW, 'phase=three', '--local'], dir);
    // Act
    const text = await runCli(['config', 'diff', WORKFLOW, '--local'], dir);
    // Assess: set refused 'three', so version 1 is in force; the diff drops mode and adds phase
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('  - mode (was "calm"): no longer in the schema, dropped');
    expect(text.stdout).toContain("  + phase = \"one\"  (new key: the spec's default)");
    // Prepare: a hand-written document in force that the schema refuses
    writeFileSync(storeFile(dir, 'current.json'), JSON.stringify({ version: 1, createdAt: '2026-12-04T00:00:00.000Z', document: { phase: 'three' } }));
    writeFileSync(storeFile(dir, 'history/000001.json'), JSON.stringify({ version: 1, createdAt: '2026-12-04T00:00:00.000Z', document: { phase: 'three' } }));
    // Act
    const refused = await runCli(['config', 'diff', WORKFLOW, '--local'], dir);
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/the next local run would be refused: set the values marked ! to ones the schema accepts \('aethon config set config-reader <key>=<value>'\)/);
    expect(refused.stdout).toContain('  ! phase = "three": must be equal to one of the allowed values: ["one","two"]');
    expect(refused.stdout).not.toContain('  = phase');
  }, 60_000);
});

describe('Command: aethon config diff (AWS)', () => {
  const { appConfig, ssm } = mockStageClients();

  it('merges the newest hosted version with the workflow file and sends no write', async () => {
    // Prepare
    const dir = scratchProject('ops');
    changeConfig(dir, WITH_LEVEL);
    newestHostedVersion(appConfig, 6, { mode: 'frozen', legacy: true }, 'incident 7 (by alice at 2026-12-01T03:00:00.000Z)');
    // Act
    const run = await runCli(['config', 'diff', WORKFLOW, '--appconfig', 'app1/env1/prof1', '--json'], dir);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(appConfig).toReceiveCommandWith(ListHostedConfigurationVersionsCommand, { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', MaxResults: 1 });
    expect(appConfig).toReceiveCommandWith(GetHostedConfigurationVersionCommand, { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', VersionNumber: 6 });
    expect(appConfig.calls()).toHaveLength(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      version: 6,
      source: 'AppConfig app1/env1/prof1',
      added: [{ key: 'level', value: 3 }],
      removed: [{ key: 'legacy', value: true }],
      kept: [{ key: 'mode', value: 'frozen', default: 'calm' }],
      document: { mode: 'frozen', level: 3 },
    });
  }, 60_000);

  it('config set on AWS fills the keys the workflow file added, so it can repair a refused deploy', async () => {
    // Prepare: the hosted version predates the required key level
    const dir = scratchProject('ops');
    changeConfig(dir, WITH_LEVEL);
    newestHostedVersion(appConfig, 6, { mode: 'frozen' });
    acceptsConfigWrite(appConfig, { created: 7, deployment: 3 });
    // Act
    const run = await runCli(['config', 'set', WORKFLOW, 'mode=calm', '--appconfig', 'app1/env1/prof1', '--strategy', 'strat1', '--no-wait', '--json'], dir);
    // Assess
    expect(run.code).toBe(0);
    const create = appConfig.commandCalls(CreateHostedConfigurationVersionCommand)[0]!.args[0].input;
    expect(JSON.parse(new TextDecoder().decode(create.Content as Uint8Array))).toEqual({ mode: 'calm', level: 3 });
    expect(create.LatestVersionNumber).toBe(6);
  }, 60_000);

  it('finds the profile in the stage manifest and needs no deployment strategy', async () => {
    // Prepare
    const name = '/aethon/aethon/prod/workflows/config-reader';
    ssm.on(GetParameterCommand, { Name: name }).resolves(
      ssmParameter(name, { version: 1, workflow: WORKFLOW, group: 'G05', stateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:config-reader-prod', appConfig: { applicationId: 'appG05', environmentId: 'envG05', profileId: 'profReader' } }),
    );
    newestHostedVersion(appConfig, 2, { mode: 'calm' });
    const dir = scratchProject('ops');
    // Act
    const run = await runCli(['config', 'diff', WORKFLOW, '--stage', 'prod'], dir);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('config-reader: version 2 in force (AppConfig appG05/envG05/profReader); the next deploy leaves the configuration as it is\n');
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name)).toEqual([name]);
  }, 60_000);

  it('says the first deploy seeds the defaults when the profile has no version yet', async () => {
    // Prepare
    const dir = scratchProject('ops');
    appConfig.on(ListHostedConfigurationVersionsCommand).resolves({ Items: [] });
    // Act
    const run = await runCli(['config', 'diff', WORKFLOW, '--appconfig', 'app1/env1/prof1'], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`config-reader: nothing in force yet (AppConfig app1/env1/prof1); the next deploy would put a new version in force\n  + the workflow file's defaults become version 1: {"mode":"calm"}\n`);
  }, 60_000);
});
