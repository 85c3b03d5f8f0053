import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../lib/runtime/index.ts';

describe('Class: Redactor', () => {
  it('replaces secret values inside strings, nested values and keys', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-value');

    expect(redactor.redactString('Bearer s3cr3t-value!')).toBe(`Bearer ${REDACTED}!`);
    expect(redactor.redactValue({ a: ['x s3cr3t-value'], 's3cr3t-value': 1 })).toEqual({ a: [`x ${REDACTED}`], [REDACTED]: 1 });
  });

  it('registers the string leaves of a JSON secret', () => {
    const redactor = new Redactor();
    redactor.add('{"username":"admin-user","password":"hunter2-long"}');

    expect(redactor.redactString('login hunter2-long')).toBe(`login ${REDACTED}`);
  });

  it('redacts an error chain in place, including getter-only messages', () => {
    const redactor = new Redactor();
    redactor.add('tok-123456');
    const cause = new DOMException('aborted tok-123456', 'TimeoutError');
    const error = new Error('failed with tok-123456', { cause });

    redactor.redactError(error);

    expect(error.message).toBe(`failed with ${REDACTED}`);
    expect(error.stack).not.toContain('tok-123456');
    expect((error.cause as Error).message).toBe(`aborted ${REDACTED}`);
  });

  it('ignores values too short to be credentials', () => {
    const redactor = new Redactor();
    redactor.add('ab');

    expect(redactor.redactString('about')).toBe('about');
  });
});
