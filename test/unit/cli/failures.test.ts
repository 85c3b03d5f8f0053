/** Input and surroundings that used to end in a stack trace: one clear line and exit 2 instead. */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../lib/cli/io.ts';
import { main } from '../../../lib/cli/main.ts';
import { openExecutionStore } from '../../../lib/local/store/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

/** A project with a Pass-only workflow that has config, and a Pass-only ASL file. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-failures-'));
  mkdirSync(join(dir, 'workflows'));
  mkdirSync(join(dir, 'a-folder'));
  writeFileSync(join(dir, 'workflows', 'knobs.yaml'), 'name: knobs\nconfig:\n  schema: { type: object, properties: { k1: { type: integer } } }\n  defaults: { k1: 0 }\nsteps:\n  done: { type: pass, end: true }\n');
  writeFileSync(join(dir, 'workflows', 'hook.yaml'), 'name: hook\ntriggers:\n  - event:\n      pattern: { source: [t.hook] }\n      input: $.detail\nsteps:\n  done: { type: pass, end: true }\n');
  writeFileSync(join(dir, 'pass.asl.json'), JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }));
  return dir;
}

function expectOneLine(stderr: string, message: RegExp): void {
  expect(stderr).toMatch(message);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.split('\n').filter((line) => line.startsWith('aethon: '))).toHaveLength(1);
}

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('CLI: failures as one line, exit 2', () => {
  it.each([
    ['run', '--definition', 'pass.asl.json', '--input', deep(100_000)],
    ['start', 'knobs', '--local', '--input', deep(100_000)],
  ])('refuses deeply nested JSON input: %j', async (...argv) => {
    // Act
    const run = await runCli(argv, project());
    // Assess
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, /--input nests deeper than 500 levels/);
  });

  it.each([
    [['run', '--definition', 'a-folder'], /--definition: a-folder is a directory, not a file/],
    [['run', '--definition', 'pass.asl.json', '--input', 'a-folder'], /--input: a-folder is a directory, not a file/],
    [['start', 'knobs', '--local', '--input', 'a-folder'], /--input: a-folder is a directory, not a file/],
  ])('refuses a directory given as a file: %j', async (argv, message) => {
    // Act
    const run = await runCli(argv, project());
    // Assess
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, message);
  });

  it('says which path under .aethon cannot be written when .aethon is not a folder', async () => {
    // Prepare
    const dir = project();
    writeFileSync(join(dir, '.aethon'), 'a file where the folder should be');
    // Act
    const set = await runCli(['config', 'set', 'knobs', 'k1=1', '--local'], dir);
    const start = await runCli(['start', 'knobs', '--local'], dir);
    // Assess
    for (const run of [set, start]) {
      expect(run.code).toBe(2);
      expectOneLine(run.stderr, /^aethon: cannot \w+ .*\.aethon.*: a part of the path is a file, not a folder \(ENOTDIR\)$/m);
    }
  });

  it('says permission denied (EACCES) on a .aethon folder it may not write', async () => {
    // Prepare: a .aethon folder the CLI may not write (as root, which may write anywhere, the CLI
    // runs as nobody, a real process without the right)
    const dir = project();
    mkdirSync(join(dir, '.aethon'));
    chmodSync(join(dir, '.aethon'), 0o500);
    // Act
    const run = process.getuid?.() === 0 ? await runAsNobody(['config', 'set', 'knobs', 'k1=1', '--local'], dir) : await runCli(['config', 'set', 'knobs', 'k1=1', '--local'], dir);
    // Assess
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, /permission denied; check the owner and mode .*\(EACCES\)/);
  });

  it('describes an error whose cause is itself in one line', () => {
    // Prepare
    const error = new Error('outer');
    (error as { cause?: unknown }).cause = error;
    const chain = new TypeError('top', { cause: error });
    // Act
    const line = describeFailure(chain);
    // Assess
    expect(line).toBe('TypeError: top: caused by Error: outer');
  });

  it('keeps the result of a finished run when printing it fails: says how it ended, records it, exits by its status', async () => {
    // Prepare
    const dir = project();
    let stderr = '';
    // Act
    const code = await main(['run', '--definition', 'pass.asl.json', '--json'], {
      stdout: {
        write: () => {
          throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      cwd: dir,
      env: {},
    });
    // Assess
    expect(code).toBe(0);
    expect(stderr).toMatch(/^pass \S+: SUCCEEDED; the result could not be printed: write EPIPE$/m);
    const store = await openExecutionStore(join(dir, '.aethon'));
    try {
      expect((await store.list()).map((r) => r.status)).toEqual(['SUCCEEDED']);
    } finally {
      await store.close();
    }
  });

  it('says how the executions an event started ended when printing the JSON result fails', async () => {
    // Prepare
    let stderr = '';
    // Act
    const code = await main(['send-event', '{"Source":"t.hook","DetailType":"x","Detail":{}}', '--local', '--json'], {
      stdout: {
        write: () => {
          throw new Error('write EPIPE');
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      cwd: project(),
      env: {},
    });
    // Assess
    expect(code).toBe(0);
    expect(stderr).toMatch(/^hook \S+: SUCCEEDED; the result could not be printed \(write EPIPE\)$/m);
  });

  it('finishes and records a run whose stdout reader went away (EPIPE), with one line instead of a trace', async () => {
    // Prepare
    const dir = project();
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'aethon.js'), 'run', '--definition', 'pass.asl.json', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Act
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    // Assess
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    const store = await openExecutionStore(join(dir, '.aethon'));
    try {
      expect((await store.list()).map((r) => r.status)).toEqual(['SUCCEEDED']);
    } finally {
      await store.close();
    }
  }, 60_000);
});

/** The CLI in a process of the unprivileged user nobody (setpriv, util-linux), in a folder it may read. */
function runAsNobody(argv: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  chmodSync(cwd, 0o755);
  for (const file of ['workflows', 'workflows/knobs.yaml', 'workflows/hook.yaml']) chmodSync(join(cwd, file), file.endsWith('.yaml') ? 0o644 : 0o755);
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(PROJECT_ROOT, 'bin', 'aethon.js'), ...argv], {
      cwd,
      env: { ...process.env, HOME: cwd, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}
