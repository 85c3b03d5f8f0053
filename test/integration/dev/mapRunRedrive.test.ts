/**
 * RedriveExecution on `aethon dev` redrives the Map Run of a failed Distributed Map, as AWS does:
 * same Map Run ARN, MapRunRedriven, only the child that failed runs again (redriven itself), and
 * DescribeMapRun / ListMapRuns / ListExecutions(mapRunArn) show it. The Map Run's children are read
 * back from the store, so it works after a restart of the server too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type ExecutionListItem,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

// Items run one at a time: 'flaky' (last) fails until its child execution is redriven.
const FLAKY_FAN_OUT = readFileSync(join(PROJECT_ROOT, 'test/fixtures/dev/mapRunRedrive/flaky-fan-out.asl.json'), 'utf8');
// The same, but the redriven 'flaky' child then lingers 3 real seconds: the server can be killed inside the redrive's Map Run.
const LINGERING_FAN_OUT = readFileSync(join(PROJECT_ROOT, 'test/fixtures/dev/mapRunRedrive/lingering-fan-out.asl.json'), 'utf8');
const INPUT = JSON.stringify({ items: ['a', 'b', 'flaky'] });

async function historyOf(sfn: SFNClient, executionArn: string) {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

async function childrenOf(sfn: SFNClient, mapRunArn: string): Promise<ExecutionListItem[]> {
  return (await sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions ?? [];
}

/** Starts the fan-out on a fresh server and lets it fail; returns the project, its execution and its Map Run. */
async function failedFanOut(definition = FLAKY_FAN_OUT): Promise<{ projectRoot: string; server: DevServer; sfn: SFNClient; executionArn: string; mapRunArn: string }> {
  const projectRoot = copyDevProject();
  const server = await startDevServer({ projectRoot, port: 0, announce: false });
  const sfn = sfnClientFor(server.endpoint);
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'flaky-fan-out', definition, roleArn: 'arn:aws:iam::123456789012:role/r' }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'fan-1', input: INPUT }));
  expect(await untilClosed(sfn, executionArn!)).toBe('FAILED');
  const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
  expect(mapRuns).toHaveLength(1);
  return { projectRoot, server, sfn, executionArn: executionArn!, mapRunArn: mapRuns[0]!.mapRunArn! };
}

/** Redrives the parent and checks that only the failed child ran again, under its own ARN. */
async function expectMapRunRedriven(sfn: SFNClient, executionArn: string, mapRunArn: string, before: readonly ExecutionListItem[]): Promise<void> {
  const childHistories = new Map(await Promise.all(before.map(async (child) => [child.executionArn!, (await historyOf(sfn, child.executionArn!)).length] as const)));

  const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));
  expect(await untilClosed(sfn, executionArn)).toBe('SUCCEEDED');

  const parent = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  expect(JSON.parse(parent.output!)).toEqual([{ done: 'a' }, { done: 'b' }, { done: 'flaky' }]);
  const events = await historyOf(sfn, executionArn);
  expect(events.filter((e) => e.type === 'MapRunStarted')).toHaveLength(1);
  expect(events.filter((e) => e.type === 'MapRunRedriven').map((e) => e.mapRunRedrivenEventDetails)).toEqual([{ mapRunArn, redriveCount: 1 }]);

  const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
  expect(mapRuns.map((run) => run.mapRunArn)).toEqual([mapRunArn]);
  const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  expect(described).toMatchObject({ status: 'SUCCEEDED', executionArn, redriveCount: 1, itemCounts: { succeeded: 3, failed: 0, total: 3 }, executionCounts: { succeeded: 3, failed: 0, total: 3 } });
  // The Map Run is redriven when the redriven parent reaches its state again: at or after the execution's redrive.
  const mapRunRedriven = events.find((e) => e.type === 'MapRunRedriven')!;
  expect(described.redriveDate?.getTime()).toBe(mapRunRedriven.timestamp!.getTime());
  expect(described.redriveDate!.getTime()).toBeGreaterThanOrEqual(redriveDate!.getTime());
  expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.redriveDate!.getTime());

  const after = await childrenOf(sfn, mapRunArn);
  expect(after.map((child) => child.executionArn).sort()).toEqual(before.map((child) => child.executionArn).sort());
  expect(after.every((child) => child.status === 'SUCCEEDED')).toBe(true);
  const flaky = before.find((child) => child.status === 'FAILED')!;
  // ListExecutions items carry the redrives as AWS lists them: the parent's and the redriven child's.
  expect(after.every((child) => child.mapRunArn === mapRunArn)).toBe(true);
  expect(after.map((child) => [child.executionArn === flaky.executionArn, child.redriveCount, child.redriveDate !== undefined]).sort()).toEqual([
    [false, 0, false],
    [false, 0, false],
    [true, 1, true],
  ]);
  const { executions: listed = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: parent.stateMachineArn }));
  expect(listed.map((item) => [item.executionArn, item.redriveCount])).toEqual([[executionArn, 1]]);
  expect(listed[0]!.redriveDate?.getTime()).toBe(redriveDate!.getTime());
  expect(parent.redriveDate?.getTime()).toBe(redriveDate!.getTime());
  for (const child of before) {
    const history = await historyOf(sfn, child.executionArn!);
    if (child.executionArn === flaky.executionArn) {
      // Redriven from its failed state: its first attempt kept, then ExecutionRedriven and the rest.
      expect(history.length).toBeGreaterThan(childHistories.get(child.executionArn!)!);
      expect(history.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
      expect(history.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn }))).redriveCount).toBe(1);
    } else {
      // A child that had succeeded did not run again.
      expect(history).toHaveLength(childHistories.get(child.executionArn!)!);
    }
  }
}

describe('aethon dev: RedriveExecution redrives the Map Run', { timeout: 60_000 }, () => {
  it('reruns only the failed item of the same Map Run, and the execution succeeds', async () => {
    const { server, sfn, executionArn, mapRunArn } = await failedFanOut();
    try {
      const failedRun = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      expect(failedRun).toMatchObject({ status: 'FAILED', redriveCount: 0, itemCounts: { succeeded: 2, failed: 1, total: 3 } });
      expect(failedRun.redriveDate).toBeUndefined();
      const before = await childrenOf(sfn, mapRunArn);
      expect(before.map((child) => child.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
      const { executions: listed = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: executionArn.replace(':execution:', ':stateMachine:').replace(/:fan-1$/, '') }));
      expect(listed.map((item) => [item.name, item.redriveCount, item.redriveDate])).toEqual([['fan-1', 0, undefined]]);
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).redriveDate).toBeUndefined();

      await expectMapRunRedriven(sfn, executionArn, mapRunArn, before);
    } finally {
      await server.close();
    }
  });

  it('finds the Map Run children in the store after a restart', async () => {
    const first = await failedFanOut();
    const before = await childrenOf(first.sfn, first.mapRunArn);
    await first.server.close();

    const server = await startDevServer({ projectRoot: first.projectRoot, port: 0, announce: false });
    try {
      await expectMapRunRedriven(sfnClientFor(server.endpoint), first.executionArn, first.mapRunArn, before);
    } finally {
      await server.close();
    }
  });

  it('continues the same Map Run when the server is killed while the redrive runs it', async () => {
    const first = await failedFanOut(LINGERING_FAN_OUT);
    const before = await childrenOf(first.sfn, first.mapRunArn);
    await first.sfn.send(new RedriveExecutionCommand({ executionArn: first.executionArn }));
    // Inside the redrive's Map Run: its MapRunRedriven is checkpointed and the 'flaky' child lingers.
    for (let polls = 0; !(await historyOf(first.sfn, first.executionArn)).some((e) => e.type === 'MapRunRedriven'); polls++) {
      if (polls > 200) throw new Error('the redrive never reached its Map Run');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // As kill -9 leaves it: checkpoints frozen, the execution RUNNING in the store.
    await first.server.close();

    const server = await startDevServer({ projectRoot: first.projectRoot, port: 0, announce: false });
    try {
      const sfn = sfnClientFor(server.endpoint);
      expect(server.plane.resumed).toBe(1);
      expect(await untilClosed(sfn, first.executionArn)).toBe('SUCCEEDED');

      const parent = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
      expect(JSON.parse(parent.output!)).toEqual([{ done: 'a' }, { done: 'b' }, { done: 'flaky' }]);
      expect(parent.redriveCount).toBe(1);
      const events = await historyOf(sfn, first.executionArn);
      expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
      // No new Map Run: the resumed Map state records MapRunRedriven again, for the same run and redrive.
      expect(events.filter((e) => e.type === 'MapRunStarted').map((e) => e.mapRunStartedEventDetails?.mapRunArn)).toEqual([first.mapRunArn]);
      const redriven = events.filter((e) => e.type === 'MapRunRedriven').map((e) => e.mapRunRedrivenEventDetails);
      expect(redriven.length).toBeGreaterThanOrEqual(1);
      expect(new Set(redriven.map((details) => `${details?.mapRunArn} ${details?.redriveCount}`))).toEqual(new Set([`${first.mapRunArn} 1`]));

      const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn: first.executionArn }));
      expect(mapRuns.map((run) => run.mapRunArn)).toEqual([first.mapRunArn]);
      expect(await sfn.send(new DescribeMapRunCommand({ mapRunArn: first.mapRunArn }))).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, itemCounts: { succeeded: 3, failed: 0, total: 3 } });
      const after = await childrenOf(sfn, first.mapRunArn);
      expect(after.map((child) => child.executionArn).sort()).toEqual(before.map((child) => child.executionArn).sort());
      expect(after.map((child) => child.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    } finally {
      await server.close();
    }
  });
});
