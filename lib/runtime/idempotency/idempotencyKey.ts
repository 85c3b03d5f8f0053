/**
 * The step's idempotency key: the spec's `idempotency.key` JMESPath evaluated over the step input
 * alone, never over the execution context, so a retry (a new retryCount) or a re-run in another
 * execution maps to the same key.
 */
import { createHash } from 'node:crypto';
import { search } from '@aws-lambda-powertools/jmespath';
import { PowertoolsFunctions } from '@aws-lambda-powertools/jmespath/functions';
import { InvalidInputError } from '../errors.ts';

const functions = new PowertoolsFunctions();

/**
 * The value the key expression selects from the input.
 * @throws InvalidInputError when it selects nothing: running a side effect that was declared
 *   idempotent without its key would give up the guarantee silently.
 */
export function idempotencyKeyValue(input: unknown, expression: string): unknown {
  const value = search(expression, input as never, { customFunctions: functions });
  // A blank string is no key either: every input with one would share a single record.
  const missing = value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.every((v) => v === null || v === undefined));
  if (missing) {
    throw new InvalidInputError(`the step input has no value for its idempotency key '${expression}'`, { issues: [`idempotency key '${expression}' selects nothing`] });
  }
  return value;
}

/**
 * An opaque, stable string for the key, safe as an HTTP header and free of personal data (an email
 * used as key is not sent to a payments API): `<workflow>.<step>.<sha256 of the key value, 32 hex>`.
 * Object keys are sorted first, as Powertools does for its record id, so `{a, b}` and `{b, a}` give
 * the same header as they give the same record.
 */
export function idempotencyKeyHeader(workflow: string, step: string, keyValue: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(sortKeys(keyValue))).digest('hex').slice(0, 32);
  return `${workflow}.${step}.${digest}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
