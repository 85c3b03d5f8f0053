import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './scratchProject.ts';

const SECRET = 'sk-live-7f3a9c';
const ENV = ['--env', `AETHON_SECRET_API_KEY=${SECRET}`];
const ESCAPE = '\u001b[';

describe('Command: aethon run (output for people)', () => {
  it('prints one line per state with retries, the handler logs under it, and the summary, all on stdout', async () => {
    // Prepare
    const dir = scratchProject('cli');
    // Act
    const run = await runCli(['run', 'greeting', '--input', '{"name":"Ada","failures":1,"shout":true}', '--virtual-time', ...ENV], dir);
    // Assess
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const greet = lines.findIndex((line) => /^ {2}ok +greet +1\.00 s {2}1 retry$/.test(line));
    expect(greet).toBeGreaterThanOrEqual(0);
    expect(lines.slice(greet + 1).find((line) => line.includes('greeting someone'))).toMatch(/^ {6}INFO +greeting someone {2}name=Ada apiKey=\[REDACTED\]$/);
    expect(run.stdout).toMatch(/^ {2}ok +route +0 ms$/m);
    expect(run.stdout).toMatch(/^ {2}ok +shout +0 ms\n {6}shouting Hello, Ada$/m);
    expect(run.stdout).toMatch(/greeting \S+: SUCCEEDED\n {2}duration/);
    expect(run.stdout).toContain('path       greet -> route -> shout -> done');
    expect(run.stdout).not.toContain('_aws');
    expect(run.stdout).not.toContain('function_request_id');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(run.stdout).not.toContain(ESCAPE);
  }, 60_000);

  it('shows the failed state with its error and the ERROR record, and the failed summary', async () => {
    // Prepare
    const dir = scratchProject('cli');
    // Act
    const run = await runCli(['run', 'greeting', '--input', '{"name":"Bo","fail":true}', '--virtual-time', ...ENV], dir);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}failed +greet +\d+ m?s {2}Aethon\.Permanent$/m);
    expect(run.stdout).toMatch(/^ {6}ERROR step failed .*error="Aethon\.Permanent: no greeting for Bo \(key \[REDACTED\]\)"/m);
    expect(run.stdout).toContain('error      Aethon.Permanent');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  }, 60_000);

  it('prints metric lines and whole records only with --verbose', async () => {
    // Prepare
    const dir = scratchProject('cli');
    // Act
    const run = await runCli(['run', 'greeting', '--input', '{"name":"Cy"}', '--virtual-time', '--verbose', ...ENV], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {6}\{"_aws":/m);
    expect(run.stdout).toContain('"function_request_id"');
    expect(run.stdout).not.toContain(SECRET);
  }, 60_000);

  it('colours only when asked: FORCE_COLOR on, NO_COLOR off (output captured here is not a terminal)', async () => {
    // Prepare
    const dir = scratchProject('cli');
    const argv = ['run', 'greeting', '--input', '{"name":"Di"}', '--virtual-time', ...ENV];
    // Act
    const forced = await runCli(argv, dir, { FORCE_COLOR: '1' });
    const off = await runCli(argv, dir, { NO_COLOR: '1' });
    // Assess
    expect(forced.stdout).toContain(`${ESCAPE}32mok`);
    expect(off.stdout).not.toContain(ESCAPE);
    expect(off.stdout).toMatch(/^ {2}ok +greet/m);
  }, 60_000);

  it('keeps --json to one object on stdout, the raw log lines on stderr', async () => {
    // Prepare
    const dir = scratchProject('cli');
    // Act
    const run = await runCli(['run', 'greeting', '--input', '{"name":"Ed"}', '--virtual-time', '--json', ...ENV], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout)).sort()).toEqual(['history', 'output', 'status']);
    expect(run.stderr).toMatch(/^\{"level":"INFO","message":"greeting someone"/m);
    expect(run.stderr).not.toContain(SECRET);
  }, 60_000);

  it('start --local prints the handler logs read and labelled with their state, without metric lines', async () => {
    // Prepare
    const dir = scratchProject('cli');
    // Act
    const start = await runCli(['start', 'greeting', '--input', '{"name":"Flo"}', '--local', '--virtual-time', ...ENV], dir);
    // Assess
    expect(start.code).toBe(0);
    expect(start.stderr).toMatch(/^ {2}\[greet\] INFO +greeting someone {2}name=Flo apiKey=\[REDACTED\]$/m);
    expect(start.stderr).not.toContain('_aws');
    expect(start.stdout + start.stderr).not.toContain(SECRET);
  }, 60_000);
});
