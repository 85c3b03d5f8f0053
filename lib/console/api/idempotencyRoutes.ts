/**
 * /aethon/idempotency/<workflow>[?step=]: the workflow's local idempotency records;
 * POST /aethon/idempotency/<workflow>/release { step, key, force? }: releases one, so the next
 * start performs the step again. The same operations as `aethon idempotency list|clear --local`
 * (lib/ops/idempotency), on the table the server's engine holds open; an INPROGRESS record is
 * refused without force, as the CLI refuses it without --force.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { NotFoundError, OpsError } from '../../ops/errors.ts';
import { clearIdempotencyRecord, listIdempotencyRecords, RecordInProgressError, type RecordTable } from '../../ops/idempotency/idempotencyRecords.ts';
import { idempotentSteps, notIdempotentMessage } from '../../ops/idempotency/idempotentSteps.ts';
import type { IdempotencyRecordView } from '../../ops/idempotency/records.ts';
import { ConsoleRequestError } from '../http.ts';
import { workflowNamed } from './workflowNamed.ts';
import type { ConsoleHandles } from './handles.ts';

/** dynalite accepts any credentials; the client must send some. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function listRecords(handles: ConsoleHandles, workflowName: string, query: URLSearchParams): Promise<{ steps: string[]; records: IdempotencyRecordView[] }> {
  const workflow = workflowNamed(handles, workflowName);
  const steps = idempotentSteps(workflow);
  const step = query.get('step') ?? undefined;
  if (step !== undefined) requireIdempotentStep(workflow, step);
  if (steps.length === 0) return { steps, records: [] };
  const records = await withTable(handles, (table) => listIdempotencyRecords(table, { workflow: workflow.name, steps, ...(step ? { step } : {}) }));
  return { steps, records };
}

export async function releaseRecord(handles: ConsoleHandles, workflowName: string, body: Record<string, unknown>): Promise<{ released: IdempotencyRecordView }> {
  const workflow = workflowNamed(handles, workflowName);
  const { step, key, force } = body;
  if (typeof step !== 'string' || typeof key !== 'string' || key === '') throw new ConsoleRequestError('ValidationException', `releasing a record needs 'step' and 'key' (the key value or the record id) as strings`);
  if (force !== undefined && typeof force !== 'boolean') throw new ConsoleRequestError('ValidationException', `'force' must be true or false`);
  requireIdempotentStep(workflow, step);
  const released = await withTable(handles, (table) => clearIdempotencyRecord(table, { workflow: workflow.name, step, key, ...(force ? { force } : {}) }));
  return { released };
}

async function withTable<T>(handles: ConsoleHandles, use: (table: RecordTable) => Promise<T>): Promise<T> {
  const where = handles.idempotencyTable ? await handles.idempotencyTable() : undefined;
  if (!where) throw new ConsoleRequestError('RecordsNotKept', 'this server keeps no local idempotency table (its engine runs without DynamoDB), so there are no records to show or release', 404);
  const client = new DynamoDBClient({ endpoint: where.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });
  try {
    return await use({ client, table: where.tableName, ...(handles.clock ? { now: () => handles.clock!.now() } : {}) });
  } catch (error) {
    // The operations' own refusals carry what to do; the page shows them with a fitting status.
    if (error instanceof RecordInProgressError) throw new ConsoleRequestError('RecordInProgress', error.message.replace('pass --force', 'release it with force'), 409);
    if (error instanceof NotFoundError) throw new ConsoleRequestError('RecordNotFound', error.message, 404);
    if (error instanceof OpsError) throw new ConsoleRequestError(error.name, error.message, 409);
    throw error;
  } finally {
    client.destroy();
  }
}

function requireIdempotentStep(workflow: CompiledWorkflow, step: string): void {
  const problem = notIdempotentMessage(workflow, step);
  if (problem) throw new ConsoleRequestError('ValidationException', problem);
}
