/** ListMapRuns and DescribeMapRun for a Distributed Map run on `aethon dev`. */
import { CreateStateMachineCommand, DescribeMapRunCommand, ListExecutionsCommand, ListMapRunsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

const FAN_OUT = JSON.stringify({
  StartAt: 'EachItem',
  States: {
    EachItem: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Double', States: { Double: { Type: 'Pass', End: true } } },
      Label: 'fan',
      End: true,
    },
  },
});

describe('aethon dev: Map Runs', { timeout: 30_000 }, () => {
  it('lists the Map Run of a Distributed Map and counts its child executions', async () => {
    const server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    try {
      const sfn = sfnClientFor(server.endpoint);
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'fan-out', definition: FAN_OUT, roleArn: 'arn:aws:iam::123456789012:role/r' }));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"items":[1,2,3]}' }));
      expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');

      const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
      expect(mapRuns).toHaveLength(1);
      expect(mapRuns[0]).toMatchObject({ executionArn, stateMachineArn });
      const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn: mapRuns[0]!.mapRunArn }));

      expect(described).toMatchObject({ status: 'SUCCEEDED', executionArn, itemCounts: { succeeded: 3, total: 3, failed: 0 } });
      await expect(sfn.send(new DescribeMapRunCommand({ mapRunArn: `${mapRuns[0]!.mapRunArn}x` }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
      const children = await sfn.send(new ListExecutionsCommand({ mapRunArn: mapRuns[0]!.mapRunArn, statusFilter: 'SUCCEEDED' }));
      expect(children.executions).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});
