/**
 * `aethon executions <workflow>`: a table of recent executions; `aethon execution <id|name>`: one
 * execution's path through its states. Against AWS by default, the local store with `--local`.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { stateMachineArnFor } from '../../ops/aws/deployedStage.ts';
import { InvalidRequestError, OpsError, OpsExit } from '../../ops/errors.ts';
import { describeAwsExecution, listAwsExecutions } from '../../ops/executions/awsExecutions.ts';
import { describeLocalExecution, listLocalExecutions } from '../../ops/executions/localExecutions.ts';
import { devCall, devServerOf } from '../../ops/executions/devServerClient.ts';
import { checkMapRunArn, listMapRunExecutions, listStoredMapRunExecutions } from '../../ops/executions/mapRuns.ts';
import type { ExecutionDetail, ExecutionQuery, ExecutionSummary } from '../../ops/executions/types.ts';
import { formatDuration, formatTable, formatTime, paletteFor, reportError } from '../../ops/format.ts';
import { localDirOf, withLocalStore } from '../../ops/localStore.ts';
import { loadWorkflow } from '../../ops/workflows.ts';
import type { CliIo } from '../io.ts';
import { isLocal, stageOf, type OpsOptions } from './config.ts';

/** Options of `aethon executions` and `aethon execution`. */
export interface ExecutionsCommandOptions extends OpsOptions {
  readonly status?: string;
  readonly limit?: string;
  /** For `execution <name>` on AWS: whose state machine the name belongs to. */
  readonly workflow?: string;
  readonly stateMachineArn?: string;
  /** `aethon executions --map-run <arn>`: the child executions of one Distributed Map run. */
  readonly mapRun?: string;
}

/** `aethon executions <workflow>`; returns the exit code. */
export async function executionsCommand(io: CliIo, args: readonly string[], options: ExecutionsCommandOptions): Promise<number> {
  try {
    const query = { ...(options.status ? { status: options.status } : {}), limit: parseLimit(options.limit) };
    if (options.mapRun !== undefined) {
      if (args.length > 0) throw new InvalidRequestError(`'aethon executions --map-run <arn>' takes no workflow: the Map Run names its state machine`);
      printSummaries(io, options, await mapRunChildren(io, checkMapRunArn(options.mapRun), options, query));
      return OpsExit.OK;
    }
    if (args.length !== 1) throw new InvalidRequestError(`'aethon executions' takes one workflow, e.g. aethon executions deploy-pipeline --status FAILED`);
    const workflow = await loadWorkflow(io.cwd, args[0]!);
    const rows = isLocal(options)
      ? await withLocalStore(io.cwd, (store) => listLocalExecutions(store, workflow.name, query), storeWaitNote(io))
      : await listAwsExecutions(new SFNClient(options.region ? { region: options.region } : {}), await stateMachineArnOf(io, workflow.name, options), query);
    printSummaries(io, options, rows);
    return OpsExit.OK;
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

/** `aethon execution <id|name>`; returns the exit code. */
export async function executionCommand(io: CliIo, args: readonly string[], options: ExecutionsCommandOptions): Promise<number> {
  try {
    if (args.length !== 1) throw new InvalidRequestError(`'aethon execution' takes one execution id (ARN) or name, e.g. aethon execution deploy-pipeline-3f1c... --workflow deploy-pipeline`);
    const detail = await describeExecution(io, args[0]!, options);
    printDetail(io, options, detail);
    return OpsExit.OK;
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

/** A Map Run's child executions: on AWS, on a running `aethon dev` (same API), or from the local store. */
async function mapRunChildren(io: CliIo, mapRunArn: string, options: ExecutionsCommandOptions, query: ExecutionQuery): Promise<ExecutionSummary[]> {
  if (!isLocal(options)) return listMapRunExecutions(new SFNClient(options.region ? { region: options.region } : {}), mapRunArn, query);
  const dev = devServerOf(localDirOf(io.cwd));
  if (!dev) return withLocalStore(io.cwd, (store) => listStoredMapRunExecutions(store, mapRunArn, query), storeWaitNote(io));
  try {
    return await devCall(dev.info, 'ListExecutions', () => listMapRunExecutions(dev.client, mapRunArn, query));
  } finally {
    dev.client.destroy();
  }
}

/** One execution, from the local store or AWS. */
export async function describeExecution(io: CliIo, idOrName: string, options: ExecutionsCommandOptions): Promise<ExecutionDetail> {
  if (isLocal(options)) return withLocalStore(io.cwd, (store) => describeLocalExecution(store, idOrName), storeWaitNote(io));
  const arn = idOrName.startsWith('arn:') ? undefined : options.workflow || options.stateMachineArn ? await stateMachineArnOf(io, options.workflow ? (await loadWorkflow(io.cwd, options.workflow)).name : '', options) : undefined;
  return describeAwsExecution(new SFNClient(options.region ? { region: options.region } : {}), idOrName, arn);
}

/** The workflow's state machine on AWS, from --state-machine-arn, cdk-outputs.json or the stage's SSM manifest. */
export async function stateMachineArnOf(io: CliIo, workflow: string, options: OpsOptions & { readonly stateMachineArn?: string }): Promise<string> {
  return stateMachineArnFor({
    projectRoot: io.cwd,
    stage: stageOf(io, options),
    workflow,
    ssm: (region) => new SSMClient(region ? { region } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.outputs ? { outputsFile: options.outputs } : {}),
    ...(options.stateMachineArn ? { stateMachineArn: options.stateMachineArn } : {}),
  });
}

/** Tells people why nothing happens while another aethon process holds the local store. */
export function storeWaitNote(io: CliIo): { onWait: () => void } {
  return { onWait: () => io.stderr.write('waiting for the local execution store, which another aethon process is using...\n') };
}

function parseLimit(limit: string | undefined): number {
  if (limit === undefined) return 20;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidRequestError(`--limit takes a whole number from 1 to 1000; got '${limit}'`);
  return n;
}

function printSummaries(io: CliIo, options: OpsOptions, rows: readonly ExecutionSummary[]): void {
  if (options.json) {
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  if (rows.length === 0) {
    io.stderr.write('no executions found\n');
    return;
  }
  const palette = paletteFor(io.stdout, io.env);
  const table = rows.map((r) => [r.name, palette.status(r.status), formatTime(r.startDate), r.durationMs !== undefined ? formatDuration(r.durationMs) : '-']);
  io.stdout.write(formatTable([['NAME', 'STATUS', 'START', 'DURATION'], ...table]));
}

/** Prints one execution: its outcome, then one line per state visited. */
export function printDetail(io: CliIo, options: OpsOptions, detail: ExecutionDetail): void {
  if (options.json) {
    io.stdout.write(JSON.stringify(detail, null, 2) + '\n');
    return;
  }
  const palette = paletteFor(io.stdout, io.env);
  const lines = [
    `${detail.stateMachineName} ${detail.name}: ${palette.status(detail.status)}`,
    `  arn        ${detail.executionArn}`,
    `  started    ${formatTime(detail.startDate)}${detail.durationMs !== undefined ? `, took ${formatDuration(detail.durationMs)}` : ''}${detail.redriveCount ? `, redriven ${detail.redriveCount}x` : ''}`,
  ];
  if (detail.error) lines.push(`  error      ${detail.error}${detail.cause ? `: ${shortCause(detail.cause)}` : ''}`);
  if (detail.consoleUrl) lines.push(`  console    ${detail.consoleUrl}`);
  for (const run of detail.mapRuns ?? []) lines.push(`  map run    ${run.stateName ? `${run.stateName}: ` : ''}${run.mapRunArn}`);
  if (detail.mapRuns?.length) lines.push(`             (its child executions: aethon executions --map-run <arn>${options.local ? ' --local' : ''})`);
  io.stdout.write(lines.join('\n') + '\n\n');
  const table = detail.path.map((v) => [
    v.name,
    v.type,
    palette.status(v.status),
    String(v.retries),
    v.durationMs !== undefined ? formatDuration(v.durationMs) : '-',
    v.error ? `${v.error}${v.cause ? `: ${v.cause}` : ''}` : '',
  ]);
  io.stdout.write(formatTable([['STATE', 'TYPE', 'STATUS', 'RETRIES', 'DURATION', 'ERROR'], ...table]));
}

function shortCause(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON
  }
  return cause;
}
