/**
 * How `aethon dev` continues what a killed server left in the store: the store is written as a
 * server would have left it, then a server starts on it. Virtual time makes every instant exact.
 */
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { openExecutionStore } from '../../../lib/local/store/index.ts';
import type { HistoryEvent } from '../../../lib/local/types.ts';
import { copyDevProject, sfnClientFor, untilClosed, waitMachine, devServerPerTest } from './devProject.ts';

const T0 = Date.UTC(2024, 0, 1);
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const MACHINE = 'held';
const ARN = `arn:aws:states:us-east-1:123456789012:execution:${MACHINE}:interrupted`;
const DEFINITION = {
  StartAt: 'Hold',
  States: {
    Hold: { Type: 'Wait', Seconds: 20, Assign: { held: true }, Next: 'Done' },
    Done: { Type: 'Pass', Parameters: { 'input.$': '$', 'held.$': '$held' }, End: true },
  },
};

/** Leaves the store as a server killed at `clockMs` would: the record RUNNING, its resume note, the virtual time. */
async function leaveInterrupted(project: string, history: HistoryEvent[], clockMs: number, definition: object = DEFINITION): Promise<void> {
  const store = await openExecutionStore(join(project, '.aethon'));
  await store.documents.put('stateMachine', MACHINE, { name: MACHINE, definition, type: 'STANDARD', roleArn: 'arn:aws:iam::123456789012:role/r', creationDate: at(0) });
  await store.documents.put('running', ARN, { executionArn: ARN, stateMachineName: MACHINE, definition });
  await store.documents.put('clock', 'virtual', { now: T0 + clockMs });
  await store.put({ executionArn: ARN, name: 'interrupted', stateMachineName: MACHINE, status: 'RUNNING', startDate: at(0), input: { n: 1 }, history });
  await store.close();
}

const started: HistoryEvent = { id: 1, previousEventId: 0, timestamp: at(0), type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"n":1}', inputDetails: { truncated: false }, roleArn: 'r' } };
const waitEntered: HistoryEvent = { id: 2, previousEventId: 0, timestamp: at(0), type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'Hold', input: '{"n":1}', inputDetails: { truncated: false } } };

describe('aethon dev: resuming from the store', { timeout: 30_000 }, () => {
  const startServer = devServerPerTest();

  it('keeps a Wait\'s virtual deadline across the restart and continues the ids', async () => {
    const project = copyDevProject();
    await leaveInterrupted(project, [started, waitEntered], 5_000);

    const server = await startServer({ projectRoot: project, port: 0, virtualTime: true, announce: false });
    const sfn = sfnClientFor(server.endpoint);

    expect(server.plane.resumed).toBe(1);
    expect(await untilClosed(sfn, ARN)).toBe('SUCCEEDED');
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: ARN }));
    expect(events.map((e) => `${e.id}:${e.type}:${e.previousEventId}`)).toEqual(['1:ExecutionStarted:0', '2:WaitStateEntered:0', '3:WaitStateExited:2', '4:PassStateEntered:3', '5:PassStateExited:4', '6:ExecutionSucceeded:5']);
    expect(events[2]!.timestamp!.toISOString()).toBe(at(20_000));
    expect(JSON.parse(events[5]!.executionSucceededEventDetails!.output!)).toEqual({ input: { n: 1 }, held: true });
  });

  it('keeps the deadline of a JSONata Wait whose seconds come from an expression', async () => {
    const project = copyDevProject();
    const jsonata = { QueryLanguage: 'JSONata', StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: '{% $states.input.delay %}', End: true } } };
    const entered: HistoryEvent = { ...waitEntered, stateEnteredEventDetails: { name: 'Hold', input: '{"delay":45}', inputDetails: { truncated: false } } };
    await leaveInterrupted(project, [started, entered], 10_000, jsonata);

    const server = await startServer({ projectRoot: project, port: 0, virtualTime: true, announce: false });
    const sfn = sfnClientFor(server.endpoint);

    expect(await untilClosed(sfn, ARN)).toBe('SUCCEEDED');
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: ARN }));
    expect(events.find((e) => e.type === 'WaitStateExited')?.timestamp?.toISOString()).toBe(at(45_000));
  });

  it('continues at the Next of the last state that exited when nothing was in flight', async () => {
    const project = copyDevProject();
    const waitExited: HistoryEvent = { id: 3, previousEventId: 2, timestamp: at(20_000), type: 'WaitStateExited', stateExitedEventDetails: { name: 'Hold', output: '{"n":1}', outputDetails: { truncated: false }, assignedVariables: { held: '"from the record"' } } };
    await leaveInterrupted(project, [started, waitEntered, waitExited], 20_000);

    const server = await startServer({ projectRoot: project, port: 0, virtualTime: true, announce: false });
    const sfn = sfnClientFor(server.endpoint);

    expect(await untilClosed(sfn, ARN)).toBe('SUCCEEDED');
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: ARN }));
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    // The variable comes from the recorded assignment: Hold did not run again.
    expect(JSON.parse(events[5]!.executionSucceededEventDetails!.output!)).toEqual({ input: { n: 1 }, held: 'from the record' });
  });

  it('drops a resume note whose execution had already ended', async () => {
    const project = copyDevProject();
    const store = await openExecutionStore(join(project, '.aethon'));
    await store.documents.put('running', ARN, { executionArn: ARN, stateMachineName: MACHINE, definition: DEFINITION });
    await store.put({ executionArn: ARN, name: 'interrupted', stateMachineName: MACHINE, status: 'SUCCEEDED', startDate: at(0), stopDate: at(1), input: {}, output: {}, history: [started] });
    await store.close();

    const server = await startServer({ projectRoot: project, port: 0, announce: false });

    expect(server.plane.resumed).toBe(0);
    expect(await server.plane.store.documents.list('running')).toEqual([]);
  });
});

describe('aethon dev: a graceful stop', { timeout: 30_000 }, () => {
  it('leaves running executions to the next server instead of aborting them', async () => {
    const project = copyDevProject();
    const first = await startDevServer({ projectRoot: project, port: 0, announce: false });
    const sfn = sfnClientFor(first.endpoint);
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'hold', definition: waitMachine(3600), roleArn: 'arn:aws:iam::123456789012:role/r' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'patient' }));
    await first.close();

    const second = await startDevServer({ projectRoot: project, port: 0, announce: false });
    try {
      const again = sfnClientFor(second.endpoint);
      expect(second.plane.resumed).toBe(1);
      expect((await again.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
      expect(second.plane.runner.live().map((e) => e.executionArn)).toEqual([executionArn]);
      const { events = [] } = await again.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    } finally {
      await second.close();
    }
  });
});
