import { describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { idempotencyKeyHeader, idempotencyKeyValue } from '../../../lib/runtime/idempotency/idempotencyKey.ts';

describe('Function: idempotencyKeyHeader', () => {
  it('gives the same header whatever the order of an object key value (as Powertools sorts for the record id)', () => {
    const a = idempotencyKeyHeader('wf', 'charge', { orderId: 'o-1', line: { sku: 's', qty: 2 } });
    const b = idempotencyKeyHeader('wf', 'charge', { line: { qty: 2, sku: 's' }, orderId: 'o-1' });

    expect(a).toBe(b);
    expect(a).toMatch(/^wf\.charge\.[0-9a-f]{32}$/);
  });

  it('keeps distinct values distinct', () => {
    expect(idempotencyKeyHeader('wf', 'charge', ['a', 'b'])).not.toBe(idempotencyKeyHeader('wf', 'charge', ['b', 'a']));
  });
});

describe('Function: idempotencyKeyValue', () => {
  it.each([[''], ['   '], ['\t\n']])('refuses a blank key %j as Aethon.InvalidInput', (blank) => {
    expect(() => idempotencyKeyValue({ orderId: blank }, 'orderId')).toThrow(expect.objectContaining({ name: AethonErrors.INVALID_INPUT }));
  });

  it('returns the selected value', () => {
    expect(idempotencyKeyValue({ orderId: ' o-1 ' }, 'orderId')).toBe(' o-1 ');
  });
});
