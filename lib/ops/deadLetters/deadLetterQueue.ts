/**
 * The stage's trigger dead-letter queue on SQS: where it is, how full, and one pass of receives.
 * SQS has no way to look at a message without receiving it, and a received message is hidden
 * from every other reader for its visibility timeout. So a pass receives with a short timeout,
 * keeps what it received hidden until it is done (a message it saw is not handed to it twice),
 * then makes the rest visible again at once (ChangeMessageVisibility 0). Each receive adds one to
 * a message's ApproximateReceiveCount; the queue has no redrive policy, so that count moves
 * nothing anywhere.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { translateAwsError, type AwsCallContext } from '../aws/awsErrors.ts';
import { readStackOutputs, requireOutput, type StackOutputs, type StackOutputsQuery } from '../aws/stackOutputs.ts';
import { AwsOperationError, InvalidRequestError, OpsError } from '../errors.ts';
import { regionOfQueueUrl } from './arns.ts';

/** The stage output that holds the queue's URL (lib/infra's AethonStack). */
export const QUEUE_URL_OUTPUT = 'TriggerDeadLetterQueueUrl';
/** How long a listing hides the messages it receives, at most (they are released when it ends). */
export const LIST_VISIBILITY_SECONDS = 30;
/**
 * How long a replay hides a message at a time. The messages of a batch that still wait their turn
 * are hidden again for as long (ChangeMessageVisibility) once half of it has passed, so a slow
 * batch (SDK retries, throttling) never lets one lapse and reach another reader mid-replay.
 */
export const REPLAY_VISIBILITY_SECONDS = 120;
/** SQS hands out at most ten messages per ReceiveMessage. */
const RECEIVE_BATCH = 10;
/**
 * Long polling, briefly: a short poll samples only some of the SQS servers and can answer
 * "empty" while messages wait; a wait of one second asks them all, at one second's cost when the
 * queue is empty.
 */
const RECEIVE_WAIT_SECONDS = 1;

type Sqs = Pick<SQSClient, 'send'>;

/** Where the queue is, and the outputs it came from (they also name the stage's state machines). */
export interface DeadLetterQueueLocation {
  readonly queueUrl: string;
  /** The region in the queue URL, for the SDK clients; undefined for a host that names none. */
  readonly region?: string;
  readonly outputs?: StackOutputs;
}

/**
 * The queue from `--queue-url`, else the stage's `TriggerDeadLetterQueueUrl` output.
 * @throws InvalidRequestError when neither is there, or the URL is not one
 */
export function locateDeadLetterQueue(query: StackOutputsQuery & { readonly queueUrl?: string }): DeadLetterQueueLocation {
  if (query.queueUrl !== undefined) {
    if (!/^https?:\/\/[^/]+\/.+/.test(query.queueUrl)) throw new InvalidRequestError(`--queue-url '${query.queueUrl}' is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)`);
    // The outputs are optional here: they only name the workflows.
    let outputs: StackOutputs | undefined;
    try {
      outputs = readStackOutputs(query);
    } catch (error) {
      if (!(error instanceof OpsError)) throw error;
    }
    return withRegion(query.queueUrl, outputs);
  }
  const outputs = readStackOutputs(query);
  return withRegion(requireOutput(outputs, QUEUE_URL_OUTPUT, '--queue-url <url>'), outputs);
}

function withRegion(queueUrl: string, outputs: StackOutputs | undefined): DeadLetterQueueLocation {
  const region = regionOfQueueUrl(queueUrl);
  return { queueUrl, ...(region ? { region } : {}), ...(outputs ? { outputs } : {}) };
}

/** How many messages wait (visible) and how many someone holds (in flight), both approximate. */
export async function queueDepth(sqs: Sqs, queueUrl: string): Promise<{ readonly visible: number; readonly inFlight: number }> {
  const { Attributes = {} } = await deadLetterCall({ action: 'GetQueueAttributes', resource: queueUrl }, () =>
    sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] })),
  );
  return { visible: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

/** Why a pass stopped receiving. `seen-only`: the queue handed out only messages already seen, so it may hold more. */
export type PassEnd = 'empty' | 'seen-only' | 'limit' | 'enough';

/** One pass over the queue: receives, then releases whatever it did not delete. */
export class DeadLetterPass {
  /** Every message received, by id, with the handle of its latest receive. */
  readonly received = new Map<string, Message>();
  private readonly deleted = new Set<string>();
  /** Why receive() stopped. */
  endedOn: PassEnd = 'empty';

  constructor(
    private readonly sqs: Sqs,
    readonly queueUrl: string,
    readonly visibilitySeconds: number,
    /** Receives in a row that bring only messages already seen (whose hide lapsed) before the pass gives up. */
    private readonly seenOnlyReceives = 1,
  ) {}

  /**
   * Receives up to `limit` distinct messages, handing each new batch to `onBatch`. Stops when the
   * queue answers empty, after `seenOnlyReceives` receives in a row bring only messages already
   * seen, or when `enough` says so.
   */
  async receive(limit: number, onBatch?: (messages: readonly Message[]) => Promise<void>, enough?: () => boolean): Promise<void> {
    let seenOnly = 0;
    for (;;) {
      if (this.received.size >= limit) return void (this.endedOn = 'limit');
      if (enough?.()) return void (this.endedOn = 'enough');
      const { Messages = [] } = await deadLetterCall({ action: 'ReceiveMessage', resource: this.queueUrl }, () =>
        this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.queueUrl,
            MaxNumberOfMessages: Math.min(RECEIVE_BATCH, limit - this.received.size),
            VisibilityTimeout: this.visibilitySeconds,
            WaitTimeSeconds: RECEIVE_WAIT_SECONDS,
            MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
            MessageAttributeNames: ['All'],
          }),
        ),
      );
      // SQS may hand out one message twice, even in one answer: one entry per id, with its newest
      // handle (the only valid one).
      const fresh = new Map<string, Message>();
      for (const message of Messages) {
        if (!message.MessageId) continue;
        if (!this.received.has(message.MessageId) || fresh.has(message.MessageId)) fresh.set(message.MessageId, message);
        this.received.set(message.MessageId, message);
      }
      if (Messages.length === 0) return void (this.endedOn = 'empty');
      if (fresh.size === 0) {
        // This receive hid them again, so the next one reaches past them.
        if (++seenOnly >= this.seenOnlyReceives) return void (this.endedOn = 'seen-only');
        continue;
      }
      seenOnly = 0;
      await onBatch?.([...fresh.values()]);
    }
  }

  /** Hides these received messages for another `visibilitySeconds`, by their latest handles; a failure is returned, not thrown. */
  async extend(messageIds: readonly string[]): Promise<readonly { readonly messageId: string; readonly reason: string }[]> {
    const pending = messageIds.map((id) => this.received.get(id)).filter((m): m is Message => m !== undefined && !this.deleted.has(m.MessageId!));
    return this.changeVisibility(pending, this.visibilitySeconds);
  }

  /** Deletes one message by its latest handle; call only once its event is safely elsewhere. */
  async delete(messageId: string): Promise<void> {
    const message = this.received.get(messageId);
    await deadLetterCall({ action: 'DeleteMessage', resource: this.queueUrl }, () => this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message?.ReceiptHandle })));
    this.deleted.add(messageId);
  }

  /**
   * Makes every received message that was not deleted visible again now. A message it cannot
   * release is not lost: it returns by itself when its visibility timeout ends.
   */
  async release(): Promise<{ readonly released: number; readonly failed: readonly { readonly messageId: string; readonly reason: string }[] }> {
    const pending = [...this.received.values()].filter((m) => !this.deleted.has(m.MessageId!));
    const failed = await this.changeVisibility(pending, 0);
    return { released: pending.length - failed.length, failed };
  }

  private async changeVisibility(pending: readonly Message[], seconds: number): Promise<{ messageId: string; reason: string }[]> {
    const failed: { messageId: string; reason: string }[] = [];
    for (let i = 0; i < pending.length; i += RECEIVE_BATCH) {
      const batch = pending.slice(i, i + RECEIVE_BATCH);
      try {
        const result = await deadLetterCall({ action: 'ChangeMessageVisibilityBatch', resource: this.queueUrl }, () =>
          this.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: this.queueUrl,
              Entries: batch.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: seconds })),
            }),
          ),
        );
        for (const entry of result.Failed ?? []) failed.push({ messageId: batch[Number(entry.Id)]?.MessageId ?? '?', reason: `${entry.Code}: ${entry.Message ?? ''}`.trim() });
      } catch (error) {
        for (const m of batch) failed.push({ messageId: m.MessageId!, reason: (error as Error).message });
      }
    }
    return failed;
  }
}

const THROTTLING = new Set(['RequestThrottled', 'ThrottlingException', 'TooManyRequestsException', 'Throttling', 'ThrottledException']);

/**
 * Runs one AWS call of the dead-letter commands. Errors say what to do, as elsewhere in lib/ops,
 * and always keep the service's own message: at 3 AM it is often the clue.
 */
export async function deadLetterCall<T>(context: AwsCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw deadLetterError(error, context);
  }
}

/** An AWS error of a dead-letter operation, as an OpsError that quotes the service. */
export function deadLetterError(error: unknown, context: AwsCallContext): OpsError {
  if (error instanceof OpsError) return withServiceMessage(error);
  const name = (error as { name?: string })?.name ?? 'Error';
  const message = (error as { message?: string })?.message ?? String(error);
  const on = context.resource ? ` (${context.resource})` : '';
  if (name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue') {
    return new AwsOperationError(`${context.action}: the dead-letter queue${on} does not exist (${name}: ${message}). Is the stage deployed, and are cdk-outputs.json (or --queue-url) and the region current?`, name, { cause: error });
  }
  if (THROTTLING.has(name)) {
    return new AwsOperationError(`${context.action}: AWS throttled the request${on} even after retrying (${name}: ${message}); wait a few seconds and run the command again.`, name, { cause: error });
  }
  if (name === 'AccessDenied' || name === 'KmsAccessDenied') {
    return new AwsOperationError(`${context.action}: AWS refused the credentials in use${on} (${name}: ${message}); check AWS_PROFILE and its permissions.`, name, { cause: error });
  }
  return withServiceMessage(translateAwsError(error, context));
}

/** An AwsOperationError whose message lacks its cause's message gets it appended. */
function withServiceMessage(error: OpsError): OpsError {
  const cause = error.cause as { name?: string; message?: string } | undefined;
  if (!(error instanceof AwsOperationError) || !cause?.message || error.message.includes(cause.message)) return error;
  return new AwsOperationError(`${error.message} (${cause.name ?? error.awsError}: ${cause.message})`, error.awsError, { cause });
}
