/**
 * The inspection commands, each run in its own copy of the fixture workspace: what they print
 * does not change when an example is added to or edited in the repository's workflows/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { scratchWorkspace } from '../../helpers/workspace.ts';

// Commands that only read share one copy; a test that breaks a file takes its own.
let shared: string;
beforeAll(() => {
  shared = scratchWorkspace();
});
const scratchProject = () => scratchWorkspace();

describe('Command: aethon validate', () => {
  it('passes on every example and exits 0', async () => {
    const run = await runCli(['validate'], shared);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok {6}workflows\/deploy-pipeline\.yaml: deploy-pipeline, 10 states, 6 functions$/m);
    expect(run.stdout).toMatch(/^ok {6}workflows\/nightly-etl\.yaml/m);
    expect(run.stdout).toMatch(/^ok {6}workflows\/user-onboarding\.yaml/m);
    // Only notes (what a key-only idempotency replays), one line each: no errors, no warnings.
    expect(run.stderr.split('\n').filter(Boolean)).toEqual(run.stderr.split('\n').filter((line) => / note idempotency-key-only: /.test(line)));
  });

  it('fails with located errors and a caret excerpt on a broken copy, exit 1', async () => {
    const dir = scratchProject();
    const file = join(dir, 'workflows', 'user-onboarding.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('next: chargeSetupFee', 'next: chrgeSetupFee'));
    const run = await runCli(['validate', 'user-onboarding'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('invalid workflows/user-onboarding.yaml: 1 error');
    expect(run.stderr).toMatch(
      /^workflows\/user-onboarding\.yaml:\d+:11: error unknown-step: unknown step 'chrgeSetupFee' in steps\.sendWelcomeEmail\.next; did you mean 'chargeSetupFee'\?/m,
    );
    expect(run.stderr).toMatch(/^ +\| +\^$/m);
  });

  it('prints machine-readable results with --json', async () => {
    const dir = scratchProject();
    writeFileSync(join(dir, 'workflows', 'broken.yaml'), 'name: broken\nsteps:\n  a: { type: pass }\n');
    const run = await runCli(['validate', '--json'], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.workflows.map((w: { file: string; ok: boolean }) => [w.file, w.ok])).toEqual([
      ['workflows/broken.yaml', false],
      ['workflows/deploy-pipeline.yaml', true],
      ['workflows/nightly-etl.yaml', true],
      ['workflows/user-onboarding.yaml', true],
    ]);
    expect(report.workflows[0].diagnostics[0]).toMatchObject({ code: 'missing-transition', line: 3, col: 3 });
  });
});

describe('Command: aethon asl / graph / list', () => {
  it('prints the compiled ASL of a workflow', async () => {
    const run = await runCli(['asl', 'nightly-etl'], shared);
    expect(run.code).toBe(0);
    const definition = JSON.parse(run.stdout);
    expect(definition).toMatchObject({ QueryLanguage: 'JSONata', StartAt: 'fetchFileList', TimeoutSeconds: 7200 });
    const [summary, ...environments] = run.stderr.trimEnd().split('\n');
    expect(summary).toBe('nightly-etl: 5 states, 4 functions');
    // Each function's declared environment, which the ASL does not show.
    expect(environments).toHaveLength(4);
    expect(environments).toContain(
      '  Function_notify environment: PARTNER_API_URL=ssm:/aethon/services/partner-api-url WAREHOUSE_API_URL=ssm:/aethon/services/warehouse-api-url NOTIFY_API_URL=ssm:/aethon/services/notify-api-url',
    );
  });

  it('prints the definition with its functions under --json', async () => {
    const run = await runCli(['asl', 'workflows/user-onboarding.yaml', '--json'], shared);
    const out = JSON.parse(run.stdout);
    expect(out.functions.map((f: { id: string }) => f.id)).toContain('Function_chargeSetupFee_Compensate');
    expect(out.stateCount).toBe(7);
    const charge = out.functions.find((f: { id: string }) => f.id === 'Function_chargeSetupFee');
    expect(charge.environment.PAYMENTS_API_URL).toEqual({ ssm: '/aethon/services/payments-api-url' });
  });

  it('prints a Mermaid flowchart', async () => {
    const run = await runCli(['graph', 'deploy-pipeline'], shared);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(run.stdout).toContain('s_verify -.->|"States.ALL"| s_Compensate_20_deploy');
  });

  it('lists the workflows as a table and as JSON', async () => {
    const table = await runCli(['list'], shared);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME +TYPE +STATES +TRIGGERS +VALID +FILE$/);
    expect(table.stdout).toMatch(/^nightly-etl +standard +5 +schedule +yes +workflows\/nightly-etl\.yaml$/m);
    const json = JSON.parse((await runCli(['list', '--json'], shared)).stdout);
    expect(json).toHaveLength(3);
  });
});

describe('Command: usage errors', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['asl'], /takes one workflow/],
    [['asl', 'nope'], /no workflow named 'nope' in workflows\/ \(there are: deploy-pipeline, nightly-etl, user-onboarding\)/],
    [['validate', '--bogus'], /unknown option '--bogus' for 'aethon validate'/],
    [[], /Usage: aethon/],
  ])('exits 2 for %j', async (argv, pattern) => {
    const run = await runCli(argv, shared);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(pattern);
  });

  it('prints help with exit codes and exits 0 for --help', async () => {
    const run = await runCli(['--help'], shared);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 {2}success\n {2}1 {2}a workflow is invalid/);
  });
});
