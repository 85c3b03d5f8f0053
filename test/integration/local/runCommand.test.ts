import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

function fixtureProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-run-'));
  cpSync(join(PROJECT_ROOT, 'test', 'fixtures', 'project'), dir, { recursive: true });
  return dir;
}

describe('Command: aethon run', () => {
  it('runs a workflow and prints exactly one JSON object with --json; exit 0 on success', async () => {
    const dir = fixtureProject();
    const run = await runCli(['run', 'saga', '--input', '{"sku":"X"}', '--virtual-time', '--json'], dir);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result).sort()).toEqual(['history', 'output', 'status']);
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { shipped: true } });
    expect(result.history[0].type).toBe('ExecutionStarted');
  }, 60_000);

  it('prints a summary with the path, retries and error, and exits 1 when the execution fails', async () => {
    const dir = fixtureProject();
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ sku: 'X', chargeFailures: 1, fail: 'permanent' }));
    const run = await runCli(['run', 'saga', '--input', 'input.json', '--virtual-time'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/saga \S+: FAILED/);
    expect(run.stdout).toContain('states     6 visited, 1 retry');
    expect(run.stdout).toContain('path       reserve -> charge -> ship -> Compensate charge -> Compensate reserve -> Fail after compensation');
    expect(run.stdout).toContain('error      Aethon.Permanent');
  }, 60_000);

  it('runs any ASL file with a MockConfigFile test case', async () => {
    const dir = fixtureProject();
    writeFileSync(
      join(dir, 'order.asl.json'),
      JSON.stringify({
        StartAt: 'Charge',
        States: {
          Charge: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'charge', 'Payload.$': '$' },
            ResultSelector: { 'id.$': '$.Payload.id' },
            Retry: [{ ErrorEquals: ['Aethon.Retryable'], IntervalSeconds: 5, MaxAttempts: 3 }],
            End: true,
          },
        },
      }),
    );
    writeFileSync(
      join(dir, 'mocks.json'),
      JSON.stringify({
        StateMachines: { order: { TestCases: { Flaky: { Charge: 'FlakyCharge' } } } },
        MockedResponses: { FlakyCharge: { '0-1': { Throw: { Error: 'Aethon.Retryable', Cause: '503' } }, '2': { Return: { Payload: { id: 'ch_1' } } } } },
      }),
    );
    const run = await runCli(['run', '--definition', 'order.asl.json', '--mock-config', 'mocks.json', '--test-case', 'Flaky', '--virtual-time', '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'SUCCEEDED', output: { id: 'ch_1' } });
  }, 60_000);

  it.each([
    [['run'], /give a workflow name or --definition/],
    [['run', 'saga', '--definition', 'x.json'], /give a workflow name or --definition/],
    [['run', 'saga', '--input', '{nope'], /--input is not JSON/],
    [['run', 'saga', '--input', 'missing.json'], /--input: no such file missing\.json/],
    [['run', 'saga', '--mock-config', 'm.json'], /--mock-config and --test-case go together/],
    [['run', 'nope'], /no workflow named 'nope'/],
  ])('exits 2 for %j', async (argv, message) => {
    const run = await runCli(argv, fixtureProject());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 2 with located diagnostics for an invalid workflow', async () => {
    const dir = fixtureProject();
    writeFileSync(join(dir, 'workflows', 'broken.yaml'), 'name: broken\nsteps:\n  a: { type: pass, next: nowhere }\n');
    const run = await runCli(['run', 'broken'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/workflows\/broken\.yaml:3:\d+: error unknown-step: unknown step 'nowhere'/);
  });

  it('exits 2 naming the problem for an invalid definition', async () => {
    const dir = fixtureProject();
    writeFileSync(join(dir, 'bad.asl.json'), JSON.stringify({ StartAt: 'Nope', States: { A: { Type: 'Pass', End: true } } }));
    const run = await runCli(['run', '--definition', 'bad.asl.json'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Nope');
  });
});
