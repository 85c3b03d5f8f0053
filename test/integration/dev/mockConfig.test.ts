/**
 * Step Functions Local's mocking convention against `aethon dev`: a MockConfigFile given at start
 * and StartExecution on `<stateMachineArn>#<TestCaseName>`, so a suite written for Step Functions
 * Local runs unchanged.
 */
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

const ORDER_FLOW = JSON.stringify({
  StartAt: 'Charge',
  States: { Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'charge', 'Payload.$': '$' }, OutputPath: '$.Payload', End: true } },
});

describe('aethon dev: MockConfigFile test cases', { timeout: 30_000 }, () => {
  let server: DevServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function orderFlow(mockConfigFile?: string): Promise<{ sfn: SFNClient; arn: string }> {
    server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false, ...(mockConfigFile ? { mockConfigFile } : {}) });
    const sfn = sfnClientFor(server.endpoint);
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'OrderFlow', definition: ORDER_FLOW, roleArn: 'arn:aws:iam::123456789012:role/r' }));
    return { sfn, arn: stateMachineArn! };
  }

  it('runs each test case with its mocked responses', async () => {
    const { sfn, arn } = await orderFlow(join(PROJECT_ROOT, 'test/fixtures/dev/MockConfigFile.json'));

    const happy = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#HappyPath`, input: '{"order":1}' }));
    const declined = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Declined`, input: '{"order":2}' }));

    expect(await untilClosed(sfn, happy.executionArn!)).toBe('SUCCEEDED');
    expect(JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: happy.executionArn }))).output!)).toEqual({ charged: 42 });
    expect(await untilClosed(sfn, declined.executionArn!)).toBe('FAILED');
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: declined.executionArn }))).toMatchObject({ error: 'Payment.Declined', cause: 'card expired' });
  });

  it('refuses a test case the file does not have, naming it', async () => {
    const { sfn, arn } = await orderFlow(join(PROJECT_ROOT, 'test/fixtures/dev/MockConfigFile.json'));
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Nope`, name: 'n1' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Nope') });
  });

  it('says how to give a MockConfigFile when a test case is named without one', async () => {
    const { sfn, arn } = await orderFlow();
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#HappyPath` }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('SFN_MOCK_CONFIG') });
  });
});
