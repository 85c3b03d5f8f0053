/** Per-command help and options: `aethon <command> --help`, refused options, "did you mean". */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../lib/cli/commandTable/index.ts';
import { HELP } from '../../../lib/cli/main.ts';
import { OPTIONS, type OptionName } from '../../../lib/cli/help/options.ts';
import { runCli } from '../../helpers/cli.ts';

const NAMES = COMMANDS.map((command) => command.name);

describe('Command: aethon --help', () => {
  it('lists every command with an example, and the exit codes', async () => {
    // Act
    const run = await runCli(['--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(HELP);
    for (const name of [...NAMES, 'idempotency list', 'idempotency clear', 'dead-letters replay', 'config get', 'config set', 'config history', 'config rollback', 'run --definition']) {
      expect(HELP).toMatch(new RegExp(`^  ${name}\\b[\\s\\S]*?e\\.g\\. aethon ${name.split(' ')[0]}`, 'm'));
    }
    expect(HELP).toMatch(/^Exit codes:\n  0  success\n  1 .*\n  2  usage error/m);
  });

  it('prints the global help and exits 2 when no command is given', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(HELP);
  });
});

describe.each(COMMANDS.map((command) => [command.name, command] as const))('Command: aethon %s --help', (name, command) => {
  it("prints the command's usage, options, examples and exit codes, not the global help", async () => {
    // Act
    const run = await runCli([name, '--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^Usage: aethon ${name}\\b`));
    expect(run.stdout).not.toContain('Commands:');
    for (const option of command.options) expect(run.stdout).toContain(`--${option.name}`);
    expect(run.stdout).toMatch(/\nOptions:\n[\s\S]*-h, --help[\s\S]*\nExamples:\n {2}aethon [\s\S]*\nExit codes:\n {2}0 /);
    for (const example of command.examples) expect(example.startsWith(`aethon ${name}`)).toBe(true);
  });

  it("is the same with -h and as 'aethon help <command>', whatever else is on the line", async () => {
    const expected = (await runCli([name, '--help'])).stdout;
    expect((await runCli(['help', name])).stdout).toBe(expected);
    expect((await runCli([name, 'some-argument', '-h'])).stdout).toBe(expected);
    expect((await runCli([name, '--not-an-option', '--help'])).stdout).toBe(expected);
  });

  it('refuses, with exit 2, an option it does not take and names the commands that do', async () => {
    // Prepare
    const foreign = (Object.keys(OPTIONS) as OptionName[]).find((option) => !command.options.some((taken) => taken.name === option) && option !== 'help');
    if (foreign === undefined) throw new Error(`${name} takes every option; pick another case`);
    const owners = COMMANDS.filter((other) => other.options.some((taken) => taken.name === foreign)).map((other) => other.name);

    // Act
    const run = await runCli([name, `--${foreign}`, ...(OPTIONS[foreign].type === 'string' ? ['x'] : [])]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`'aethon ${name}' does not take --${foreign}; `);
    for (const owner of owners) expect(run.stderr).toContain(owner);
    expect(run.stderr).toContain(`Run 'aethon ${name} --help'`);
  });
});

describe('Command: option typos', () => {
  it.each([
    [['run', 'nightly-etl', '--inptu', '{}'], "unknown option '--inptu' for 'aethon run'; did you mean --input?"],
    [['run', '--definiton', 'x.json'], 'did you mean --definition?'],
    [['run', 'nightly-etl', '--virtual-tme'], 'did you mean --virtual-time?'],
    [['idempotency', 'list', 'user-onboarding', '--stpe', 'createUser'], 'did you mean --step?'],
    [['executions', 'nightly-etl', '--limt', '5'], 'did you mean --limit?'],
    [['config', 'set', 'deploy-pipeline', 'a=1', '--reasn', 'why'], 'did you mean --reason?'],
    [['dead-letters', 'replay', '--dryrun'], 'did you mean --dry-run?'],
    [['validate', '--jsno'], 'did you mean --json?'],
  ])('%j: exit 2, the closest option of that command', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('suggests nothing when no option of the command is close', async () => {
    const run = await runCli(['list', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aethon: unknown option '--frobnicate' for 'aethon list'\n/);
    expect(run.stderr).not.toContain('did you mean');
  });

  it('reports a missing value or a value given to a flag, with exit 2', async () => {
    const missing = await runCli(['run', 'nightly-etl', '--input']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'--input <value>' argument missing");
    const flag = await runCli(['list', '--json=yes']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("'--json' does not take an argument");
  });
});

describe('Command: unknown commands', () => {
  it.each([
    ['lsit', 'list'],
    ['valdate', 'validate'],
    ['idempotencey', 'idempotency'],
    ['deadletters', 'dead-letters'],
    ['exection', 'execution'],
    ['hepl', 'help'],
  ])("'%s': exit 2, did you mean '%s'?", async (typed, meant) => {
    const run = await runCli([typed]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`unknown command '${typed}'; did you mean '${meant}'?`);
  });

  it('suggests nothing for a word close to no command, also after help', async () => {
    for (const argv of [['frobnicate'], ['help', 'frobnicate']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^aethon: unknown command 'frobnicate'\nRun 'aethon --help'/);
    }
  });
});
