/**
 * JSONata's value rules (effective boolean, deep equality, property lookup) for the synchronous
 * fast path, restricted to plain JSON values. Wherever JSONata's answer would depend on
 * something else (functions, lambdas, sequences, an array compared with an object), they answer
 * {@link FALL_BACK} and JSONata itself decides.
 * @see https://docs.jsonata.org/expressions
 */

/** Marker: the fast path cannot decide, evaluate with JSONata. */
export const FALL_BACK: unique symbol = Symbol('fallBack');

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** A function or a JSONata lambda: values only JSONata knows how to treat. */
export function isCallable(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  const flags = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return flags._jsonata_lambda === true || flags._jsonata_function === true;
}

/** A JSONata sequence (an array JSONata flattens and unwraps) left in a value by an earlier evaluation. */
export function isSequence(value: unknown): boolean {
  return Array.isArray(value) && (value as { sequence?: unknown }).sequence === true;
}

/** A value the fast path may hand on as it is: neither callable nor a sequence. */
export function plain(value: unknown): unknown {
  return isCallable(value) || isSequence(value) ? FALL_BACK : value;
}

/**
 * One property step (`.name`) from `current`: an object's own property, `undefined` from a
 * scalar or `undefined`; arrays (which JSONata maps over) fall back.
 */
export function step(current: unknown, key: string): unknown {
  if (current === undefined || current === null || typeof current !== 'object') return typeof current === 'function' ? FALL_BACK : undefined;
  if (Array.isArray(current) || isCallable(current)) return FALL_BACK;
  return hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
}

/**
 * Sets an own property, `__proto__` included. jsonata builds its objects without a prototype
 * (where `__proto__` is a plain key); the fast path builds ordinary objects, which V8 keeps in a
 * faster shape (building and serializing them measured about a third quicker), with the same keys.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** JSONata's effective boolean value (`$boolean`): `undefined` stays `undefined`. */
export function effectiveBoolean(value: unknown): boolean | undefined | typeof FALL_BACK {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (isSequence(value)) return FALL_BACK;
    if (value.length === 1) return effectiveBoolean(value[0]);
    let any = false;
    for (const item of value) {
      const b = effectiveBoolean(item);
      if (b === FALL_BACK) return FALL_BACK;
      if (b === true) any = true;
    }
    return any;
  }
  switch (typeof value) {
    case 'string':
      return value.length > 0;
    case 'number':
      return Number.isNaN(value) || !Number.isFinite(value) ? FALL_BACK : value !== 0;
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return false;
      return isCallable(value) ? FALL_BACK : Object.keys(value).length > 0;
    default:
      return FALL_BACK;
  }
}

/** JSONata's `=` on two defined values. */
export function deepEqual(left: unknown, right: unknown): boolean | typeof FALL_BACK {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  if (isCallable(left) || isCallable(right) || isSequence(left) || isSequence(right)) return FALL_BACK;
  const leftArray = Array.isArray(left);
  // JSONata compares an array with an object by their property names ('length' included).
  if (leftArray !== Array.isArray(right)) return FALL_BACK;
  if (leftArray) {
    const l = left as unknown[];
    const r = right as unknown[];
    if (l.length !== r.length) return false;
    for (let i = 0; i < l.length; i++) {
      const same = deepEqual(l[i], r[i]);
      if (same !== true) return same;
    }
    return true;
  }
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!hasOwn(right, key)) return false;
    const same = deepEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]);
    if (same !== true) return same;
  }
  return true;
}
