import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ThrottlingException } from '@aws-sdk/client-appconfigdata';
import { describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { PermanentError } from '../../../lib/runtime/index.ts';
import { toStepError } from '../../../lib/runtime/step/toStepError.ts';

const named = (name: string) => Object.assign(new Error(name), { name });

describe('Function: toStepError', () => {
  it.each([
    ['IdempotencyValidationError', AethonErrors.IDEMPOTENCY_CONFLICT],
    ['IdempotencyAlreadyInProgressError', AethonErrors.IDEMPOTENCY_IN_PROGRESS],
    ['IdempotencyKeyError', AethonErrors.INVALID_INPUT],
    ['IdempotencyPersistenceLayerError', AethonErrors.RETRYABLE],
    ['IdempotencyInconsistentStateError', AethonErrors.RETRYABLE],
  ])('maps Powertools %s to %s, keeping its name and message as the cause', (from, to) => {
    const original = Object.assign(named(from), { existingRecord: { responseData: { email: 'ana@example.com' } } });

    const mapped = toStepError(original);

    expect(mapped.name).toBe(to);
    expect(mapped.cause).toMatchObject({ name: from, message: from });
    expect(JSON.stringify(mapped.cause)).not.toContain('ana@example.com'); // the stored record stays out of logs
  });

  it('keeps Aethon errors and handler-named errors as they are', () => {
    const permanent = new PermanentError('no');
    const custom = named('Aethon.VerificationFailed');

    expect(toStepError(permanent)).toBe(permanent);
    expect(toStepError(custom)).toBe(custom);
  });

  it('turns a thrown non-error into Aethon.Permanent', () => {
    expect(toStepError('boom').name).toBe(AethonErrors.PERMANENT);
  });

  it.each([
    ['ProvisionedThroughputExceededException', () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })],
    ['ThrottlingException', () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })],
    ['SlowDown', () => Object.assign(new Error('Please reduce your request rate'), { name: 'SlowDown', $fault: 'client', $metadata: { httpStatusCode: 503 } })],
    ['$retryable', () => Object.assign(new Error('try again'), { name: 'SomeNewException', $fault: 'client', $retryable: {}, $metadata: {} })],
    ['InternalServerError', () => Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } })],
  ])("maps a handler's own AWS SDK %s to Aethon.Retryable, keeping it as the cause", (name, make) => {
    const mapped = toStepError(make());

    expect(mapped.name).toBe(AethonErrors.RETRYABLE);
    expect(mapped.message).toContain(name === '$retryable' ? 'SomeNewException' : name);
    expect(mapped.cause).toMatchObject({ name: name === '$retryable' ? 'SomeNewException' : name });
  });

  it('leaves other AWS client errors under their own names, so a workflow can catch or retry them by name', () => {
    const error = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
    const mapped = toStepError(error);

    expect(mapped).toBe(error);
    expect(mapped.name).toBe('ConditionalCheckFailedException');
  });
});
