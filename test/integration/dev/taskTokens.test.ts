/** `.waitForTaskToken` tasks on `aethon dev`, answered with SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

const APPROVAL = JSON.stringify({
  StartAt: 'AskApproval',
  States: {
    AskApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals', MessageBody: { 'token.$': '$$.Task.Token', 'release.$': '$.release' } },
      HeartbeatSeconds: 600,
      End: true,
    },
  },
});

describe('aethon dev: task tokens', { timeout: 30_000 }, () => {
  let server: DevServer;
  let sfn: SFNClient;
  let machine: string;
  beforeEach(async () => {
    server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    sfn = sfnClientFor(server.endpoint);
    machine = (await sfn.send(new CreateStateMachineCommand({ name: 'approval', definition: APPROVAL, roleArn: 'arn:aws:iam::123456789012:role/r' }))).stateMachineArn!;
  });
  afterEach(async () => {
    await server.close();
  });

  /** The token the task sent, read from its TaskScheduled parameters once it is submitted. */
  async function tokenOf(executionArn: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const scheduled = events.find((e) => e.type === 'TaskScheduled');
      if (scheduled && events.some((e) => e.type === 'TaskSubmitted')) return JSON.parse(scheduled.taskScheduledEventDetails!.parameters!).MessageBody.token;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the task never waited for its token');
  }

  it('waits for SendTaskSuccess and continues with its output', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"release":"r-1"}' }));
    const token = await tokenOf(executionArn!);

    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));

    expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
    expect(JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output!)).toEqual({ approved: true });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('fails the task with SendTaskFailure, and refuses output that is not JSON', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"release":"r-2"}' }));
    const token = await tokenOf(executionArn!);

    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'yes' }))).rejects.toMatchObject({ name: 'InvalidOutput' });
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Release.Rejected', cause: 'not today' }));

    expect(await untilClosed(sfn, executionArn!)).toBe('FAILED');
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ error: 'Release.Rejected', cause: 'not today' });
  });
});
