/**
 * `aethon dead-letters [replay]`: the events the stage's triggers could not start an execution
 * from, listed (nothing deleted) or re-delivered (each deleted only once re-delivered). AWS only:
 * locally a trigger that cannot start reports it at once.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { stageSourceFrom, stageValueFor } from '../../ops/aws/deployedStage.ts';
import type { StackOutputs } from '../../ops/aws/stackOutputs.ts';
import { locateDeadLetterQueue } from '../../ops/deadLetters/deadLetterQueue.ts';
import { listDeadLetters, type DeadLetterListing, type DeadLetterSummary } from '../../ops/deadLetters/listDeadLetters.ts';
import { replayDeadLetters, type ReplayReport, type ReplayResult } from '../../ops/deadLetters/replayDeadLetters.ts';
import { readStageWorkflows, stageWorkflowsOf, type StageWorkflows } from '../../ops/deadLetters/stageWorkflows.ts';
import { InvalidRequestError, OpsError, OpsExit } from '../../ops/errors.ts';
import { formatTable, formatTime, reportError } from '../../ops/format.ts';
import { loadAllWorkflows } from '../../ops/workflows.ts';
import type { CliIo } from '../io.ts';
import { isLocal, stageOf, type OpsOptions } from './config.ts';

/** Options of `aethon dead-letters`. */
/** Per AWS request; with the SDK's retries a call stays well inside a third of the replay's hide. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface DeadLettersCommandOptions extends OpsOptions {
  /** The queue, instead of the stage's `TriggerDeadLetterQueueUrl` output. */
  readonly queueUrl?: string;
  /** At most this many messages. @default 50 (list), 1000 (replay) */
  readonly limit?: string;
  /** replay: the messages to re-deliver. */
  readonly ids: readonly string[];
  /** replay: every message. */
  readonly all: boolean;
  /** replay: plan only. */
  readonly dryRun: boolean;
  /** Refused: replay no longer goes through a bus (kept so the CLI can say why). */
  readonly bus?: string;
}

const USAGE = `usage: aethon dead-letters [--stage <s>] [--limit <n>] [--json], or aethon dead-letters replay (--id <message id>... | --all) [--dry-run] [--limit <n>] [--stage <s>] [--json]`;
/** The longest error message a table row shows; --json has it whole. */
const ERROR_WIDTH = 120;

/** `aethon dead-letters [replay]`; returns the exit code. */
export async function deadLettersCommand(io: CliIo, args: readonly string[], options: DeadLettersCommandOptions): Promise<number> {
  try {
    const [sub, ...rest] = args;
    if ((sub !== undefined && sub !== 'replay') || rest.length > 0) throw new InvalidRequestError(`'aethon dead-letters' takes no argument but 'replay'; ${USAGE}`);
    if (isLocal(options)) throw new InvalidRequestError(`the dead-letter queue exists on AWS only; locally, 'aethon send-event --local' reports at once a trigger that cannot start. Pick a deployed stage with --stage.`);
    const replay = sub === 'replay';
    if (options.bus !== undefined) {
      throw new InvalidRequestError(
        `--bus belongs to 'aethon send-event'; dead-letters ${replay ? 'replay ' : ''}takes no bus: replay re-delivers each message to the target that failed (the starter function, the rule's or the schedule's state machine), never through an event bus`,
      );
    }
    if (!replay && (options.ids.length > 0 || options.all || options.dryRun)) throw new InvalidRequestError(`--id, --all and --dry-run belong to 'aethon dead-letters replay'`);
    if (replay && options.ids.length === 0 && !options.all) throw new InvalidRequestError(`say which messages to replay: --id <message id> (repeatable) or --all; 'aethon dead-letters' lists them`);
    if (replay && options.ids.length > 0 && options.all) throw new InvalidRequestError(`give --id or --all, not both`);
    const limit = parseLimit(options.limit, replay ? 1000 : 50);

    const stageQuery = {
      projectRoot: io.cwd,
      stage: stageOf(io, options),
      ssm: (region: string | undefined) => new SSMClient(region ? { region } : {}),
      ...(options.outputs ? { outputsFile: options.outputs } : {}),
      ...(options.region ? { region: options.region } : {}),
    };
    // The root output, else the stage's manifest (a clone without cdk-outputs.json).
    const queueUrl = options.queueUrl ?? (await stageValueFor(stageQuery, 'TriggerDeadLetterQueueUrl', '--queue-url <url>'));
    const location = locateDeadLetterQueue({ ...stageQuery, queueUrl });
    const region = options.region ?? location.region;
    // Every call is bounded, so a replay re-hides waiting messages before their hide could lapse.
    const config = { ...(region ? { region } : {}), requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS } };
    const { workflows, invalid } = await loadAllWorkflows(io.cwd);
    for (const file of invalid) io.stderr.write(`warning: ${file} is invalid; its triggers do not help name workflows ('aethon validate')\n`);
    const stage = await deployedStageWorkflows(io, options, workflows, location.outputs, region);
    const sqs = new SQSClient(config);

    if (!replay) return printListing(io, options, await listDeadLetters(sqs, stage, { queueUrl: location.queueUrl, limit }));
    const report = await replayDeadLetters({ sqs, events: new EventBridgeClient(config), sfn: new SFNClient(config), lambda: new LambdaClient(config) }, stage, {
      queueUrl: location.queueUrl,
      select: options.all ? 'all' : options.ids,
      dryRun: options.dryRun,
      limit,
    });
    return printReplay(io, options, stage, report);
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

/**
 * The stage's workflows from its manifest (or an older deploy's outputs). Unreadable, they are
 * named from their triggers alone and a replay refuses every target, saying why.
 */
async function deployedStageWorkflows(io: CliIo, options: DeadLettersCommandOptions, workflows: readonly CompiledWorkflow[], outputs: StackOutputs | undefined, region: string | undefined): Promise<StageWorkflows> {
  const query = { projectRoot: io.cwd, stage: stageOf(io, options), ssm: (r: string | undefined) => new SSMClient(r ? { region: r } : {}), ...(region ? { region } : {}) };
  try {
    return await readStageWorkflows(workflows, stageSourceFrom(query, outputs));
  } catch (error) {
    if (!(error instanceof OpsError)) throw error;
    io.stderr.write(`warning: the stage's manifest could not be read (${error.message}); workflows are named from their triggers only, and a replay refuses targets it cannot check\n`);
    return stageWorkflowsOf(workflows, outputs);
  }
}

function printListing(io: CliIo, options: OpsOptions, listing: DeadLetterListing): number {
  for (const failure of listing.releaseFailures) io.stderr.write(`warning: message ${failure.messageId} could not be made visible again (${failure.reason}); it is back within ${listing.hiddenForAtMostSeconds} s\n`);
  if (options.json) {
    io.stdout.write(JSON.stringify(listing, null, 2) + '\n');
    return OpsExit.OK;
  }
  const { visible, inFlight } = listing.depth;
  if (listing.messages.length === 0) {
    io.stdout.write(
      inFlight > 0
        ? `no message could be received from ${listing.queueUrl}; about ${inFlight} are in flight (another reader or a replay holds them for a moment): run again shortly\n`
        : `the dead-letter queue is empty: no trigger has an event waiting (${listing.queueUrl})\n`,
    );
    return OpsExit.OK;
  }
  const more = visible > listing.messages.length ? `; about ${visible - listing.messages.length} more not shown (--limit)` : '';
  io.stdout.write(`${listing.messages.length} dead letter${listing.messages.length === 1 ? '' : 's'} in ${listing.queueUrl}${more}${inFlight > 0 ? `; about ${inFlight} in flight` : ''}\n\n`);
  const rows = listing.messages.map((m) => [
    m.messageId,
    formatTime(m.sentAt),
    m.workflows.join(', ') || '-',
    triggerText(m),
    eventText(m),
    m.event?.id ?? '-',
    String(m.receiveCount),
    m.attempts === undefined ? '-' : String(m.attempts),
    m.exhaustedRetryCondition ?? '-',
    errorText(m),
  ]);
  io.stdout.write(formatTable([['ID', 'SENT', 'WORKFLOW', 'TRIGGER', 'EVENT', 'EVENT ID', 'RECEIVES', 'ATTEMPTS', 'GAVE UP', 'ERROR'], ...rows]));
  const problems = listing.messages.filter((m) => m.problem);
  if (problems.length > 0) io.stdout.write('\n' + problems.map((m) => `${m.messageId}: cannot be replayed: ${m.problem}\n`).join(''));
  io.stderr.write(
    `note: listing receives the messages: other readers miss them for a moment (at most ${listing.hiddenForAtMostSeconds} s; they are released when the listing ends) and RECEIVES counts this listing too. Nothing was deleted. Re-deliver with 'aethon dead-letters replay --id <ID>' or --all.\n`,
  );
  return OpsExit.OK;
}

function printReplay(io: CliIo, options: DeadLettersCommandOptions, stage: StageWorkflows, report: ReplayReport): number {
  for (const failure of report.releaseFailures) io.stderr.write(`warning: message ${failure.messageId} could not be made visible again (${failure.reason}); it is back within a few minutes\n`);
  for (const failure of report.extendFailures) io.stderr.write(`warning: message ${failure.messageId} could not be kept hidden longer (${failure.reason}); another reader may have received it meanwhile\n`);
  if (options.json) {
    io.stdout.write(JSON.stringify({ dryRun: options.dryRun, ok: !report.error, ...report }, null, 2) + '\n');
    if (report.error) io.stderr.write(`aethon: ${report.error.message}\n`);
    return report.exitCode;
  }
  if (report.results.length === 0 && report.notFound.length === 0 && !report.error) {
    io.stdout.write(`nothing to replay: the dead-letter queue is empty${report.failedAgainDuringReplay.length > 0 ? ` but for ${report.failedAgainDuringReplay.length} new record(s) of a payload this run re-invoked, left for the next run` : ''}\n`);
    printRemaining(io, report);
    return report.exitCode;
  }
  if (report.results.length > 0) {
    const rows = report.results.map((r) => [r.status, r.messageId, r.workflows.join(', ') || '-', outcomeText(r, stage)]);
    io.stdout.write(formatTable([['STATUS', 'ID', 'WORKFLOW', 'DETAIL'], ...rows]));
  }
  for (const r of report.results) for (const note of r.notes) io.stdout.write(`note: ${r.messageId}: ${note}\n`);
  for (const id of report.notFound) io.stdout.write(`not found: ${id} (not in the queue, held by another reader, or beyond --limit); 'aethon dead-letters' lists the messages\n`);
  const count = (status: ReplayResult['status']) => report.results.filter((r) => r.status === status).length;
  const stay = report.results.filter((r) => r.status !== 'replayed').length;
  const summary = options.dryRun
    ? `dry run: ${count('would-replay')} would be re-delivered, ${count('refused')} refused, ${count('failed')} failed; nothing was re-delivered or deleted`
    : `${count('replayed')} re-delivered and deleted, ${count('failed')} failed, ${count('refused')} refused${count('replayed-not-deleted') ? `, ${count('replayed-not-deleted')} re-delivered but not deleted` : ''}; ${stay} stay in the queue`;
  const again = report.failedAgainDuringReplay.length;
  io.stdout.write(`\n${summary}${again > 0 ? `; ${again} new record(s) of a payload this run already re-invoked (the starter failed on it again, or the queue held it twice) were left for the next run` : ''}\n`);
  if (report.error) {
    io.stdout.write(`the replay stopped part-way: what is above was done (re-delivered rows are deleted from the queue); the rest was not touched\n`);
    io.stderr.write(`aethon: ${report.error.message}\n`);
  }
  printRemaining(io, report);
  if (!options.dryRun && count('replayed') > 0) io.stdout.write(`follow the starts with 'aethon executions <workflow>'; a starter that fails again returns its event to the queue as a new message\n`);
  return report.exitCode;
}

function printRemaining(io: CliIo, report: ReplayReport): void {
  if (report.endedOn === 'seen-only') io.stdout.write(`the queue handed out only messages already seen, so it may hold more than this run reached; run the replay again\n`);
  if (report.endedOn === 'limit') io.stdout.write(`stopped at --limit\n`);
  const remaining = report.remaining;
  if (remaining && remaining.visible + remaining.inFlight > 0) {
    io.stdout.write(`the queue still holds about ${remaining.visible} message(s)${remaining.inFlight > 0 ? ` and ${remaining.inFlight} in flight` : ''}; 'aethon dead-letters' lists them\n`);
  }
}

function outcomeText(result: ReplayResult, stage: StageWorkflows): string {
  const action = result.action;
  const would = result.status === 'would-replay';
  let what = '';
  if (would && action) {
    // A dry run names the call and the whole ARN: what an operator checks before sending.
    what =
      action.kind === 'invoke'
        ? `would call lambda:Invoke (InvocationType Event) on starter ${action.functionArn} with the ${action.payloadBytes}-byte payload`
        : `would call states:StartExecution on state machine ${action.stateMachineArn} with the ${action.payloadBytes}-byte input`;
  } else if (action?.kind === 'invoke') {
    what = `invoke ${functionName(action.functionArn)} (Event, ${action.payloadBytes} bytes)${result.statusCode ? `: ${result.statusCode}` : ''}`;
  } else if (action) {
    what = `start ${stage.stateMachines.get(action.stateMachineArn) ?? action.stateMachineArn} (${action.payloadBytes} bytes)${result.executionArn ? `: ${result.executionArn}` : ''}`;
  }
  if (result.status === 'replayed') return `${what}; deleted from the queue`;
  if (would) return what;
  return oneLine([what, result.reason].filter(Boolean).join(': '));
}

function functionName(arn: string): string {
  return arn.split(':').slice(6).join(':') || arn;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function triggerText(m: DeadLetterSummary): string {
  const { kind, name } = m.trigger;
  return kind === 'unknown' ? '-' : `${kind} ${name ?? '?'}`;
}

function eventText(m: DeadLetterSummary): string {
  if (m.event) return `${m.event.source ?? '?'} ${m.event.detailType ?? '?'}`;
  return m.trigger.kind === 'schedule' ? '(schedule input)' : '-';
}

function errorText(m: DeadLetterSummary): string {
  const text = oneLine([m.error?.code, m.error?.message].filter(Boolean).join(': ')) || '-';
  return text.length > ERROR_WIDTH ? `${text.slice(0, ERROR_WIDTH - 1)}…` : text;
}

function parseLimit(limit: string | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidRequestError(`--limit takes a whole number from 1 to 1000; got '${limit}'`);
  return n;
}
