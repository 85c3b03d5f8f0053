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
});
