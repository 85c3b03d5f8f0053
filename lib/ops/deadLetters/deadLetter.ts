/**
 * One message of a stage's trigger dead-letter queue, read: which trigger sent it, why, and what
 * to re-deliver. Three senders write to the queue, each in its own shape:
 * - an EventBridge rule's target: the body is the event; attributes RULE_ARN, TARGET_ARN,
 *   ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS (and EXHAUSTED_RETRY_CONDITION);
 * - an EventBridge Scheduler schedule: the body is the target's input; attributes SCHEDULE_ARN,
 *   TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS, EXECUTION_ID, SCHEDULED_TIME;
 * - the starter Lambda's on-failure destination: the body is an invocation record whose
 *   `requestPayload` is the event, `requestContext.condition` why it was given up
 *   (RetriesExhausted, EventAgeExceeded) and `responsePayload.errorType`/`errorMessage` the error.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
import type { Message } from '@aws-sdk/client-sqs';
import { functionNameOfArn, ruleOfArn, scheduleNameOfArn } from './arns.ts';
import { jsonTextAt } from './jsonText.ts';

/** Message attributes, by sender. Scheduler's are also read under the `X-Amz-Scheduler-` names some senders use. */
export const DeadLetterAttribute = {
  RULE_ARN: 'RULE_ARN',
  SCHEDULE_ARN: ['SCHEDULE_ARN', 'X-Amz-Scheduler-Schedule-Arn'],
  TARGET_ARN: ['TARGET_ARN', 'X-Amz-Scheduler-Target-Arn'],
  ERROR_CODE: ['ERROR_CODE', 'X-Amz-Scheduler-Error-Code'],
  ERROR_MESSAGE: ['ERROR_MESSAGE', 'X-Amz-Scheduler-Error-Message'],
  RETRY_ATTEMPTS: ['RETRY_ATTEMPTS', 'X-Amz-Scheduler-Attempt'],
  /** Why the sender gave up: MaximumRetryAttemptsExhausted, MaximumEventAgeExceeded. */
  EXHAUSTED_RETRY_CONDITION: ['EXHAUSTED_RETRY_CONDITION'],
} as const;

/** Who sent a dead letter. */
export interface DeadLetterTrigger {
  readonly kind: 'rule' | 'schedule' | 'starter' | 'unknown';
  /** The rule, schedule or starter function ARN. */
  readonly arn?: string;
  /** Its short name: the rule's name, `<group>/<schedule>`, the function's name. */
  readonly name?: string;
  /** Rules: the bus the rule listens on (`default` unless the rule ARN names another). */
  readonly bus?: string;
  /** Rules and schedules: the target that could not be reached (a state machine or a starter). */
  readonly targetArn?: string;
  /** Starter records: why Lambda gave up (RetriesExhausted, EventAgeExceeded). */
  readonly condition?: string;
}

/** One dead letter, read. */
export interface DeadLetter {
  readonly messageId: string;
  /** The handle of this receive; what DeleteMessage and ChangeMessageVisibility take. */
  readonly receiptHandle: string;
  /** When the sender put it in the queue, ISO 8601. */
  readonly sentAt?: string;
  /** How often it has been received, this time included (SQS ApproximateReceiveCount). */
  readonly receiveCount: number;
  readonly trigger: DeadLetterTrigger;
  readonly error?: { readonly code?: string; readonly message?: string };
  /** Deliveries the sender reports: RETRY_ATTEMPTS, or the record's approximateInvokeCount. */
  readonly attempts?: number;
  /** Rules and schedules: why the sender gave up (EXHAUSTED_RETRY_CONDITION). */
  readonly exhaustedRetryCondition?: string;
  /** Rules and starters: the EventBridge event, parsed (for display and matching only). */
  readonly event?: Readonly<Record<string, unknown>>;
  /** Schedules: the input the state machine was to start with, parsed (for display only). */
  readonly input?: unknown;
  /**
   * What goes back to the target, as the exact text the sender wrote (never re-serialized): a
   * rule's event (the body), a starter record's requestPayload, a schedule's input.
   */
  readonly payloadText?: string;
  /** The body as sent: parsed when it is JSON, the text otherwise. */
  readonly body: unknown;
  /** Why the message cannot be replayed as it is (a body that is not JSON, ...); it is never deleted. */
  readonly problem?: string;
}

/** Reads one received message; never throws, a message it cannot read gets a `problem`. */
export function parseDeadLetter(message: Message): DeadLetter {
  const attribute = (...names: readonly string[]): string | undefined => names.map((name) => message.MessageAttributes?.[name]?.StringValue).find((value) => value !== undefined && value !== '');
  const text = message.Body ?? '';
  const parsed = parseJson(text);
  const base = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    ...optional('sentAt', isoOfEpochMs(message.Attributes?.SentTimestamp)),
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0) || 0,
    body: parsed.ok ? parsed.value : text,
  };
  const error = errorOf(attribute(...DeadLetterAttribute.ERROR_CODE), attribute(...DeadLetterAttribute.ERROR_MESSAGE));
  const attempts = wholeNumber(attribute(...DeadLetterAttribute.RETRY_ATTEMPTS));
  const common = { ...optional('error', error), ...optional('attempts', attempts), ...optional('exhaustedRetryCondition', attribute(...DeadLetterAttribute.EXHAUSTED_RETRY_CONDITION)) };

  const ruleArn = attribute(DeadLetterAttribute.RULE_ARN);
  if (ruleArn) {
    const rule = ruleOfArn(ruleArn);
    const targetArn = attribute(...DeadLetterAttribute.TARGET_ARN);
    const trigger: DeadLetterTrigger = { kind: 'rule', arn: ruleArn, name: rule?.name ?? ruleArn, ...optional('bus', rule?.bus), ...optional('targetArn', targetArn) };
    if (!parsed.ok) return { ...base, ...common, trigger, problem: `its body is not JSON (${parsed.reason}), so it is not the EventBridge event the rule failed to deliver` };
    if (!isEvent(parsed.value)) return { ...base, ...common, trigger, problem: 'its body is not an EventBridge event (it lacks source, detail-type or detail)' };
    return { ...base, ...common, trigger, event: parsed.value, payloadText: text };
  }

  const scheduleArn = attribute(...DeadLetterAttribute.SCHEDULE_ARN);
  if (scheduleArn) {
    const targetArn = attribute(...DeadLetterAttribute.TARGET_ARN);
    const trigger = (): DeadLetterTrigger => ({ kind: 'schedule', arn: scheduleArn, name: scheduleNameOfArn(scheduleArn), ...optional('targetArn', targetArn) });
    if (!parsed.ok) return { ...base, ...common, trigger: trigger(), problem: `its body is not JSON (${parsed.reason}), and a state machine takes JSON input only` };
    // The target comes from the message's attributes only (planReplay refuses a message without
    // one): a body is data, and a schedule's own input may well name a state machine.
    let input: unknown = parsed.value;
    let payloadText = text;
    // Some senders write the StartExecution request rather than the bare input. Unwrap only a
    // body that is exactly such a request for this very target (a JSON string: decoding it gives
    // back its text exactly); any other body is the input itself.
    if (targetArn !== undefined && isStartExecutionRequestFor(parsed.value, targetArn)) {
      const inner = parseJson(parsed.value.input);
      if (!inner.ok) return { ...base, ...common, trigger: trigger(), problem: `the input in its body is not JSON (${inner.reason})` };
      input = inner.value;
      payloadText = parsed.value.input;
    }
    return { ...base, ...common, trigger: trigger(), input, payloadText };
  }

  if (parsed.ok && isInvocationRecord(parsed.value)) {
    const { requestContext, requestPayload, responsePayload } = parsed.value;
    const functionArn = typeof requestContext.functionArn === 'string' ? requestContext.functionArn : undefined;
    const condition = typeof requestContext.condition === 'string' ? requestContext.condition : undefined;
    const response = isObject(responsePayload) ? responsePayload : {};
    const trigger: DeadLetterTrigger = {
      kind: 'starter',
      ...optional('arn', functionArn),
      ...optional('name', functionArn ? functionNameOfArn(functionArn) : undefined),
      ...optional('condition', condition),
    };
    const recordError = errorOf(stringOr(response.errorType) ?? condition, stringOr(response.errorMessage));
    const recordCommon = { ...optional('error', recordError), ...optional('attempts', wholeNumber(requestContext.approximateInvokeCount)) };
    if (!isEvent(requestPayload)) return { ...base, ...recordCommon, trigger, problem: "the invocation record's requestPayload is not an EventBridge event" };
    const payloadText = textAt(text, 'requestPayload');
    if (payloadText === undefined) return { ...base, ...recordCommon, trigger, problem: "the invocation record's requestPayload could not be read as text" };
    return { ...base, ...recordCommon, trigger, event: requestPayload, payloadText };
  }

  return {
    ...base,
    ...common,
    trigger: { kind: 'unknown' },
    problem: parsed.ok
      ? 'no Aethon trigger sent it: it has no RULE_ARN or SCHEDULE_ARN attribute and is not a Lambda invocation record'
      : `its body is not JSON (${parsed.reason}) and it has no RULE_ARN or SCHEDULE_ARN attribute`,
  };
}

/** source, detail-type and id of the event a dead letter carries, for display. */
export function eventSummaryOf(letter: DeadLetter): { readonly source?: string; readonly detailType?: string; readonly id?: string } {
  const event = letter.event ?? {};
  return { ...optional('source', stringOr(event.source)), ...optional('detailType', stringOr(event['detail-type'])), ...optional('id', stringOr(event.id)) };
}

function isEvent(value: unknown): value is Record<string, unknown> {
  return isObject(value) && typeof value.source === 'string' && typeof value['detail-type'] === 'string' && isObject(value.detail);
}

function isInvocationRecord(value: unknown): value is { requestContext: Record<string, unknown>; requestPayload: unknown; responsePayload?: unknown } {
  return isObject(value) && isObject(value.requestContext) && 'requestPayload' in value;
}

const START_EXECUTION_FIELDS = new Set(['stateMachineArn', 'input', 'name', 'traceHeader']);

function isStartExecutionRequestFor(value: unknown, targetArn: string): value is { stateMachineArn: string; input: string } {
  return (
    isObject(value) &&
    value.stateMachineArn === targetArn &&
    typeof value.input === 'string' &&
    Object.keys(value).every((key) => START_EXECUTION_FIELDS.has(key))
  );
}

/** The exact text of a top-level value; undefined also when the scanner cannot follow the nesting. */
function textAt(text: string, key: string): string | undefined {
  try {
    return jsonTextAt(text, [{ key }]);
  } catch {
    // JSON.parse accepted the body; only nesting deeper than the scanner's stack can land here.
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function errorOf(code: string | undefined, message: string | undefined): DeadLetter['error'] {
  return code || message ? { ...optional('code', code), ...optional('message', message) } : undefined;
}

function isoOfEpochMs(value: string | undefined): string | undefined {
  const ms = Number(value);
  return value && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function wholeNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `{ key: value }` when the value is defined, `{}` otherwise: keeps undefined out of the JSON output. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
