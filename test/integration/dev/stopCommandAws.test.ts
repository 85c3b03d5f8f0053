/** `aethon stop` on AWS, through the CLI with the SFN client mocked: what is sent, what is refused. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';
import { runCli } from '../../helpers/cli.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

registerSdkMatchers();

const sfn = mockClient(SFNClient);
const SM = 'arn:aws:states:eu-west-1:111122223333:stateMachine:pause-and-greet-prod';
const EXEC = 'arn:aws:states:eu-west-1:111122223333:execution:pause-and-greet-prod:r-42';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-stop-'));
  cpSync(join(PROJECT_ROOT, 'test/fixtures/dev/project'), dir, { recursive: true });
  return dir;
}

beforeEach(() => sfn.reset());

describe('Command: aethon stop (AWS)', { timeout: 30_000 }, () => {
  it('sends StopExecution with the error and cause, for an execution given by name and state machine', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, status: 'RUNNING', stateMachineArn: SM, startDate: new Date() });
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date('2026-12-04T08:00:00.000Z') });

    // Act
    const run = await runCli(['stop', 'r-42', '--state-machine-arn', SM, '--error', 'Ops.Cancelled', '--cause', 'release withdrawn', '--region', 'eu-west-1'], project());

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(sfn).toReceiveCommandWith(StopExecutionCommand, { executionArn: EXEC, error: 'Ops.Cancelled', cause: 'release withdrawn' });
    expect(run.stdout).toContain(`stopped ${EXEC} at 2026-12-04T08:00:00.000Z`);
  });

  it('refuses an execution that has already ended, sending no StopExecution', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, status: 'SUCCEEDED', stateMachineArn: SM, startDate: new Date() });

    const run = await runCli(['stop', EXEC, '--json'], project());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('has already ended (SUCCEEDED)');
    expect(sfn).toReceiveCommandTimes(StopExecutionCommand, 0);
  });

  it('says when the execution does not exist', async () => {
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));

    const run = await runCli(['stop', EXEC], project());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(EXEC);
  });

  it('needs the workflow to find an execution by name', async () => {
    const run = await runCli(['stop', 'r-42'], project());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--workflow');
  });
});
