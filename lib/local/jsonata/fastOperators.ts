/**
 * The functions and operators of the synchronous fast path (fastPath.ts), each with jsonata's
 * semantics on the values it accepts and {@link FALL_BACK} for every other value (jsonata then
 * decides, and reports its own type errors).
 * @see https://docs.jsonata.org/expressions
 */
import { deepEqual, effectiveBoolean, FALL_BACK, isCallable, setOwn } from './fastValues.ts';

/** The jsonata built-ins the fast path runs itself (all of one argument). */
export const FUNCTIONS: Readonly<Record<string, (value: unknown) => unknown>> = {
  merge: mergeObjects,
  exists: (value) => value !== undefined,
  not: (value) => {
    if (value === undefined) return undefined;
    const b = effectiveBoolean(value);
    return b === FALL_BACK ? FALL_BACK : !b;
  },
  count: (value) => (value === undefined ? 0 : Array.isArray(value) ? value.length : 1),
};

/** `$merge` of an array of objects, later keys winning; anything else is jsonata's to judge. */
function mergeObjects(value: unknown): unknown {
  if (!Array.isArray(value)) return FALL_BACK;
  const out: Record<string, unknown> = {};
  for (const item of value) {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || isCallable(item)) return FALL_BACK;
    for (const key of Object.keys(item)) setOwn(out, key, (item as Record<string, unknown>)[key]);
  }
  return out;
}

type Binary = (left: unknown, right: unknown) => unknown;

function arithmetic(op: (l: number, r: number) => number): Binary {
  return (l, r) => {
    if (typeof l === 'number' && typeof r === 'number') {
      const v = op(l, r);
      return Number.isFinite(v) ? v : FALL_BACK;
    }
    const lOk = l === undefined || typeof l === 'number';
    const rOk = r === undefined || typeof r === 'number';
    return lOk && rOk ? undefined : FALL_BACK;
  };
}

function comparison(op: (l: number | string, r: number | string) => boolean): Binary {
  return (l, r) => {
    const lt = typeof l;
    const rt = typeof r;
    if (lt === rt && (lt === 'number' || lt === 'string')) return op(l as number, r as number);
    const lOk = lt === 'undefined' || lt === 'number' || lt === 'string';
    const rOk = rt === 'undefined' || rt === 'number' || rt === 'string';
    return lOk && rOk && (lt === 'undefined' || rt === 'undefined') ? undefined : FALL_BACK;
  };
}

/** Binary operators other than `and` / `or` (which short-circuit), by their symbol. */
export const BINARY: Readonly<Record<string, Binary>> = {
  '+': arithmetic((l, r) => l + r),
  '-': arithmetic((l, r) => l - r),
  '*': arithmetic((l, r) => l * r),
  '/': arithmetic((l, r) => l / r),
  '%': arithmetic((l, r) => l % r),
  '<': comparison((l, r) => l < r),
  '<=': comparison((l, r) => l <= r),
  '>': comparison((l, r) => l > r),
  '>=': comparison((l, r) => l >= r),
  '=': (l, r) => (l === undefined || r === undefined ? false : deepEqual(l, r)),
  '!=': (l, r) => {
    if (l === undefined || r === undefined) return false;
    const same = deepEqual(l, r);
    return same === FALL_BACK ? FALL_BACK : !same;
  },
  '&': (l, r) => {
    if ((l !== undefined && typeof l !== 'string') || (r !== undefined && typeof r !== 'string')) return FALL_BACK;
    return (l ?? '') + (r ?? '');
  },
  in: (l, r) => {
    if (l === undefined || r === undefined) return false;
    return Array.isArray(r) ? r.includes(l) && !Number.isNaN(l) : r === l;
  },
};

/** `and` / `or` operands: the effective boolean, with nothing counting as false. */
export function truth(value: unknown): boolean | typeof FALL_BACK {
  if (value === FALL_BACK) return FALL_BACK;
  const b = effectiveBoolean(value);
  return b === FALL_BACK ? FALL_BACK : b === true;
}
