import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { scratchProject } from './scratchProject.ts';

/** Runs vitest on one file of `dir`, as the project's developer would (`npx vitest run <file>`). */
function vitestIn(dir: string, file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', file], {
      cwd: dir,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('Command: aethon new', () => {
  it('writes a workflow, its handlers and a test into --dir; the workflow validates and its test passes', async () => {
    // Prepare: an empty project whose node_modules has aethon and vitest, as after npm install
    const root = scratchProject();
    symlinkSync(join(PROJECT_ROOT, 'node_modules', 'vitest'), join(root, 'node_modules', 'vitest'), 'dir');
    const outside = scratchProject();
    // Act
    const created = await runCli(['new', 'tenant-setup', '--dir', root], outside);
    const validated = await runCli(['validate', 'tenant-setup'], root);
    const tested = await vitestIn(root, 'test/workflows/tenant-setup.test.ts');
    // Assess
    expect(created.code).toBe(0);
    for (const file of ['workflows/tenant-setup.yaml', 'functions/tenant-setup/checkRequest.ts', 'functions/tenant-setup/createRecord.ts', 'test/workflows/tenant-setup.test.ts']) {
      expect(existsSync(join(root, file))).toBe(true);
      expect(created.stdout).toContain(`  ${file}\n`);
    }
    expect(created.stdout).toContain('npx vitest run test/workflows/tenant-setup.test.ts');
    expect(created.stdout).not.toContain('npm install --save-dev vitest');
    expect(created.stdout).toContain('--env TENANT_SETUP_API_URL=http://127.0.0.1:8080\n      (needs your service, or a stand-in, on that port');
    expect(readFileSync(join(root, 'functions/tenant-setup/createRecord.ts'), 'utf8')).toContain("from 'aethon/runtime'");
    expect(validated.code).toBe(0);
    expect(validated.stdout + validated.stderr).not.toMatch(/warning|error|note/);
    expect(tested.output).toMatch(/Tests +4 passed \(4\)/);
    expect(tested.code).toBe(0);
  }, 180_000);

  it("imports the sources by path inside Aethon's own repository, as the examples do", async () => {
    // Prepare
    const root = scratchProject();
    writeFileSync(join(root, 'package.json'), '{"name":"aethon"}');
    // Act
    const created = await runCli(['new', 'report'], root);
    // Assess
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('npm install --save-dev vitest');
    expect(readFileSync(join(root, 'functions/report/checkRequest.ts'), 'utf8')).toContain("from '../../lib/runtime/index.ts'");
    expect(readFileSync(join(root, 'test/workflows/report.test.ts'), 'utf8')).toContain("from '../../lib/testing/index.ts'");
    expect(readFileSync(join(root, 'workflows/report.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/workflow\.schema\.json$/m);
  });

  it.each([
    ['bad name', /'bad name' is not a valid workflow name: use letters, digits, - and _/],
    ['a.b', /'a\.b' is not a valid workflow name/],
    ['x'.repeat(81), /at most 80 characters/],
  ])('refuses the invalid name %j with exit 2 and writes nothing', async (name, message) => {
    // Prepare
    const root = scratchProject();
    // Act
    const run = await runCli(['new', name], root);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(join(root, 'workflows'))).toBe(false);
  });

  it('refuses a name that is taken, and a file it would overwrite, writing nothing', async () => {
    // Prepare
    const root = scratchProject('cli');
    mkdirSync(join(root, 'test', 'workflows'), { recursive: true });
    writeFileSync(join(root, 'test', 'workflows', 'billing.test.ts'), '// mine\n');
    // Act
    const taken = await runCli(['new', 'Greeting'], root);
    const overwrite = await runCli(['new', 'billing'], root);
    // Assess
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("a workflow named 'greeting' already exists (workflows/greeting.yaml); choose another name");
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toContain('test/workflows/billing.test.ts already exists; nothing was written');
    expect(existsSync(join(root, 'workflows', 'billing.yaml'))).toBe(false);
    expect(readFileSync(join(root, 'test', 'workflows', 'billing.test.ts'), 'utf8')).toBe('// mine\n');
  });

  it('refuses no name or two names with a pointer to its help', async () => {
    // Act
    const none = await runCli(['new'], scratchProject());
    // Assess
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("'aethon new' takes one workflow name");
    expect(none.stderr).toContain("Run 'aethon new --help'");
  });
});
