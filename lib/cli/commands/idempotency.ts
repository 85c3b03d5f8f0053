/**
 * `aethon idempotency list <workflow>` and `aethon idempotency clear <workflow> <step> <key>`:
 * see and release the records that make steps run once, on the deployed table (AWS, by default)
 * or the local engine's (`--local`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { stageValueFor } from '../../ops/aws/deployedStage.ts';
import { InvalidRequestError, OpsError, OpsExit } from '../../ops/errors.ts';
import { formatTable, formatTime, reportError } from '../../ops/format.ts';
import { clearIdempotencyRecord, findIdempotencyRecord, listIdempotencyRecords, type RecordTable } from '../../ops/idempotency/idempotencyRecords.ts';
import { withLocalRecordTable } from '../../ops/idempotency/localRecordTable.ts';
import { idempotentSteps, notIdempotentMessage } from '../../ops/idempotency/idempotentSteps.ts';
import type { IdempotencyRecordView } from '../../ops/idempotency/records.ts';
import { loadWorkflow } from '../../ops/workflows.ts';
import { describeHolder } from '../../local/store/waitForLock.ts';
import type { CliIo } from '../io.ts';
import { isLocal, stageOf, type OpsOptions } from './config.ts';

export interface IdempotencyCommandOptions extends OpsOptions {
  readonly step?: string;
  readonly limit?: string;
  /** The table on AWS, instead of IdempotencyTableName from the outputs file. */
  readonly table?: string;
  /** clear: no question asked. */
  readonly yes?: boolean;
  /** clear: also a record whose attempt is in progress. */
  readonly force?: boolean;
}

const USAGE = "'aethon idempotency' takes 'list <workflow> [--step S]' or 'clear <workflow> <step> <key> [--yes] [--force]'";

export async function idempotencyCommand(io: CliIo, args: readonly string[], options: IdempotencyCommandOptions): Promise<number> {
  try {
    const [action, ...rest] = args;
    if (action === 'list' && rest.length === 1) return await list(io, await loadWorkflow(io.cwd, rest[0]!), options);
    if (action === 'clear' && rest.length === 3) return await clear(io, await loadWorkflow(io.cwd, rest[0]!), rest[1]!, rest[2]!, options);
    throw new InvalidRequestError(`${USAGE}, e.g. aethon idempotency clear user-onboarding createUser ada@example.com --local`);
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

async function list(io: CliIo, workflow: CompiledWorkflow, options: IdempotencyCommandOptions): Promise<number> {
  const steps = idempotentSteps(workflow);
  if (options.step !== undefined) requireIdempotentStep(workflow, options.step);
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new InvalidRequestError(`--limit takes a positive whole number, not '${options.limit}'`);
  const records =
    (await withTable(io, options, (table) =>
      listIdempotencyRecords(table, { workflow: workflow.name, steps, ...(options.step ? { step: options.step } : {}), ...(limit ? { limit } : {}) }),
    )) ?? [];
  if (options.json) {
    io.stdout.write(JSON.stringify({ ok: true, workflow: workflow.name, records }) + '\n');
    return OpsExit.OK;
  }
  if (records.length === 0) {
    io.stdout.write(`no idempotency records of ${workflow.name}${options.step ? `.${options.step}` : ''}${isLocal(options) ? ' in .aethon/' : ''}\n`);
    return OpsExit.OK;
  }
  // An attempt in progress shows who holds it (locally): the execution and its process.
  const owner = (r: IdempotencyRecordView): string => (r.heldBy ? `${executionName(r.heldBy.execution)} (pid ${r.heldBy.pid})` : executionName(r.owner));
  const rows = records.map((r) => [r.step, r.status + (r.expired ? ' (expired)' : ''), owner(r), formatTime(r.inProgressUntil ?? r.expiresAt), r.id]);
  io.stdout.write(formatTable([['STEP', 'STATUS', 'OWNER', 'EXPIRES', 'RECORD'], ...rows]) + '\n');
  return OpsExit.OK;
}

async function clear(io: CliIo, workflow: CompiledWorkflow, step: string, key: string, options: IdempotencyCommandOptions): Promise<number> {
  requireIdempotentStep(workflow, step);
  const request = { workflow: workflow.name, step, key, ...(options.force ? { force: true } : {}) };
  const removed = await withTable(io, options, async (table) => {
    const found = await findIdempotencyRecord(table, request);
    if (!options.yes) await confirm(io, found);
    return clearIdempotencyRecord(table, request, found);
  });
  if (!removed) throw new OpsError(`no local idempotency records yet (.aethon/dynamodb does not exist): nothing to clear`);
  if (options.json) io.stdout.write(JSON.stringify({ ok: true, removed }) + '\n');
  else io.stdout.write(`removed ${describe(removed)}; the next start performs '${step}' again for this key\n`);
  return OpsExit.OK;
}

/** One question on a terminal; without one, --yes says the operator meant it. */
async function confirm(io: CliIo, record: IdempotencyRecordView): Promise<void> {
  if (!io.confirm) throw new InvalidRequestError(`no terminal to confirm on: pass --yes to remove ${record.id}`);
  const yes = await io.confirm(`Remove ${describe(record)}? The next start will perform the side effect again. [y/N] `);
  if (!yes) throw new OpsError('nothing removed', OpsExit.FAILED);
}

function describe(record: IdempotencyRecordView): string {
  const owner = record.owner ? `, owned by execution ${executionName(record.owner)}` : '';
  return `the ${record.status} record ${record.id} of ${record.workflow}.${record.step}${owner}`;
}

async function withTable<T>(io: CliIo, options: IdempotencyCommandOptions, use: (table: RecordTable) => Promise<T>): Promise<T | undefined> {
  if (isLocal(options)) {
    return withLocalRecordTable(io.cwd, use, {
      onWait: (notice) => io.stderr.write(`waiting up to ${Math.round(notice.waitMs / 1000)} s for ${notice.what}, ${describeHolder(notice.holder)}...\n`),
    });
  }
  const table =
    options.table ??
    (await stageValueFor(
      {
        projectRoot: io.cwd,
        stage: stageOf(io, options),
        ssm: (region) => new SSMClient(region ? { region } : {}),
        ...(options.outputs ? { outputsFile: options.outputs } : {}),
        ...(options.region ? { region: options.region } : {}),
      },
      'IdempotencyTableName',
      '--table <name>',
    ));
  const client = new DynamoDBClient(options.region ? { region: options.region } : {});
  try {
    return await use({ client, table });
  } finally {
    client.destroy();
  }
}

function requireIdempotentStep(workflow: CompiledWorkflow, step: string): void {
  const problem = notIdempotentMessage(workflow, step);
  if (problem) throw new InvalidRequestError(problem);
}

/** The name part of an execution ARN, which is what people recognise. */
function executionName(owner: string | undefined): string {
  return owner ? (owner.split(':').pop() ?? owner) : '-';
}
