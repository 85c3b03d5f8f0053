/**
 * `aethon dead-letters replay`: re-delivers dead letters to the target that failed (the starter
 * function, the rule's state machine, the schedule's state machine), with the exact text the
 * sender wrote, and deletes each only after its re-delivery call succeeded (Invoke answered 202,
 * StartExecution an execution ARN). A message that cannot be re-delivered stays in the queue,
 * visible again when the replay ends, with the reason reported. A replay that aborts part-way
 * (SQS refuses a receive) still returns what it had re-delivered and deleted, with the error.
 *
 * Replaying to a starter is safe: it names the execution after the event's idempotency key, so
 * an event that did start an execution after all starts nothing new.
 */
import { ListTargetsByRuleCommand, type EventBridgeClient, type Target } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { AwsOperationError, OpsError, OpsExit } from '../errors.ts';
import { parseDeadLetter, type DeadLetter, type DeadLetterTrigger } from './deadLetter.ts';
import { DeadLetterPass, deadLetterCall, deadLetterError, queueDepth, REPLAY_VISIBILITY_SECONDS, type PassEnd } from './deadLetterQueue.ts';
import { planReplay, resolveRuleTarget, type ReplayAction, type RuleTargetLookup } from './replayPlan.ts';
import type { StageWorkflows } from './stageWorkflows.ts';

/** The clients a replay sends with. */
export interface ReplayClients {
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly events: Pick<EventBridgeClient, 'send'>;
  readonly sfn: Pick<SFNClient, 'send'>;
  readonly lambda: Pick<LambdaClient, 'send'>;
}

/** Which messages to replay, and how. */
export interface ReplayRequest {
  readonly queueUrl: string;
  /** Every message (`all`), or these message ids. */
  readonly select: 'all' | readonly string[];
  /** Plan only: nothing is re-delivered, nothing deleted (ListTargetsByRule, a read, is called). */
  readonly dryRun: boolean;
  /** At most this many messages are received. */
  readonly limit: number;
  /** Milliseconds of a monotonic clock, for the visibility of waiting messages. @default performance.now */
  readonly clock?: () => number;
}

/** `would-replay` in a dry run; `replayed-not-deleted` when DeleteMessage failed after a re-delivery. */
export type ReplayStatus = 'replayed' | 'would-replay' | 'refused' | 'failed' | 'replayed-not-deleted';

/** What was (or would be) sent, for the output: the call, its target, and the exact payload. */
export type ReplayActionView =
  | { readonly kind: 'invoke'; readonly functionArn: string; readonly invocationType: 'Event'; readonly payloadBytes: number; readonly payload: string }
  | { readonly kind: 'start-execution'; readonly stateMachineArn: string; readonly payloadBytes: number; readonly input: string };

/** One message's replay. */
export interface ReplayResult {
  readonly messageId: string;
  readonly status: ReplayStatus;
  readonly workflows: readonly string[];
  readonly trigger: DeadLetterTrigger;
  readonly action?: ReplayActionView;
  /** Invoke's StatusCode (202: queued for the function). */
  readonly statusCode?: number;
  /** The execution StartExecution started. */
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
  /**
   * `all` only: new records of a payload this run already re-invoked (the starter failed on it
   * again, or the queue held the same event twice), left for the next run so that a replay
   * neither chases its own failures nor invokes one event twice.
   */
  readonly failedAgainDuringReplay: readonly string[];
  /** Why receiving stopped; `seen-only`: the queue handed out only messages already seen, so it may hold more. */
  readonly endedOn: PassEnd;
  /** The queue's approximate depth once the replay released what it kept; absent when it could not be read. */
  readonly remaining?: { readonly visible: number; readonly inFlight: number };
  readonly releaseFailures: readonly { readonly messageId: string; readonly reason: string }[];
  /** Messages of a batch whose hide could not be extended: another reader may get them meanwhile. */
  readonly extendFailures: readonly { readonly messageId: string; readonly reason: string }[];
  /** The error that stopped the replay part-way; what is above it was done. */
  readonly error?: { readonly name: string; readonly message: string; readonly exitCode: number };
  /** 0 only when every selected message was re-delivered. */
  readonly exitCode: number;
}

/** Replays the selected messages of the queue; never throws, an error that stops it is in the report. */
export async function replayDeadLetters(clients: ReplayClients, stage: StageWorkflows, request: ReplayRequest): Promise<ReplayReport> {
  const clock = request.clock ?? (() => performance.now());
  const wanted = request.select === 'all' ? undefined : new Set(request.select);
  const found = new Set<string>();
  const results: ReplayResult[] = [];
  const failedAgain: string[] = [];
  const extendFailures: { messageId: string; reason: string }[] = [];
  /** Messages whose hide could not be extended: another reader may hold them now. */
  const unheld = new Map<string, string>();
  /** The payloads invoked this run, canonical: a starter that fails on one again sends a new record of it. */
  const invoked = new Set<string>();
  const targets = new RuleTargets(clients.events);
  const pass = new DeadLetterPass(clients.sqs, request.queueUrl, REPLAY_VISIBILITY_SECONDS, 3);
  let error: ReplayReport['error'];
  try {
    await pass.receive(
      request.limit,
      async (batch) => {
        let hiddenAt = clock();
        for (const [n, message] of batch.entries()) {
          // Hide the rest of the batch again (this message included) well before its hide could
          // lapse: a third of it (the CLI bounds each AWS request to 20 s, retries included well within the rest).
          if (clock() - hiddenAt > (REPLAY_VISIBILITY_SECONDS * 1000) / 3) {
            const failures = await pass.extend(batch.slice(n).map((m) => m.MessageId!));
            for (const failure of failures) unheld.set(failure.messageId, failure.reason);
            extendFailures.push(...failures);
            hiddenAt = clock();
          }
          const letter = parseDeadLetter(message);
          if (wanted && !wanted.has(letter.messageId)) continue;
          const lostHold = unheld.get(letter.messageId);
          if (lostHold !== undefined) {
            // Re-delivering now could race another reader, and deleting by a stale handle may
            // silently not delete: leave it for a later replay.
            found.add(letter.messageId);
            results.push({
              messageId: letter.messageId,
              status: 'failed',
              workflows: [],
              trigger: letter.trigger,
              reason: staysInQueue(`its hide could not be extended (${lostHold}), so another reader may hold it; it was not re-delivered`),
              notes: [],
              exitCode: OpsExit.FAILED,
            });
            continue;
          }
          if (!wanted && isOwnFailure(letter, message, invoked)) {
            failedAgain.push(letter.messageId);
            continue;
          }
          found.add(letter.messageId);
          const result = await replayOne(clients, targets, pass, stage, letter, request.dryRun);
          if (result.action?.kind === 'invoke' && (result.status === 'replayed' || result.status === 'replayed-not-deleted')) invoked.add(canonical(result.action.payload));
          results.push(result);
        }
      },
      () => wanted !== undefined && found.size === wanted.size,
    );
  } catch (caught) {
    const stop = caught instanceof OpsError ? caught : new OpsError(`the replay stopped on an unexpected error: ${(caught as Error)?.message ?? String(caught)}`, OpsExit.FAILED, { cause: caught });
    error = { name: stop.name, message: stop.message, exitCode: stop.exitCode };
  }
  const release = await pass.release();
  let remaining: ReplayReport['remaining'];
  try {
    remaining = await queueDepth(clients.sqs, request.queueUrl);
  } catch {
    // The depth is a courtesy; the replay's outcome stands without it.
  }
  const notFound = wanted && !error ? [...wanted].filter((id) => !found.has(id)) : [];
  const exitCode = Math.max(OpsExit.OK, notFound.length > 0 ? OpsExit.FAILED : OpsExit.OK, error?.exitCode ?? OpsExit.OK, ...results.map((r) => r.exitCode));
  return {
    results,
    notFound,
    failedAgainDuringReplay: failedAgain,
    endedOn: pass.endedOn,
    ...(remaining ? { remaining } : {}),
    releaseFailures: release.failed,
    extendFailures,
    ...(error ? { error } : {}),
    exitCode,
  };
}

/**
 * Whether a message is the starter failing again on a payload this run re-invoked: a new record
 * (never received before) whose payload is one of them. SQS gives it a new id, so ids alone
 * would not tell; no clock is compared.
 */
function isOwnFailure(letter: DeadLetter, message: Message, invoked: ReadonlySet<string>): boolean {
  if (invoked.size === 0 || letter.payloadText === undefined || letter.trigger.kind !== 'starter') return false;
  return Number(message.Attributes?.ApproximateReceiveCount ?? 1) <= 1 && invoked.has(canonical(letter.payloadText));
}

function canonical(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

async function replayOne(clients: ReplayClients, targets: RuleTargets, pass: DeadLetterPass, stage: StageWorkflows, letter: DeadLetter, dryRun: boolean): Promise<ReplayResult> {
  const plan = planReplay(letter, stage);
  const base = { messageId: letter.messageId, workflows: plan.workflows, trigger: letter.trigger };
  if (!plan.ok) return { ...base, status: 'refused', reason: staysInQueue(plan.reason), notes: [], exitCode: OpsExit.FAILED };
  let action: ReplayAction;
  if (plan.action.kind === 'rule-target') {
    let listed: readonly Target[];
    try {
      listed = await targets.of(plan.action);
    } catch (error) {
      const failure = deadLetterError(error, { action: 'ListTargetsByRule', resource: plan.action.ruleArn });
      return { ...base, status: 'failed', reason: staysInQueue(failure.message), notes: plan.notes, exitCode: failure.exitCode };
    }
    const resolved = resolveRuleTarget(plan.action, listed);
    if (!resolved.ok) return { ...base, status: 'refused', reason: staysInQueue(resolved.reason), notes: plan.notes, exitCode: OpsExit.FAILED };
    action = resolved.action;
  } else {
    action = plan.action;
  }
  const planned = { ...base, action: viewOf(action), notes: plan.notes };
  if (dryRun) return { ...planned, status: 'would-replay', exitCode: OpsExit.OK };
  let delivered: { statusCode: number } | { executionArn: string };
  try {
    delivered = await redeliver(clients, action, letter.messageId);
  } catch (error) {
    const failure = deadLetterError(error, { action: action.kind === 'invoke' ? 'Invoke' : 'StartExecution', resource: action.kind === 'invoke' ? action.functionArn : action.stateMachineArn });
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
      reason: `re-delivered, but not deleted from the queue (${error.message}); it will be listed again, and replaying it once more starts nothing new (the starter keys executions on the event, a state machine replay on the message id)`,
      exitCode: error.exitCode,
    };
  }
  return { ...planned, ...delivered, status: 'replayed', exitCode: OpsExit.OK };
}

/** The one call that re-delivers; resolves only when AWS took it (Invoke 202, an execution ARN). */
async function redeliver(clients: ReplayClients, action: ReplayAction, messageId: string): Promise<{ statusCode: number } | { executionArn: string }> {
  if (action.kind === 'invoke') {
    const answer = await deadLetterCall({ action: 'Invoke', resource: action.functionArn }, () =>
      clients.lambda.send(new InvokeCommand({ FunctionName: action.functionArn, InvocationType: 'Event', Payload: new TextEncoder().encode(action.payload) })),
    );
    if (answer.StatusCode !== 202) throw new AwsOperationError(`Invoke (Event) of ${action.functionArn} answered StatusCode ${answer.StatusCode ?? 'none'}, not 202 (queued); it is not known to be re-delivered`, 'UnexpectedStatusCode');
    return { statusCode: answer.StatusCode };
  }
  // Named after the message: an SDK retry of a call whose answer was lost, or a later replay of a
  // message whose delete failed, meets the same name and starts nothing new (Standard workflows).
  const name = replayExecutionName(messageId);
  const started = await deadLetterCall({ action: 'StartExecution', resource: action.stateMachineArn }, async () => {
    try {
      return await clients.sfn.send(new StartExecutionCommand({ stateMachineArn: action.stateMachineArn, input: action.input, name }));
    } catch (error) {
      // The name is this message's own: an execution of it exists, so it was re-delivered before.
      if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return { executionArn: executionArnOf(action.stateMachineArn, name) };
      throw error;
    }
  });
  if (!started.executionArn) throw new AwsOperationError(`StartExecution of ${action.stateMachineArn} answered without an executionArn; it is not known to be re-delivered`, 'NoExecutionArn');
  return { executionArn: started.executionArn };
}

/** `dlq-<message id>`: within the 80 characters and the letters, digits, - and _ a name allows. */
export function replayExecutionName(messageId: string): string {
  return `dlq-${messageId.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 80);
}

/** arn:...:stateMachine:<name> -> arn:...:execution:<name>:<execution>. */
function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** The targets of each rule, read once per replay (ListTargetsByRule, every page). */
class RuleTargets {
  private readonly cache = new Map<string, readonly Target[]>();

  constructor(private readonly events: Pick<EventBridgeClient, 'send'>) {}

  async of(lookup: RuleTargetLookup): Promise<readonly Target[]> {
    const key = `${lookup.bus}/${lookup.rule}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const targets: Target[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.events.send(new ListTargetsByRuleCommand({ Rule: lookup.rule, EventBusName: lookup.bus, ...(NextToken ? { NextToken } : {}) }));
      targets.push(...(page.Targets ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    this.cache.set(key, targets);
    return targets;
  }
}

function staysInQueue(reason: string): string {
  return `${reason.replace(/\.$/, '')}; it stays in the queue`;
}

function viewOf(action: ReplayAction): ReplayActionView {
  return action.kind === 'invoke'
    ? { kind: 'invoke', functionArn: action.functionArn, invocationType: 'Event', payloadBytes: Buffer.byteLength(action.payload, 'utf8'), payload: action.payload }
    : { kind: 'start-execution', stateMachineArn: action.stateMachineArn, payloadBytes: Buffer.byteLength(action.input, 'utf8'), input: action.input };
}
