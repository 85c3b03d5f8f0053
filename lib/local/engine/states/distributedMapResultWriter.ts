import { StatesErrors } from '../../../contracts/statesErrors.ts';
import type { TaskInvocation } from '../../taskInvoker.ts';
import type { ExecutionRecord } from '../../types.ts';
import { TaskFailure, type StatesFailure } from '../../errors.ts';
import { stateErrorPrefix } from '../failures.ts';
import type { StateContext } from '../types.ts';

const PUT_OBJECT = 'arn:aws:states:::s3:putObject';

/** Where a Map Run's results went: the state's output when it has a ResultWriter. */
export interface WrittenResults {
  readonly MapRunArn: string;
  readonly ResultWriterDetails: { readonly Bucket: unknown; readonly Key: string };
}

/** The Map Run whose results are written: its ARN and id, and each item's child execution (`undefined` if it never ran). */
export interface FinishedMapRun {
  readonly mapRunArn: string;
  readonly runId: string;
  readonly children: readonly (ExecutionRecord | undefined)[];
}

/**
 * Writes a Map Run's results as a ResultWriter does on AWS, under `<Prefix>/<map run id>/`:
 * `SUCCEEDED_0.json` and `FAILED_0.json` (JSON arrays of the child executions with that status,
 * written only when there is one) and `manifest.json` listing them with their sizes. The writes
 * are `s3:putObject` calls to the task invoker under the Map state's name, so
 * `createLocalS3Invoker` puts them in the local S3 folder the ItemReader reads from. A ResultWriter
 * without a Resource (WriterConfig only) writes nothing. A failed write fails the Map Run with
 * States.ResultWriterFailed.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
export async function writeMapRunResults(ctx: StateContext, writer: Record<string, unknown>, run: FinishedMapRun): Promise<WrittenResults> {
  const prefix = typeof writer.Prefix === 'string' && writer.Prefix !== '' ? `${writer.Prefix.replace(/\/$/, '')}/` : '';
  const folder = `${prefix}${run.runId}/`;
  const written: WrittenResults = { MapRunArn: run.mapRunArn, ResultWriterDetails: { Bucket: writer.Bucket, Key: `${folder}manifest.json` } };
  const resource = (ctx.state.ResultWriter as { Resource?: unknown } | undefined)?.Resource;
  if (resource === undefined) return written;
  if (resource !== PUT_OBJECT) throw writerFailure(ctx, `the ResultWriter Resource must be ${PUT_OBJECT}, got ${JSON.stringify(resource)}.`);
  const bucket = writer.Bucket;
  if (typeof bucket !== 'string' || bucket === '') throw writerFailure(ctx, `the ResultWriter needs a Bucket, got ${JSON.stringify(bucket) ?? 'none'}.`);

  const byStatus = { SUCCEEDED: [] as unknown[], FAILED: [] as unknown[] };
  for (const child of run.children) {
    if (child === undefined) continue;
    if (child.status === 'SUCCEEDED') byStatus.SUCCEEDED.push(resultEntry(child));
    else byStatus.FAILED.push(resultEntry(child));
  }
  const files: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    if (byStatus[status].length === 0) continue;
    const key = `${folder}${status}_0.json`;
    const body = JSON.stringify(byStatus[status]);
    await putObject(ctx, bucket, key, body);
    files[status].push({ Key: key, Size: Buffer.byteLength(body, 'utf8') });
  }
  const manifest = { DestinationBucket: bucket, MapRunArn: run.mapRunArn, ResultFiles: files };
  await putObject(ctx, bucket, written.ResultWriterDetails.Key, JSON.stringify(manifest));
  return written;
}

/** One child execution as the result files list it: DescribeExecution's fields, input and output as JSON text. */
function resultEntry(child: ExecutionRecord): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    ExecutionArn: child.executionArn,
    Input: JSON.stringify(child.input) ?? 'null',
    InputDetails: { Included: true },
    Name: child.name,
  };
  if (child.status === 'SUCCEEDED') {
    entry.Output = JSON.stringify(child.output) ?? 'null';
    entry.OutputDetails = { Included: true };
  } else {
    if (child.error !== undefined) entry.Error = child.error;
    if (child.cause !== undefined) entry.Cause = child.cause;
  }
  entry.RedriveCount = 0;
  entry.StartDate = child.startDate;
  entry.StateMachineArn = child.executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '');
  entry.Status = child.status;
  if (child.stopDate !== undefined) entry.StopDate = child.stopDate;
  return entry;
}

async function putObject(ctx: StateContext, bucket: string, key: string, body: string): Promise<void> {
  const invocation: TaskInvocation = {
    stateName: ctx.name,
    resource: PUT_OBJECT,
    parameters: { Bucket: bucket, Key: key, Body: body },
    retryCount: 0,
    signal: ctx.frame.signal.signal,
  };
  try {
    await ctx.runtime.invoker(invocation);
  } catch (error) {
    throw writerFailure(ctx, `writing s3://${bucket}/${key} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function writerFailure(ctx: StateContext, message: string): StatesFailure {
  return new TaskFailure(StatesErrors.RESULT_WRITER_FAILED, `${stateErrorPrefix(ctx)} ${message.charAt(0).toUpperCase()}${message.slice(1)}`);
}
