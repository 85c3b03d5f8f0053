/**
 * StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory and StopExecution. Reads
 * answer after the pending checkpoints are written, so what a client sees survives a crash.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
import type { ExecutionRecord, HistoryEvent } from '../../local/types.ts';
import { redriveCountOf } from '../../ops/executions/redriveCount.ts';
import { canonicalExecutionArn, parseExecutionArn, parseStateMachineArn, stateMachineArnOf } from '../arns.ts';
import type { DevControlPlane } from '../DevControlPlane.ts';
import { DevApiError, epochSeconds, invalidField } from '../protocol.ts';
import { pageOf } from '../pagination.ts';
import type { OperationTable } from './types.ts';
import { mapRunChildRecords } from './mapRunOperations.ts';

const STATUSES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);

export const EXECUTION_OPERATIONS: OperationTable = {
  'AWSStepFunctions.StartExecution': async (plane, body) => {
    const reference = parseStateMachineArn(body.stateMachineArn);
    const machine = plane.registry.get(reference.name);
    if (body.input !== undefined && typeof body.input !== 'string') throw invalidField('input', 'Member must be a string of JSON text');
    if (body.name !== undefined && typeof body.name !== 'string') throw invalidField('name', 'Member must be a string');
    const started = await plane.runner.start(machine, {
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
      ...(typeof body.input === 'string' ? { inputJson: body.input } : {}),
      ...(reference.testCase !== undefined ? { testCase: reference.testCase } : {}),
    });
    return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
  },
  // The SDK sends this one to the `sync-` host prefix: a client for a local endpoint needs `disableHostPrefix: true`.
  'AWSStepFunctions.StartSyncExecution': async (plane, body) => {
    const reference = parseStateMachineArn(body.stateMachineArn);
    const machine = plane.registry.get(reference.name);
    if (machine.type !== 'EXPRESS') throw new DevApiError('StateMachineTypeNotSupported', `StartSyncExecution runs EXPRESS state machines only; '${machine.arn}' is STANDARD (use StartExecution)`);
    if (body.input !== undefined && typeof body.input !== 'string') throw invalidField('input', 'Member must be a string of JSON text');
    const record = await plane.runner.startAndWait(machine, {
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
      ...(typeof body.input === 'string' ? { inputJson: body.input } : {}),
      ...(reference.testCase !== undefined ? { testCase: reference.testCase } : {}),
    });
    return {
      executionArn: record.executionArn,
      stateMachineArn: machine.arn,
      name: record.name,
      startDate: epochSeconds(record.startDate),
      stopDate: epochSeconds(record.stopDate ?? record.startDate),
      status: record.status,
      input: JSON.stringify(record.input ?? {}),
      inputDetails: { included: true },
      ...(record.status === 'SUCCEEDED' ? { output: JSON.stringify(record.output ?? null), outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
    };
  },
  'AWSStepFunctions.DescribeExecution': async (plane, body) => {
    const record = await recordOf(plane, body.executionArn);
    return {
      executionArn: record.executionArn,
      stateMachineArn: stateMachineArnOf(record.stateMachineName),
      name: record.name,
      status: record.status,
      startDate: epochSeconds(record.startDate),
      ...(record.stopDate ? { stopDate: epochSeconds(record.stopDate) } : {}),
      input: JSON.stringify(record.input ?? {}),
      inputDetails: { included: true },
      ...(record.output !== undefined && record.status === 'SUCCEEDED' ? { output: JSON.stringify(record.output), outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      ...redrivesOf(record),
      ...redriveStatusOf(record),
    };
  },
  'AWSStepFunctions.ListExecutions': async (plane, body) => {
    const status = body.statusFilter;
    if (status !== undefined && (typeof status !== 'string' || !STATUSES.has(status))) throw invalidField('statusFilter', `Member must satisfy enum value set: [${[...STATUSES].join(', ')}]`);
    await plane.checkpoints.flush();
    const records = body.mapRunArn !== undefined ? await mapRunChildRecords(plane, String(body.mapRunArn)) : await machineExecutions(plane, body.stateMachineArn, status === 'PENDING_REDRIVE' ? undefined : (status as ExecutionRecord['status'] | undefined));
    const listed = status === 'PENDING_REDRIVE' ? [] : records.filter((r) => status === undefined || r.status === status);
    const { page, nextToken } = pageOf(listed, body);
    return {
      executions: page.map((r) => ({
        executionArn: r.executionArn,
        stateMachineArn: stateMachineArnOf(r.stateMachineName),
        name: r.name,
        status: r.status,
        startDate: epochSeconds(r.startDate),
        ...(r.stopDate ? { stopDate: epochSeconds(r.stopDate) } : {}),
        // Listed by Map Run, AWS names the Map Run in each item (not when listed by state machine).
        ...(body.mapRunArn !== undefined ? { mapRunArn: String(body.mapRunArn) } : {}),
        ...redrivesOf(r),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
  'AWSStepFunctions.GetExecutionHistory': async (plane, body) => {
    const record = await recordOf(plane, body.executionArn);
    const ordered = body.reverseOrder === true ? [...record.history].reverse() : record.history;
    const withData = body.includeExecutionData !== false;
    const { page, nextToken } = pageOf(ordered, body);
    return { events: page.map((event) => wireEvent(event, withData)), ...(nextToken ? { nextToken } : {}) };
  },
  'AWSStepFunctions.RedriveExecution': async (plane, body) => {
    const redriveDate = await plane.runner.redrive(canonicalExecutionArn(body.executionArn));
    return { redriveDate: epochSeconds(redriveDate) };
  },
  'AWSStepFunctions.SendTaskSuccess': async (plane, body) => {
    plane.taskTokens.succeed(body.taskToken, body.output);
    return {};
  },
  'AWSStepFunctions.SendTaskFailure': async (plane, body) => {
    plane.taskTokens.fail(body.taskToken, body.error, body.cause);
    return {};
  },
  'AWSStepFunctions.SendTaskHeartbeat': async (plane, body) => {
    plane.taskTokens.heartbeat(body.taskToken);
    return {};
  },
  'AWSStepFunctions.StopExecution': async (plane, body) => {
    const executionArn = canonicalExecutionArn(body.executionArn);
    const reason = { ...(typeof body.error === 'string' ? { error: body.error } : {}), ...(typeof body.cause === 'string' ? { cause: body.cause } : {}) };
    const stopDate = await plane.runner.stop(executionArn, reason);
    if (stopDate !== undefined) return { stopDate: epochSeconds(stopDate) };
    const record = await recordOf(plane, executionArn);
    // Already closed: nothing to stop; its stop date is the answer.
    return { stopDate: epochSeconds(record.stopDate ?? record.startDate) };
  },
};

/**
 * `redriveCount` (0 before the first redrive) and `redriveDate` (the last ExecutionRedriven), as
 * DescribeExecution and each ListExecutions item show them on AWS.
 */
function redrivesOf(record: ExecutionRecord): { redriveCount: number; redriveDate?: number } {
  const last = record.history.findLast((e) => e.type === 'ExecutionRedriven');
  return { redriveCount: redriveCountOf(record.history), ...(last ? { redriveDate: epochSeconds(last.timestamp) } : {}) };
}

/** Whether DescribeExecution shows it as redrivable, as AWS does for a Standard execution. */
function redriveStatusOf(record: ExecutionRecord): { redriveStatus: string; redriveStatusReason?: string } {
  if (record.status === 'RUNNING') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is RUNNING and cannot be redriven' };
  if (record.status === 'SUCCEEDED') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' };
  return { redriveStatus: 'REDRIVABLE' };
}

/** A state machine's executions, newest first (the status filtered by the store's index). */
async function machineExecutions(plane: DevControlPlane, stateMachineArn: unknown, status: ExecutionRecord['status'] | undefined): Promise<ExecutionRecord[]> {
  const { name } = parseStateMachineArn(stateMachineArn);
  plane.registry.get(name);
  return plane.store.list({ stateMachineName: name, ...(status ? { status } : {}) });
}

/** The record of an execution (flushed first). @throws DevApiError ExecutionDoesNotExist */
async function recordOf(plane: DevControlPlane, arn: unknown): Promise<ExecutionRecord> {
  const executionArn = canonicalExecutionArn(arn);
  await plane.checkpoints.flush();
  const record = await plane.store.get(executionArn);
  if (!record) {
    const { stateMachineName } = parseExecutionArn(arn);
    throw new DevApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}' (no execution of that name on state machine '${stateMachineName}' in this project's .aethon/)`);
  }
  return record;
}

/** A history event on the wire: epoch-seconds timestamp; without input and output when the caller asked so. */
function wireEvent(event: HistoryEvent, withData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...event, timestamp: epochSeconds(event.timestamp) };
  if (!withData) {
    for (const [key, value] of Object.entries(wire)) {
      if (key.endsWith('EventDetails') && value !== null && typeof value === 'object') {
        const { input: _input, output: _output, ...rest } = value as Record<string, unknown>;
        wire[key] = rest;
      }
    }
  }
  return wire;
}
