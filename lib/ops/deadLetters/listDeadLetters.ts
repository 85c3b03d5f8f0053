/**
 * `aethon dead-letters`: what waits in the stage's trigger dead-letter queue. Nothing is deleted:
 * the messages are received (hidden for at most {@link LIST_VISIBILITY_SECONDS} s) and released
 * again as soon as they are read.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { eventSummaryOf, parseDeadLetter, type DeadLetter, type DeadLetterTrigger } from './deadLetter.ts';
import { DeadLetterPass, LIST_VISIBILITY_SECONDS, queueDepth } from './deadLetterQueue.ts';
import { workflowsOfDeadLetter, type StageWorkflows } from './stageWorkflows.ts';

/** One dead letter as the command shows it (and prints with --json). */
export interface DeadLetterSummary {
  readonly messageId: string;
  readonly sentAt?: string;
  readonly receiveCount: number;
  /** The workflows it was for; empty when nothing tells. */
  readonly workflows: readonly string[];
  readonly trigger: DeadLetterTrigger;
  readonly error?: DeadLetter['error'];
  readonly attempts?: number;
  /** Why the sender gave up: EXHAUSTED_RETRY_CONDITION of a rule or schedule, a starter record's condition. */
  readonly exhaustedRetryCondition?: string;
  readonly event?: ReturnType<typeof eventSummaryOf>;
  /** Why it cannot be replayed as it is. */
  readonly problem?: string;
  readonly body: unknown;
}

/** What a listing found. */
export interface DeadLetterListing {
  readonly queueUrl: string;
  /** Approximate counts before the listing received anything. */
  readonly depth: { readonly visible: number; readonly inFlight: number };
  /** Oldest first. */
  readonly messages: readonly DeadLetterSummary[];
  /** The longest any message was hidden from other readers, in seconds. */
  readonly hiddenForAtMostSeconds: number;
  /** Messages it could not make visible again; they return when their visibility timeout ends. */
  readonly releaseFailures: readonly { readonly messageId: string; readonly reason: string }[];
}

/** Lists up to `limit` messages without deleting any. */
export async function listDeadLetters(sqs: Pick<SQSClient, 'send'>, stage: StageWorkflows, request: { readonly queueUrl: string; readonly limit: number }): Promise<DeadLetterListing> {
  const depth = await queueDepth(sqs, request.queueUrl);
  const pass = new DeadLetterPass(sqs, request.queueUrl, LIST_VISIBILITY_SECONDS);
  let release: Awaited<ReturnType<DeadLetterPass['release']>>;
  try {
    await pass.receive(request.limit);
  } finally {
    release = await pass.release();
  }
  const messages = [...pass.received.values()].map((m) => summarize(parseDeadLetter(m), stage)).sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? ''));
  return { queueUrl: request.queueUrl, depth, messages, hiddenForAtMostSeconds: LIST_VISIBILITY_SECONDS, releaseFailures: release.failed };
}

/** A dead letter with the workflows it was for, as shown. */
export function summarize(letter: DeadLetter, stage: StageWorkflows): DeadLetterSummary {
  const event = letter.event ? eventSummaryOf(letter) : undefined;
  const condition = letter.exhaustedRetryCondition ?? letter.trigger.condition;
  return {
    messageId: letter.messageId,
    ...(letter.sentAt ? { sentAt: letter.sentAt } : {}),
    receiveCount: letter.receiveCount,
    workflows: workflowsOfDeadLetter(letter, stage),
    trigger: letter.trigger,
    ...(letter.error ? { error: letter.error } : {}),
    ...(letter.attempts !== undefined ? { attempts: letter.attempts } : {}),
    ...(condition ? { exhaustedRetryCondition: condition } : {}),
    ...(event ? { event } : {}),
    ...(letter.problem ? { problem: letter.problem } : {}),
    body: letter.body,
  };
}
