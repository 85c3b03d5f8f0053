/**
 * The child executions of a Distributed Map run through the CLI: `aethon execution` lists an
 * execution's Map Runs, `aethon executions --map-run <arn>` their children, on AWS (SDK mocked),
 * through a running `aethon dev`, and from the local store.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { copyDevProject, sfnClientFor, untilClosed } from '../dev/devProject.ts';

/** Three items, each a child execution of one Map Run; the item 2 fails. */
const FAN_OUT = {
  StartAt: 'EachItem',
  States: {
    EachItem: {
      Type: 'Map',
      ItemsPath: '$.items',
      ToleratedFailureCount: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Check',
        States: { Check: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Refuse' }], Default: 'Keep' }, Refuse: { Type: 'Fail', Error: 'Item.Refused' }, Keep: { Type: 'Pass', End: true } },
      },
      End: true,
    },
  },
};

type Row = { name: string; status: string; stateMachineName: string };

describe('Map Run children through the CLI', { timeout: 60_000 }, () => {
  describe('on AWS', () => {
    // Mocked for these tests only: the local ones below talk to a real server.
    const mockSfn = () => mockClient(SFNClient);
    let sfn: ReturnType<typeof mockSfn>;
    beforeEach(() => {
      sfn = mockSfn();
    });
    afterEach(() => sfn.restore());
    const MAP_RUN = 'arn:aws:states:eu-west-1:111122223333:mapRun:import-orders/ImportRows:5e1b2c3d-aaaa-bbbb-cccc-1234567890ab';
    const EXEC = 'arn:aws:states:eu-west-1:111122223333:execution:import-orders:run-1';
    const at = new Date('2026-11-28T03:00:00.000Z');

    it('lists the child executions of a Map Run with ListExecutions mapRunArn, and an execution its Map Runs', async () => {
      // Prepare
      sfn.on(ListExecutionsCommand, { mapRunArn: MAP_RUN }).resolves({
        executions: [
          { executionArn: 'arn:aws:states:eu-west-1:111122223333:execution:import-orders/ImportRows:c1', stateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:import-orders/ImportRows', name: 'c1', status: 'FAILED', startDate: at, stopDate: new Date(at.getTime() + 2000) },
        ],
      });
      sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXEC, stateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:import-orders', name: 'run-1', status: 'SUCCEEDED', startDate: at, input: '{}' });
      sfn.on(GetExecutionHistoryCommand).resolves({
        events: [
          { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: at },
          { id: 2, previousEventId: 0, type: 'MapStateEntered', timestamp: at, stateEnteredEventDetails: { name: 'ImportRows', input: '{}' } },
          { id: 3, previousEventId: 2, type: 'MapStateStarted', timestamp: at, mapStateStartedEventDetails: { length: 0 } },
          { id: 4, previousEventId: 3, type: 'MapRunStarted', timestamp: at, mapRunStartedEventDetails: { mapRunArn: MAP_RUN } },
          { id: 5, previousEventId: 4, type: 'MapRunSucceeded', timestamp: at },
        ],
      });
      const cwd = mkdtempSync(join(tmpdir(), 'aethon-maprun-'));

      // Act
      const children = await runCli(['executions', '--map-run', MAP_RUN, '--status', 'failed', '--region', 'eu-west-1', '--json'], cwd);
      const shown = await runCli(['execution', EXEC, '--region', 'eu-west-1'], cwd);
      const typo = await runCli(['executions', '--map-run', 'arn:aws:states:eu-west-1:111122223333:execution:import-orders:run-1', '--region', 'eu-west-1'], cwd);

      // Assess
      expect(children.code).toBe(0);
      expect(JSON.parse(children.stdout)).toEqual([expect.objectContaining({ name: 'c1', status: 'FAILED', stateMachineName: 'import-orders/ImportRows', durationMs: 2000 })]);
      expect(sfn.commandCalls(ListExecutionsCommand)[0]!.args[0].input).toMatchObject({ mapRunArn: MAP_RUN, statusFilter: 'FAILED' });
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`map run    ImportRows: ${MAP_RUN}`);
      expect(shown.stdout).toContain('aethon executions --map-run <arn>');
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain("--map-run takes a Map Run ARN");
    });
  });

  describe('locally', () => {
    let server: DevServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('reads them from the store when no dev server runs', async () => {
      // Prepare: 'aethon run' records the parent and each child
      const project = mkdtempSync(join(tmpdir(), 'aethon-maprun-'));
      writeFileSync(join(project, 'fan-out.asl.json'), JSON.stringify(FAN_OUT));
      const run = await runCli(['run', '--definition', 'fan-out.asl.json', '--input', '{"items":[1,2,3]}'], project, { NO_COLOR: '1' });
      const parentName = /^fan-out (\S+): SUCCEEDED$/m.exec(run.stdout)?.[1];
      expect(parentName).toBeDefined();

      // Act
      const shown = JSON.parse((await runCli(['execution', parentName!, '--local', '--json'], project)).stdout) as { mapRuns: { mapRunArn: string; stateName: string }[] };
      const children = await runCli(['executions', '--map-run', shown.mapRuns[0]!.mapRunArn, '--local', '--json'], project);
      const failed = await runCli(['executions', '--map-run', shown.mapRuns[0]!.mapRunArn, '--local', '--status', 'FAILED', '--json'], project);
      const unknown = await runCli(['executions', '--map-run', `${shown.mapRuns[0]!.mapRunArn}0`, '--local'], project);

      // Assess
      expect(shown.mapRuns).toEqual([{ mapRunArn: expect.stringContaining(':mapRun:fan-out/'), stateName: 'EachItem' }]);
      expect(children.code).toBe(0);
      expect((JSON.parse(children.stdout) as Row[]).map((row) => row.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
      expect(JSON.parse(failed.stdout)).toHaveLength(1);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no child executions of Map Run');
    });

    it('asks a running aethon dev (ListExecutions mapRunArn)', async () => {
      // Prepare
      const project = copyDevProject();
      server = await startDevServer({ projectRoot: project, port: 0 });
      const sfn = sfnClientFor(server.endpoint);
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'fan-out', definition: JSON.stringify(FAN_OUT), roleArn: 'arn:aws:iam::123456789012:role/r' }));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'fan-1', input: '{"items":[1,2,3]}' }));
      expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');

      // Act
      const shown = await runCli(['execution', 'fan-1', '--local', '--json'], project);
      const mapRunArn = (JSON.parse(shown.stdout) as { mapRuns: { mapRunArn: string }[] }).mapRuns[0]!.mapRunArn;
      const children = await runCli(['executions', '--map-run', mapRunArn, '--local', '--json'], project);
      const unknown = await runCli(['executions', '--map-run', `${mapRunArn}0`, '--local'], project);

      // Assess
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain(`no Map Run ${mapRunArn}0; 'aethon execution <name>' lists the Map Runs`);
      expect(children.code).toBe(0);
      expect((JSON.parse(children.stdout) as Row[]).map((row) => row.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    });
  });
});
