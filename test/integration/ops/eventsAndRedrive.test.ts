import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executionNameFor } from '../../../lib/contracts/executionName.ts';
import { openExecutionStore } from '../../../lib/local/store/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './project.ts';

const event = (releaseId: string, ledger: string) => JSON.stringify({ Source: 'test.release', DetailType: 'ReleaseTagged', Detail: { releaseId, ledger } });
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);

async function storedExecutions(dir: string) {
  const store = await openExecutionStore(join(dir, '.aethon'));
  try {
    return await store.list({ stateMachineName: 'release' });
  } finally {
    await store.close();
  }
}

describe('Command: aethon send-event --local', () => {
  it('starts exactly one execution when the same event is sent 50 times concurrently', async () => {
    // Prepare
    const dir = scratchProject('ops');
    const ledger = join(dir, 'ledger.txt');
    // Act
    const runs = await Promise.all(Array.from({ length: 50 }, () => runCli(['send-event', event('r-1', ledger), '--local', '--json'], dir)));
    // Assess
    expect(runs.map((r) => r.code)).toEqual(Array(50).fill(0));
    const statuses = runs.map((r) => JSON.parse(r.stdout).matched[0].status);
    expect(statuses.filter((s) => s === 'started')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(49);
    const executions = await storedExecutions(dir);
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ name: executionNameFor('release', 'r-1'), status: 'SUCCEEDED' });
    expect(lines(ledger)).toEqual(['record r-1', 'publish r-1']);
  }, 60_000);

  it('says so when the event matches no trigger, and starts nothing', async () => {
    // Prepare
    const dir = scratchProject('ops');
    // Act
    const run = await runCli(['send-event', JSON.stringify({ Source: 'test.other', DetailType: 'ReleaseTagged', Detail: {} }), '--local'], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/matches no trigger; nothing was started\. Workflows with event triggers: release/);
    expect(existsSync(join(dir, '.aethon', 'executions'))).toBe(false);
  });

  it('refuses a malformed event with every problem, exit 2', async () => {
    // Act
    const run = await runCli(['send-event', '{"Source":"test.release","Detail":"{oops"}', '--local'], scratchProject('ops'));
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the event is not a valid PutEvents entry:\n  DetailType must be a non-empty string (it is missing)\n  Detail is not JSON');
  });

  it('refuses an event without the trigger\'s idempotency key, exit 1', async () => {
    // Act
    const run = await runCli(['send-event', JSON.stringify({ Source: 'test.release', DetailType: 'ReleaseTagged', Detail: { ledger: 'x' } }), '--local'], scratchProject('ops'));
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/release: the event has nothing at \$\.detail\.releaseId, the idempotency key of workflow 'release'; no execution was started/);
  });

  it('reads the event from a file, and refuses a missing file', async () => {
    // Prepare
    const dir = scratchProject('ops');
    writeFileSync(join(dir, 'event.json'), event('r-9', join(dir, 'ledger.txt')));
    // Act
    const ok = await runCli(['send-event', 'event.json', '--local'], dir);
    const missing = await runCli(['send-event', 'nope.json', '--local'], dir);
    // Assess
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`started release ${executionNameFor('release', 'r-9')}`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file nope\.json/);
  }, 30_000);
});

describe('Command: aethon start --local', () => {
  it('derives the same name as the event would, and reports a duplicate with exit 0', async () => {
    // Prepare
    const dir = scratchProject('ops');
    const ledger = join(dir, 'ledger.txt');
    await runCli(['send-event', event('r-2', ledger), '--local'], dir);
    // Act
    const fromInput = await runCli(['start', 'release', '--input', JSON.stringify({ releaseId: 'r-2', ledger }), '--local'], dir);
    const fromKey = await runCli(['start', 'release', '--input', JSON.stringify({ releaseId: 'r-2', ledger }), '--key', 'r-2', '--local', '--json'], dir);
    // Assess
    expect(fromInput.code).toBe(0);
    expect(fromInput.stdout).toContain(`execution ${executionNameFor('release', 'r-2')} of release already exists (SUCCEEDED); nothing new was started`);
    expect(JSON.parse(fromKey.stdout)).toMatchObject({ status: 'duplicate', name: executionNameFor('release', 'r-2'), executionStatus: 'SUCCEEDED' });
    expect(lines(ledger)).toEqual(['record r-2', 'publish r-2']);
  }, 30_000);

  it('refuses the same key with a different input', async () => {
    // Prepare
    const dir = scratchProject('ops');
    const ledger = join(dir, 'ledger.txt');
    await runCli(['start', 'release', '--input', JSON.stringify({ releaseId: 'r-3', ledger }), '--local'], dir);
    // Act
    const run = await runCli(['start', 'release', '--input', JSON.stringify({ releaseId: 'r-3', ledger, extra: true }), '--local'], dir);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already exists with a different input for the same idempotency key; nothing was started/);
  }, 30_000);

  it.each([
    [['start'], /takes one workflow/],
    [['start', 'release', '--input', '{"ledger":"x"}', '--local'], /the input has nothing at \$\.releaseId .*pass --key/],
    [['start', 'release', '--input', '{nope', '--local'], /--input is not JSON/],
    [['start', 'release', '--key', '', '--local'], /--key must not be empty/],
  ])('%j exits 2', async (argv, message) => {
    // Act
    const run = await runCli(argv, scratchProject('ops'));
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('Commands: aethon executions / execution / redrive --local', () => {
  it('redrives a failed execution to completion without repeating the completed idempotent step', async () => {
    // Prepare: publishing is blocked, so the execution fails at 'publish' after 'record' ran.
    const dir = scratchProject('ops');
    const ledger = join(dir, 'ledger.txt');
    writeFileSync(`${ledger}.blocked`, '');
    const first = await runCli(['send-event', event('r-5', ledger), '--local'], dir);
    const name = executionNameFor('release', 'r-5');
    const failed = await runCli(['executions', 'release', '--status', 'FAILED', '--local'], dir);
    const shown = await runCli(['execution', name, '--local'], dir);
    rmSync(`${ledger}.blocked`);
    // Act
    const redrive = await runCli(['redrive', name, '--local', '--json'], dir);
    // Assess
    expect(first.code).toBe(1);
    expect(failed.stdout).toMatch(new RegExp(`^${name} +FAILED +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ +\\d`, 'm'));
    expect(shown.stdout).toMatch(/^record +Task +SUCCEEDED +0 /m);
    expect(shown.stdout).toMatch(/^publish +Task +FAILED +0 +[\d.]+ m?s +Aethon\.Permanent: the registry refused r-5$/m);
    expect(redrive.code).toBe(0);
    const result = JSON.parse(redrive.stdout);
    expect(result).toMatchObject({ redriven: true, resumedFrom: 'publish', redriveCount: 1, execution: { name, status: 'SUCCEEDED', redriveCount: 1 } });
    // The variable 'record' assigned in the first attempt, and the redrive count, as AWS shows them.
    expect(result.execution.output).toEqual({ published: 'r-5', recordedLine: 'record r-5', redriveCount: 1 });
    expect(result.execution.path.map((v: { name: string; status: string }) => `${v.name} ${v.status}`)).toEqual(['record SUCCEEDED', 'publish FAILED', 'publish SUCCEEDED']);
    expect(lines(ledger)).toEqual(['record r-5', 'publish r-5']);
    const stored = await storedExecutions(dir);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.history.map((e) => e.id)).toEqual(stored[0]!.history.map((_, i) => i + 1));
    expect(stored[0]!.history.some((e) => e.type === 'ExecutionRedriven')).toBe(true);
  }, 60_000);

  it.each([
    [['redrive', 'nope', '--local'], 1, /no local execution 'nope'/],
    [['execution', 'nope', '--local'], 1, /no local execution 'nope'/],
    [['executions', 'release', '--status', 'BROKEN', '--local'], 2, /--status must be one of RUNNING, SUCCEEDED/],
    [['executions', 'release', '--limit', '0', '--local'], 2, /--limit takes a whole number from 1 to 1000/],
  ])('%j exits %i', async (argv, code, message) => {
    // Act
    const run = await runCli(argv, scratchProject('ops'));
    // Assess
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });

  it('refuses to redrive an execution that succeeded', async () => {
    // Prepare
    const dir = scratchProject('ops');
    await runCli(['send-event', event('r-6', join(dir, 'ledger.txt')), '--local'], dir);
    // Act
    const run = await runCli(['redrive', executionNameFor('release', 'r-6'), '--local'], dir);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is SUCCEEDED; only FAILED, TIMED_OUT or ABORTED executions can be redriven/);
  }, 30_000);
});
