/**
 * `aethon dead-letters replay`: re-delivers dead letters and deletes each only after its
 * re-delivery succeeded. A message that cannot be re-delivered (refused by its plan, or refused
 * by AWS) stays in the queue, visible again when the replay ends, with the reason reported.
 *
 * Replaying the event of an idempotent trigger is safe: the starter names the execution after
 * the event's key, so an event that did start an execution after all starts nothing new.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { OpsError, OpsExit } from '../errors.ts';
import { sendEventOnAws, startOnAws } from '../start/awsStart.ts';
import { parseDeadLetter, type DeadLetter, type DeadLetterTrigger } from './deadLetter.ts';
import { DeadLetterPass, deadLetterError, REPLAY_VISIBILITY_SECONDS } from './deadLetterQueue.ts';
import { planReplay, type ReplayAction } from './replayPlan.ts';
import type { StageWorkflows } from './stageWorkflows.ts';

/** The clients a replay sends with. */
export interface ReplayClients {
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly events: Pick<EventBridgeClient, 'send'>;
  readonly sfn: Pick<SFNClient, 'send'>;
}

/** Which messages to replay, and how. */
export interface ReplayRequest {
  readonly queueUrl: string;
  /** Every message (`all`), or these message ids. */
  readonly select: 'all' | readonly string[];
  /** Plan only: nothing is sent, nothing deleted. */
  readonly dryRun: boolean;
  /** At most this many messages are received. */
  readonly limit: number;
  /** The bus for starter records whose bus the workflows cannot tell. */
  readonly bus?: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** `would-replay` in a dry run; `replayed-not-deleted` when DeleteMessage failed after a re-delivery. */
export type ReplayStatus = 'replayed' | 'would-replay' | 'refused' | 'failed' | 'replayed-not-deleted';

/** What was (or would be) sent, for the output. */
export type ReplayActionView =
  | { readonly kind: 'put-event'; readonly bus: string; readonly source: string; readonly detailType: string; readonly detail: unknown; readonly resources?: readonly string[]; readonly time?: string }
  | { readonly kind: 'start-execution'; readonly stateMachineArn: string; readonly input: unknown };

/** One message's replay. */
export interface ReplayResult {
  readonly messageId: string;
  readonly status: ReplayStatus;
  readonly workflows: readonly string[];
  readonly trigger: DeadLetterTrigger;
  readonly action?: ReplayActionView;
  /** PutEvents' id of the re-sent event. */
  readonly eventId?: string;
  /** The execution a schedule's replay started. */
  readonly executionArn?: string;
  /** Why it was refused or failed. */
  readonly reason?: string;
  readonly notes: readonly string[];
  /** 0 when re-delivered (or, in a dry run, re-deliverable). */
  readonly exitCode: number;
}

/** What a replay did, message by message. */
export interface ReplayReport {
  /** In the order received. */
  readonly results: readonly ReplayResult[];
  /** Ids asked for that the queue did not hand out. */
  readonly notFound: readonly string[];
  /** Messages that arrived after the replay began (`all` only); left for the next run. */
  readonly arrivedDuringReplay: number;
  readonly releaseFailures: readonly { readonly messageId: string; readonly reason: string }[];
  /** 0 only when every selected message was re-delivered. */
  readonly exitCode: number;
}

/** Replays the selected messages of the queue. */
export async function replayDeadLetters(clients: ReplayClients, stage: StageWorkflows, request: ReplayRequest): Promise<ReplayReport> {
  const startedAt = (request.now ?? (() => new Date()))().toISOString();
  const wanted = request.select === 'all' ? undefined : new Set(request.select);
  const found = new Set<string>();
  const results: ReplayResult[] = [];
  let arrivedDuringReplay = 0;
  const pass = new DeadLetterPass(clients.sqs, request.queueUrl, REPLAY_VISIBILITY_SECONDS);
  let release: Awaited<ReturnType<DeadLetterPass['release']>>;
  try {
    await pass.receive(
      request.limit,
      async (batch) => {
        for (const message of batch) {
          const letter = parseDeadLetter(message);
          if (wanted && !wanted.has(letter.messageId)) continue;
          // A replay that fails again sends a new dead letter; replaying that too would go round in circles.
          if (!wanted && letter.sentAt && letter.sentAt >= startedAt) {
            arrivedDuringReplay++;
            continue;
          }
          found.add(letter.messageId);
          results.push(await replayOne(clients, pass, stage, letter, request));
        }
      },
      () => wanted !== undefined && found.size === wanted.size,
    );
  } finally {
    release = await pass.release();
  }
  const notFound = wanted ? [...wanted].filter((id) => !found.has(id)) : [];
  const exitCode = Math.max(OpsExit.OK, notFound.length > 0 ? OpsExit.FAILED : OpsExit.OK, ...results.map((r) => r.exitCode));
  return { results, notFound, arrivedDuringReplay, releaseFailures: release.failed, exitCode };
}

async function replayOne(clients: ReplayClients, pass: DeadLetterPass, stage: StageWorkflows, letter: DeadLetter, request: ReplayRequest): Promise<ReplayResult> {
  const plan = planReplay(letter, stage, request.bus ? { bus: request.bus } : {});
  const base = { messageId: letter.messageId, workflows: plan.workflows, trigger: letter.trigger };
  if (!plan.ok) return { ...base, status: 'refused', reason: staysInQueue(plan.reason), notes: [], exitCode: OpsExit.FAILED };
  const action = viewOf(plan.action);
  const planned = { ...base, action, notes: plan.notes };
  if (request.dryRun) return { ...planned, status: 'would-replay', exitCode: OpsExit.OK };
  let delivered: { eventId: string } | { executionArn: string };
  try {
    delivered = await redeliver(clients, plan.action, plan.workflows);
  } catch (error) {
    if (!(error instanceof OpsError)) throw error;
    const failure = deadLetterError(error, { action: 'replay' });
    return { ...planned, status: 'failed', reason: staysInQueue(failure.message), exitCode: failure.exitCode };
  }
  try {
    await pass.delete(letter.messageId);
  } catch (error) {
    if (!(error instanceof OpsError)) throw error;
    return {
      ...planned,
      ...delivered,
      status: 'replayed-not-deleted',
      reason: `re-delivered, but not deleted from the queue (${error.message}); it will be listed again, and replaying it once more starts nothing new only for an idempotent trigger`,
      exitCode: error.exitCode,
    };
  }
  return { ...planned, ...delivered, status: 'replayed', exitCode: OpsExit.OK };
}

async function redeliver(clients: ReplayClients, action: ReplayAction, workflows: readonly string[]): Promise<{ eventId: string } | { executionArn: string }> {
  if (action.kind === 'put-event') return { eventId: (await sendEventOnAws(clients.events, action.entry)).eventId };
  const started = await startOnAws(clients.sfn, { stateMachineArn: action.stateMachineArn, workflow: workflows[0] ?? action.stateMachineArn, input: action.input });
  return { executionArn: started.executionArn };
}

function staysInQueue(reason: string): string {
  return `${reason.replace(/\.$/, '')}; it stays in the queue`;
}

function viewOf(action: ReplayAction): ReplayActionView {
  if (action.kind === 'start-execution') return action;
  const { entry } = action;
  return {
    kind: 'put-event',
    bus: action.bus,
    source: entry.Source,
    detailType: entry.DetailType,
    detail: JSON.parse(entry.Detail) as unknown,
    ...(entry.Resources ? { resources: entry.Resources } : {}),
    ...(entry.Time ? { time: entry.Time.toISOString() } : {}),
  };
}
