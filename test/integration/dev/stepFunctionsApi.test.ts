/**
 * `aethon dev` through @aws-sdk/client-sfn, configured as for Step Functions Local: the API's
 * operations, their AWS error shapes, and executions of the project's workflows.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed, waitMachine } from './devProject.ts';

const PASS_MACHINE = JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', Parameters: { 'got.$': '$.value' }, End: true } } });

describe('aethon dev: the Step Functions API', { timeout: 30_000 }, () => {
  let server: DevServer;
  let sfn: SFNClient;

  beforeEach(async () => {
    server = await startDevServer({ projectRoot: copyDevProject(), port: 0 });
    sfn = sfnClientFor(server.endpoint);
  });
  afterEach(async () => {
    await server.close();
  });

  async function create(name: string, definition: string): Promise<string> {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: 'arn:aws:iam::123456789012:role/r' }));
    return stateMachineArn!;
  }

  it('lists the project workflows as state machines and describes them with their ASL', async () => {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => m.name)).toEqual(['new-year', 'on-release', 'pause-and-greet']);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: stateMachines![2]!.stateMachineArn }));
    expect(described.type).toBe('STANDARD');
    expect(JSON.parse(described.definition!).States.pause).toMatchObject({ Type: 'Wait', Seconds: 20 });
  });

  it('runs an execution of a created state machine and returns its history, paged and reversed', async () => {
    const arn = await create('echo', PASS_MACHINE);
    const { executionArn, startDate } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"value":42}' }));
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:echo:first');
    expect(startDate).toBeInstanceOf(Date);
    expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.output!)).toEqual({ got: 42 });
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(described.startDate?.getTime()).toBe(startDate?.getTime());

    const all = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(all.events?.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(all.events?.[0]?.timestamp).toBeInstanceOf(Date);
    const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, reverseOrder: true }));
    expect(first.events?.map((e) => e.id)).toEqual([4, 3, 2]);
    const rest = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, reverseOrder: true, nextToken: first.nextToken }));
    expect(rest.events?.map((e) => e.id)).toEqual([1]);
    expect(rest.nextToken).toBeUndefined();
  });

  it('returns the running execution for the same name and input, and refuses any other start of that name', async () => {
    const arn = await create('hold', waitMachine(3600));
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"a":1}' }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"a":1}' }));
    expect(again.executionArn).toBe(started.executionArn);
    expect(again.startDate?.getTime()).toBe(started.startDate?.getTime());
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"a":2}' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });

    const stopped = await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn, error: 'Ops.Cancelled', cause: 'release withdrawn' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Ops.Cancelled', cause: 'release withdrawn' });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true, maxResults: 1 }));
    expect(events?.[0]).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Ops.Cancelled', cause: 'release withdrawn' } });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"a":1}' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('lists executions newest first, filtered by status and paged', async () => {
    const arn = await create('echo', PASS_MACHINE);
    for (const name of ['e1', 'e2', 'e3']) {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"value":1}' }));
      await untilClosed(sfn, executionArn!);
    }
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED', maxResults: 2 }));
    expect(page.executions?.map((e) => e.name)).toEqual(['e3', 'e2']);
    const next = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED', maxResults: 2, nextToken: page.nextToken }));
    expect(next.executions?.map((e) => e.name)).toEqual(['e1']);
    const failed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'FAILED' }));
    expect(failed.executions).toEqual([]);
  });

  it('answers with the AWS error shapes', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:execution:echo:nope';
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: missing }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist', message: expect.stringContaining('nope') });
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:ghost' }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    const bad = JSON.stringify({ StartAt: 'Missing', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
    await expect(create('broken', bad)).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringContaining('Nowhere') });
    const arn = await create('echo', PASS_MACHINE);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{not json' }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'has space' }))).rejects.toMatchObject({ name: 'InvalidName' });
  });

  it('validates a definition, listing every problem', async () => {
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: PASS_MACHINE }));
    expect(ok.result).toBe('OK');
    const bad = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: 'X', States: { A: { Type: 'Pass', Next: 'Y' } } }) }));
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics?.length).toBeGreaterThanOrEqual(2);
    expect(bad.diagnostics?.map((d) => d.location)).toContain('/States/A/Next');
  });
});

describe('aethon dev: access with a token', { timeout: 30_000 }, () => {
  it('serves an SDK client whose access key id is the token, and refuses any other', async () => {
    const server = await startDevServer({ projectRoot: copyDevProject(), port: 0, token: 'secret-token', announce: false });
    try {
      const { stateMachines } = await sfnClientFor(server.endpoint, 'secret-token').send(new ListStateMachinesCommand({}));
      expect(stateMachines?.length).toBe(3);
      await expect(sfnClientFor(server.endpoint, 'local').send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    } finally {
      await server.close();
    }
  });
});

describe('aethon dev: RedriveExecution', { timeout: 30_000 }, () => {
  it('continues a failed execution from the state that failed, its history kept and continued', async () => {
    const server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    try {
      const sfn = sfnClientFor(server.endpoint);
      // Fails on the first attempt only: the redrive count is 0 there.
      const definition = JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'Prepare',
        States: {
          Prepare: { Type: 'Pass', Assign: { prepared: 'yes' }, Next: 'Flaky' },
          Flaky: { Type: 'Pass', Output: "{% $states.context.Execution.RedriveCount = 0 ? $error('first attempt') : { 'prepared': $prepared, 'redrives': $states.context.Execution.RedriveCount } %}", End: true },
        },
      });
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'flaky', definition, roleArn: 'arn:aws:iam::123456789012:role/r' }));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'try' }));
      expect(await untilClosed(sfn, executionArn!)).toBe('FAILED');
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).redriveStatus).toBe('REDRIVABLE');

      const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));

      expect(redriveDate).toBeInstanceOf(Date);
      expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(JSON.parse(described.output!)).toEqual({ prepared: 'yes', redrives: 1 });
      expect(described.redriveCount).toBe(1);
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const types = events.map((e) => e.type);
      expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
      expect(types.slice(types.indexOf('ExecutionFailed'))).toEqual(['ExecutionFailed', 'ExecutionRedriven', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable', message: expect.stringContaining('SUCCEEDED') });
    } finally {
      await server.close();
    }
  });
});

describe('aethon dev: concurrent starts of one name', { timeout: 30_000 }, () => {
  it('answers every concurrent duplicate of a closed execution with ExecutionAlreadyExists', async () => {
    const server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    try {
      const sfn = sfnClientFor(server.endpoint);
      const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'echo', definition: PASS_MACHINE, roleArn: 'arn:aws:iam::123456789012:role/r' }));
      const first = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'once', input: '{"value":1}' }));
      await untilClosed(sfn, first.executionArn!);

      const results = await Promise.allSettled(Array.from({ length: 5 }, () => sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'once', input: '{"value":1}' }))));

      expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'started'))).toEqual(Array(5).fill('ExecutionAlreadyExists'));
    } finally {
      await server.close();
    }
  });
});
