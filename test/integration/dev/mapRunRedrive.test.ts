/**
 * RedriveExecution on `aethon dev` redrives the Map Run of a failed Distributed Map, as AWS does:
 * same Map Run ARN, MapRunRedriven, only the child that failed runs again (redriven itself), and
 * DescribeMapRun / ListMapRuns / ListExecutions(mapRunArn) show it. The Map Run's children are read
 * back from the store, so it works after a restart of the server too, and a redrive killed -9
 * inside its Map Run continues it; without stored children the Map Run starts anew, and the
 * execution's log lines say so.
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
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';
import { spawnDev, type DevProcess } from './devProcess.ts';

// Items run one at a time: 'flaky' (last) fails until its child execution is redriven.
const FLAKY_FAN_OUT = readFileSync(join(PROJECT_ROOT, 'test/fixtures/dev/mapRunRedrive/flaky-fan-out.asl.json'), 'utf8');
// The same, but the redriven 'flaky' child then waits an hour: a server on the real clock is killed inside the redrive's Map Run.
const HOUR_WAIT_FAN_OUT = readFileSync(join(PROJECT_ROOT, 'test/fixtures/dev/mapRunRedrive/hour-wait-fan-out.asl.json'), 'utf8');
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
  const processes: DevProcess[] = [];
  afterEach(() => {
    for (const dev of processes.splice(0)) dev.child.kill('SIGKILL');
  });

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

  it('tells, in the execution\'s log lines, that a Map Run without its stored children reruns every item', async () => {
    const first = await failedFanOut();
    try {
      // A failed parent whose Map Run children were never stored (as a record posted without them): its own name and Map Run.
      const record = (await first.server.plane.store.get(first.executionArn))!;
      const orphanRun = first.mapRunArn.replace(/:[^:]+$/, ':never-stored');
      const orphanArn = first.executionArn.replace(/:fan-1$/, ':fan-orphan');
      const orphan = { ...(JSON.parse(JSON.stringify(record).split(first.mapRunArn).join(orphanRun)) as typeof record), executionArn: orphanArn, name: 'fan-orphan' };
      const posted = await fetch(`${first.server.endpoint}/aethon/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(orphan) });
      expect(posted.status).toBe(200);

      await first.sfn.send(new RedriveExecutionCommand({ executionArn: orphanArn }));
      // A new Map Run: its children start again with no redrive, so 'flaky' fails again.
      expect(await untilClosed(first.sfn, orphanArn)).toBe('FAILED');

      const logs = (await (await fetch(`${first.server.endpoint}/aethon/dev/logs?executionArn=${encodeURIComponent(orphanArn)}&contains=RedriveExecution`)).json()) as { running: boolean; lines: { stateName?: string; line: string }[] };
      expect(logs.running).toBe(false);
      expect(logs.lines).toHaveLength(1);
      expect(logs.lines[0]!.stateName).toBe('EachItem');
      expect(JSON.parse(logs.lines[0]!.line)).toMatchObject({ level: 'WARN', message: expect.stringMatching(/'EachItem' is a Distributed Map whose earlier child executions are not at hand: it starts a new Map Run and runs every item again/) });
      const events = await historyOf(first.sfn, orphanArn);
      expect(events.filter((e) => e.type === 'MapRunRedriven')).toHaveLength(0);
      const started = events.filter((e) => e.type === 'MapRunStarted').map((e) => e.mapRunStartedEventDetails!.mapRunArn!);
      expect(started).toHaveLength(2);
      expect(started[0]).toBe(orphanRun);
      expect((await childrenOf(first.sfn, started[1]!)).map((child) => child.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
      // A redrive that continues its Map Run says nothing.
      await first.sfn.send(new RedriveExecutionCommand({ executionArn: first.executionArn }));
      expect(await untilClosed(first.sfn, first.executionArn)).toBe('SUCCEEDED');
      const quiet = (await (await fetch(`${first.server.endpoint}/aethon/dev/logs?executionArn=${encodeURIComponent(first.executionArn)}&contains=RedriveExecution`)).json()) as { lines: unknown[] };
      expect(quiet.lines).toEqual([]);
    } finally {
      await first.server.close();
    }
  });

  it('continues the same Map Run when the server is killed -9 while the redrive runs it', async () => {
    // Prepare: on the real clock, a redrive inside its Map Run, its 'flaky' child waiting an hour
    const project = copyDevProject();
    const first = await spawnDev(['--dir', project]);
    processes.push(first);
    const firstSfn = sfnClientFor(first.endpoint);
    const { stateMachineArn } = await firstSfn.send(new CreateStateMachineCommand({ name: 'flaky-fan-out', definition: HOUR_WAIT_FAN_OUT, roleArn: 'arn:aws:iam::123456789012:role/r' }));
    const executionArn = (await firstSfn.send(new StartExecutionCommand({ stateMachineArn, name: 'fan-1', input: INPUT }))).executionArn!;
    expect(await untilClosed(firstSfn, executionArn)).toBe('FAILED');
    const { mapRuns: [mapRun] = [] } = await firstSfn.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = mapRun!.mapRunArn!;
    const before = await childrenOf(firstSfn, mapRunArn);
    await firstSfn.send(new RedriveExecutionCommand({ executionArn }));
    // Its MapRunRedriven is checkpointed once the history shows it (reads flush first).
    for (let polls = 0; !(await historyOf(firstSfn, executionArn)).some((e) => e.type === 'MapRunRedriven'); polls++) {
      if (polls > 400) throw new Error('the redrive never reached its Map Run');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await firstSfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    // Act: kill -9, start again under virtual time (the resumed child's hour passes at once)
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const second = await spawnDev(['--dir', project, '--virtual-time']);
    processes.push(second);
    const sfn = sfnClientFor(second.endpoint);

    // Assess
    expect(second.output()).toContain('resumed         1 execution(s)');
    expect(await untilClosed(sfn, executionArn)).toBe('SUCCEEDED');
    const parent = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(parent.output!)).toEqual([{ done: 'a' }, { done: 'b' }, { done: 'flaky' }]);
    expect(parent.redriveCount).toBe(1);
    const events = await historyOf(sfn, executionArn);
    expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    // No new Map Run: the resumed Map state records MapRunRedriven again, for the same run and redrive.
    expect(events.filter((e) => e.type === 'MapRunStarted').map((e) => e.mapRunStartedEventDetails?.mapRunArn)).toEqual([mapRunArn]);
    const redriven = events.filter((e) => e.type === 'MapRunRedriven').map((e) => e.mapRunRedrivenEventDetails);
    expect(new Set(redriven.map((details) => `${details?.mapRunArn} ${details?.redriveCount}`))).toEqual(new Set([`${mapRunArn} 1`]));
    expect(redriven).toHaveLength(2);

    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns.map((run) => run.mapRunArn)).toEqual([mapRunArn]);
    expect(await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, itemCounts: { succeeded: 3, failed: 0, total: 3 } });
    const after = await childrenOf(sfn, mapRunArn);
    expect(after.map((child) => child.executionArn).sort()).toEqual(before.map((child) => child.executionArn).sort());
    expect(after.map((child) => child.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
  });
});
