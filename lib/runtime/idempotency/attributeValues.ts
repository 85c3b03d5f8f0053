/**
 * JSON <-> DynamoDB AttributeValue for idempotency records. The record layout matches Powertools'
 * own DynamoDB layer (a step result is stored as a map `M`, numbers as `N`), so records stay
 * readable by either implementation.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A JSON value as an AttributeValue. `undefined` members are dropped, as JSON.stringify drops them. */
export function toAttributeValue(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { NULL: true }; // JSON has no NaN/Infinity either
    return { N: String(value) };
  }
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttributeValue) };
  if (typeof value === 'object') {
    const map: Record<string, AttributeValue> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) map[key] = toAttributeValue(member);
    return { M: map };
  }
  throw new TypeError(`cannot store a ${typeof value} in an idempotency record`);
}

/** An AttributeValue back to JSON; sets and binaries (never written by Aethon) come back as arrays and base64. */
export function fromAttributeValue(value: AttributeValue): unknown {
  if (value.NULL) return null;
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.M !== undefined) return Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, fromAttributeValue(v)]));
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  if (value.B !== undefined) return Buffer.from(value.B).toString('base64');
  if (value.BS !== undefined) return value.BS.map((b) => Buffer.from(b).toString('base64'));
  return null;
}
