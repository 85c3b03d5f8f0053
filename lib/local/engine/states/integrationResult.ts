import type { ResourceInfo } from '../resource.ts';

/**
 * Whether AWS records `TaskSubmitted` for this resource: the optimized integrations that wait
 * (`.sync`, `.sync:2`, `.waitForTaskToken`) record it once the service accepted the request, and
 * then `TaskSucceeded`, `TaskFailed` or `TaskTimedOut`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
 */
export function recordsSubmission(info: ResourceInfo): boolean {
  return info.family === 'Task' && info.pattern !== 'requestResponse';
}

function isStartExecution(info: ResourceInfo): boolean {
  return info.resourceType === 'states' && info.action === 'startExecution';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The task result as the integration pattern returns it. `states:startExecution.sync` returns
 * the child's DescribeExecution response with `Input` and `Output` as JSON text, `.sync:2` with
 * them as JSON values (recorded on AWS: test/fixtures/awsHistories/taskStartExecutionSync*.json),
 * so a result written either way (a mock, a local child run) comes out as AWS gives it.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
export function shapeIntegrationResult(info: ResourceInfo, result: unknown): unknown {
  if (info.family !== 'Task' || !isStartExecution(info) || !isRecord(result)) return result;
  if (info.pattern === 'sync:2') return withFields(result, (value) => (typeof value === 'string' ? parseOr(value) : value));
  if (info.pattern === 'sync') return withFields(result, (value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return result;
}

function withFields(result: Record<string, unknown>, convert: (value: unknown) => unknown): Record<string, unknown> {
  const shaped: Record<string, unknown> = { ...result };
  for (const key of ['Input', 'Output']) {
    if (result[key] !== undefined && result[key] !== null) shaped[key] = convert(result[key]);
  }
  return shaped;
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: AWS only ever stores JSON here; leave what the invoker gave.
    return text;
  }
}

/**
 * `TaskSubmitted`'s output when the invoker did not report the submission itself: the part of
 * the final result that the submitting call returned, where that is known (StartExecution
 * answers `ExecutionArn` and `StartDate`). Otherwise undefined: AWS's submit response (an SQS
 * MessageId, a Glue JobRunId, ...) is not in a callback's or a poll's result.
 */
export function submissionOf(info: ResourceInfo, result: unknown): Record<string, unknown> | undefined {
  if (!isStartExecution(info) || !isRecord(result) || result.ExecutionArn === undefined) return undefined;
  const submitted: Record<string, unknown> = { ExecutionArn: result.ExecutionArn };
  if (result.StartDate !== undefined) submitted.StartDate = result.StartDate;
  return submitted;
}
