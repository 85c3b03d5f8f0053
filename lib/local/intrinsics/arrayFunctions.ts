import { jsonEquals } from '../jsonpath/evaluateFilter.ts';
import { arrayArg, expectArgCount, integerArg, intrinsicFailure, type IntrinsicFunction } from './invocation.ts';

/** States.ArrayRange may build at most this many items. */
const MAX_RANGE_ITEMS = 1000;

/**
 * The array intrinsics of ASL.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-arrays
 */
export const arrayFunctions: Record<string, IntrinsicFunction> = {
  'States.Array': (inv) => [...inv.values],

  'States.ArrayPartition': (inv) => {
    expectArgCount(inv, 2);
    const items = arrayArg(inv, 0);
    const size = integerArg(inv, 1);
    if (size <= 0) throw intrinsicFailure(inv, `chunk size must be a positive integer, got ${size}`, 1);
    const chunks: unknown[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    return chunks;
  },

  'States.ArrayContains': (inv) => {
    expectArgCount(inv, 2);
    const needle = inv.values[1];
    return arrayArg(inv, 0).some((item) => jsonEquals(item, needle));
  },

  'States.ArrayRange': (inv) => {
    expectArgCount(inv, 3);
    const [start, end, step] = [integerArg(inv, 0), integerArg(inv, 1), integerArg(inv, 2)];
    if (step === 0) throw intrinsicFailure(inv, 'step must not be 0', 2);
    const count = Math.max(0, Math.floor((end - start) / step) + 1);
    if (count > MAX_RANGE_ITEMS) {
      throw intrinsicFailure(inv, `the range would hold ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`);
    }
    return Array.from({ length: count }, (_, i) => start + i * step);
  },

  'States.ArrayGetItem': (inv) => {
    expectArgCount(inv, 2);
    const items = arrayArg(inv, 0);
    const index = integerArg(inv, 1);
    if (index < 0 || index >= items.length) {
      throw intrinsicFailure(inv, `index ${index} is out of bounds for an array of length ${items.length}`, 1);
    }
    return items[index];
  },

  'States.ArrayLength': (inv) => {
    expectArgCount(inv, 1);
    return arrayArg(inv, 0).length;
  },

  'States.ArrayUnique': (inv) => {
    expectArgCount(inv, 1);
    const unique: unknown[] = [];
    for (const item of arrayArg(inv, 0)) if (!unique.some((seen) => jsonEquals(seen, item))) unique.push(item);
    return unique;
  },
};
