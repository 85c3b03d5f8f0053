import { randomInt } from 'node:crypto';
import type { PathScope } from '../jsonpath/scope.ts';
import { expectArgCount, integerArg, intrinsicFailure, type Invocation, type IntrinsicFunction } from './invocation.ts';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * The math and identifier intrinsics of ASL: MathRandom, MathAdd, UUID.
 * Randomness comes from `scope.random`, so tests (and replays) are deterministic.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-math-operation
 */
export const mathFunctions: Record<string, IntrinsicFunction> = {
  'States.MathRandom': (inv) => {
    expectArgCount(inv, 2, 3);
    const start = integerArg(inv, 0);
    const end = integerArg(inv, 1);
    if (end < start) throw intrinsicFailure(inv, `end (${end}) must not be less than start (${start})`, 1);
    // The same seed must give the same number, so a seeded call uses its own generator.
    const random = inv.values.length === 3 ? seededRandom(integerArg(inv, 2)) : randomSource(inv.scope);
    return start + Math.floor(random() * (end - start));
  },

  'States.MathAdd': (inv) => {
    expectArgCount(inv, 2);
    return addendAt(inv, 0) + addendAt(inv, 1);
  },

  'States.UUID': (inv) => {
    expectArgCount(inv, 0);
    const random = randomSource(inv.scope);
    const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256) & 0xff);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
};

/** AWS rounds a non-integer addend to the nearest integer and limits addends to 32-bit integers. */
function addendAt(inv: Invocation, index: number): number {
  const value = inv.values[index];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw intrinsicFailure(inv, `must be a number, got ${JSON.stringify(value)}`, index);
  }
  const rounded = Math.round(value);
  if (rounded < INT32_MIN || rounded > INT32_MAX) {
    throw intrinsicFailure(inv, `must be between ${INT32_MIN} and ${INT32_MAX}, got ${value}`, index);
  }
  return rounded;
}

/** The injected source, or a cryptographic one when the caller injected none. */
function randomSource(scope: PathScope): () => number {
  return scope.random ?? (() => randomInt(0, 2 ** 47) / 2 ** 47);
}

/** mulberry32: a small deterministic generator, enough for a seeded pick (not for security). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
