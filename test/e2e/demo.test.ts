/** `npm start`: every scenario of the demo ends as it should, and it says what to try next. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('Command: aethon demo', () => {
  it('runs the example workflows end to end against mock services and exits 0', async () => {
    const run = await runCli(['demo']);
    expect(run.stdout).toContain('7 of 7 scenarios ended as expected.');
    expect(run.stdout).toMatch(/WARN +fetchFileList \(attempt 1\): step failed Aethon\.Retryable: GET http:\/\/127\.0\.0\.1:\d+\/files answered 503/);
    expect(run.stdout).toContain('path       createUser -> sendWelcomeEmail -> chargeSetupFee -> provisionWorkspace -> Compensate chargeSetupFee -> Compensate createUser -> Fail after compensation');
    expect(run.stdout).toContain('What to try next:');
    expect(run.stdout).not.toContain('demo-payments-key');
    expect(run.code).toBe(0);
  }, 180_000);
});
