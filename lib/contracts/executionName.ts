/**
 * Deterministic execution names for idempotent starts: the same workflow and key always give the
 * same name, and Step Functions refuses a second Standard execution of one name for 90 days.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
import { createHash } from 'node:crypto';

/** Step Functions caps execution names at 80 characters. */
export const MAX_EXECUTION_NAME_LENGTH = 80;
/** Hex digits of SHA-256 kept: 192 bits, far beyond any chance of two keys colliding. */
const HASH_CHARS = 48;
/** Room left for a readable prefix: 80 - 48 - 1 for the dash. */
const PREFIX_CHARS = MAX_EXECUTION_NAME_LENGTH - HASH_CHARS - 1;

/**
 * The execution name for one idempotency key of one workflow.
 * Only ASCII letters, digits, `-` and `_` appear, a subset of what Step Functions allows that
 * also keeps CloudWatch metrics and logs happy.
 * @example
 * executionNameFor('user-onboarding', 'ada@example.com'); // 'user-onboarding-3f1c…' (80 chars at most)
 */
export function executionNameFor(workflow: string, key: unknown): string {
  // The key's JSON text, so that 42 and "42" stay distinct and objects hash stably enough for
  // the scalar keys that events carry.
  const digest = createHash('sha256').update(workflow).update('\u0000').update(JSON.stringify(key)).digest('hex');
  const prefix = workflow.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, PREFIX_CHARS);
  return `${prefix}-${digest.slice(0, HASH_CHARS)}`;
}

/** The ARN of a named execution of a state machine (what DescribeExecution takes). */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length !== 7 || parts[5] !== 'stateMachine') throw new Error(`'${stateMachineArn}' is not a state machine ARN`);
  return [...parts.slice(0, 5), 'execution', parts[6], executionName].join(':');
}
