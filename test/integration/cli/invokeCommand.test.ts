import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './scratchProject.ts';

const SECRET = 'sk-live-51c0ffee';
const ENV = ['--env', `AETHON_SECRET_API_KEY=${SECRET}`];

describe('Command: aethon invoke', () => {
  it("runs one step's handler through the wrapper: its logs under the step, secrets redacted, config read, the result printed", async () => {
    // Prepare
    const dir = scratchProject('cli');
    // Act
    const run = await runCli(['invoke', 'greeting', 'greet', '--input', '{"name":"Ada"}', ...ENV], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}ok +greet +\d/m);
    expect(run.stdout).toMatch(/^ {6}INFO +greeting someone {2}name=Ada apiKey=\[REDACTED\]$/m);
    expect(run.stdout).toContain('greeting.greet returned:\n  {\n    "text": "Hello, Ada"\n  }\n');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  }, 60_000);

  it('reads the configuration in force and replays an idempotent step from the local records; --json prints one object', async () => {
    // Prepare
    const dir = scratchProject('cli');
    expect((await runCli(['config', 'set', 'greeting', 'greeting=Hi', '--local'], dir)).code).toBe(0);
    const argv = ['invoke', 'greeting', 'greet', '--input', 'input.json', '--json', ...ENV];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'input.json'), '{"name":"Bea"}');
    // Act
    const first = await runCli(argv, dir);
    const second = await runCli(['invoke', 'greeting', 'greet', '--input', '@input.json', '--json', ...ENV], dir);
    // Assess
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, workflow: 'greeting', step: 'greet', result: { text: 'Hi, Bea' } });
    expect(first.stderr).toContain('"idempotentReplay":false');
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, result: { text: 'Hi, Bea' } });
    expect(second.stderr).toContain('"idempotentReplay":true');
    expect(second.stderr).not.toContain('greeting someone');
  }, 60_000);

  it('prints the error a handler threw (name, cause) and exits 1; it does not retry', async () => {
    // Prepare
    const dir = scratchProject('cli');
    // Act
    const thrown = await runCli(['invoke', 'greeting', 'greet', '--input', '{"name":"Bo","fail":true}', ...ENV], dir);
    const retryable = await runCli(['invoke', 'greeting', 'greet', '--input', '{"name":"Cy","failures":1}', '--json', ...ENV], dir);
    // Assess
    expect(thrown.code).toBe(1);
    expect(thrown.stdout).toMatch(/^ {2}failed +greet +.*Aethon\.Permanent$/m);
    expect(thrown.stdout).toContain('greeting.greet threw Aethon.Permanent\n  cause  no greeting for Bo (key [REDACTED])\n');
    expect(thrown.stdout + thrown.stderr).not.toContain(SECRET);
    expect(retryable.code).toBe(1);
    expect(JSON.parse(retryable.stdout)).toMatchObject({ ok: false, step: 'greet', error: { name: 'Aethon.Retryable', cause: 'the greeting service answered 503' } });
  }, 60_000);

  it.each([
    [['invoke', 'nope', 'greet'], /no workflow named 'nope'/],
    [['invoke', 'greeting', 'gret'], /workflow greeting has no step 'gret'; did you mean 'greet'\? \(its task steps: greet, shout\)/],
    [['invoke', 'greeting', 'route'], /step 'route' of greeting is a choice step; only a task step runs a handler \(its task steps: greet, shout\)/],
    [['invoke', 'greeting', 'greet', '--input', '{"name":'], /--input is not JSON/],
    [['invoke', 'greeting', 'greet', '--input', '@missing.json'], /--input: no such file missing\.json/],
    [['invoke', 'greeting'], /takes a workflow and a step/],
  ])('refuses %j with exit 2, says why and points to its own help', async (argv, message) => {
    // Act
    const run = await runCli(argv, scratchProject('cli'));
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Run 'aethon invoke --help' for its usage, options and examples.");
  });

  it('says which handler file is missing, and where the workflow names it', async () => {
    // Prepare
    const dir = scratchProject('cli');
    rmSync(join(dir, 'functions', 'shout.ts'));
    // Act
    const run = await runCli(['invoke', 'greeting', 'shout', '--input', '{"text":"hi"}'], dir);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ {2}workflows\/greeting\.yaml:\d+:\d+: handler file 'functions\/shout\.ts' does not exist$/m);
  }, 60_000);
});
