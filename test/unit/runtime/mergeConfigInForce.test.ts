/** The rule for configuration across spec changes: defaults fill new keys, values in force are kept. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, mergeConfigInForce } from '../../../lib/runtime/config/index.ts';

const spec = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['deploysFrozen', 'verifyAttempts', 'verifyTimeoutSeconds'],
    properties: {
      deploysFrozen: { type: 'boolean' },
      verifyAttempts: { type: 'integer', minimum: 1, maximum: 20 },
      verifyTimeoutSeconds: { type: 'integer', minimum: 1 },
      limits: { type: 'object', properties: { rate: { type: 'integer' }, burst: { type: 'integer' } } },
    },
  },
  defaults: { deploysFrozen: false, verifyAttempts: 5, verifyTimeoutSeconds: 30, limits: { rate: 10, burst: 20 } },
};

describe('Function: mergeConfigInForce', () => {
  it('seeds the defaults when nothing is in force', () => {
    // Act
    const merge = mergeConfigInForce(undefined, spec);
    // Assess
    expect(merge).toMatchObject({ seeded: true, changed: true, added: [], removed: [], kept: [], refused: [] });
    expect(merge.document).toEqual(spec.defaults);
    expect(merge.document).not.toBe(spec.defaults);
  });

  it('fills a new required key with its default and keeps a flipped value whose default changed', () => {
    // Prepare: frozen during an incident; the spec since gained verifyTimeoutSeconds and limits.burst
    const inForce = { deploysFrozen: true, verifyAttempts: 5, limits: { rate: 3 } };
    // Act
    const merge = mergeConfigInForce(inForce, spec);
    // Assess
    expect(merge.document).toEqual({ deploysFrozen: true, verifyAttempts: 5, verifyTimeoutSeconds: 30, limits: { rate: 3, burst: 20 } });
    expect(merge.added).toEqual([
      { key: 'limits.burst', value: 20 },
      { key: 'verifyTimeoutSeconds', value: 30 },
    ]);
    expect(merge.kept).toEqual([
      { key: 'deploysFrozen', value: true, default: false },
      { key: 'limits.rate', value: 3, default: 10 },
    ]);
    expect(merge).toMatchObject({ seeded: false, removed: [], refused: [], changed: true });
  });

  it('drops a key the schema no longer declares and says which', () => {
    // Act
    const merge = mergeConfigInForce({ ...spec.defaults, legacyMode: 'blue' }, spec);
    // Assess
    expect(merge.removed).toEqual([{ key: 'legacyMode', value: 'blue' }]);
    expect(merge.document).toEqual(spec.defaults);
    expect(merge.refused).toEqual([]);
  });

  it('keeps undeclared keys when the schema is open (no properties, or additionalProperties allowed)', () => {
    // Act
    const open = mergeConfigInForce({ extra: 1 }, { schema: { type: 'object', properties: { a: {} }, additionalProperties: { type: 'integer' } }, defaults: { a: 1 } });
    const free = mergeConfigInForce({ extra: 1 }, { schema: { type: 'object' }, defaults: {} });
    const patterned = mergeConfigInForce({ 'x-team': 'ops', other: 1 }, { schema: { type: 'object', properties: {}, patternProperties: { '^x-': {} } }, defaults: {} });
    // Assess
    expect(open.document).toEqual({ extra: 1, a: 1 });
    expect(open.removed).toEqual([]);
    expect(free.document).toEqual({ extra: 1 });
    expect(patterned.document).toEqual({ 'x-team': 'ops' });
    expect(patterned.removed).toEqual([{ key: 'other', value: 1 }]);
  });

  it('refuses a kept value that the new schema rejects, naming the key and the value', () => {
    // Prepare: verifyAttempts was set to 50 when the maximum was higher
    const inForce = { deploysFrozen: true, verifyAttempts: 50, verifyTimeoutSeconds: 30 };
    // Act
    const merge = mergeConfigInForce(inForce, spec);
    // Assess
    expect(merge.refused).toEqual([{ key: 'verifyAttempts', value: 50, message: 'must be <= 20' }]);
  });

  it('names a required key that has no default as the refused key', () => {
    // Act
    const merge = mergeConfigInForce({ a: 1 }, { schema: { type: 'object', required: ['a', 'region'], properties: { a: {}, region: { type: 'string' } } }, defaults: { a: 1 } });
    // Assess
    expect(merge.refused).toEqual([{ key: 'region', value: undefined, message: "must have required property 'region'" }]);
  });

  it('reports no change when the document already fits, whatever its key order', () => {
    // Act
    const merge = mergeConfigInForce({ limits: { burst: 20, rate: 10 }, verifyTimeoutSeconds: 30, verifyAttempts: 5, deploysFrozen: false }, spec);
    // Assess
    expect(merge).toMatchObject({ changed: false, added: [], removed: [], kept: [], refused: [] });
  });

  it('refuses a document in force that is not an object', () => {
    // Act
    const merge = mergeConfigInForce([1, 2], spec);
    // Assess
    expect(merge.refused).toEqual([{ key: '', value: [1, 2], message: 'the configuration in force is not a JSON object' }]);
  });
});

describe('Function: canonicalJson', () => {
  it('ignores key order but not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
