/**
 * A shortcut for the most common JSONata expressions, plain paths such as
 * `$states.input.order.id` or `$customer.name`, which skips JSONata's evaluator when every step
 * lands on a plain JSON object. Arrays (where JSONata maps over items and flattens) and anything
 * else fall back to JSONata, so results always equal what JSONata returns.
 */

const SIMPLE_PATH = /^\s*\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*$/;
const STATES_FIELDS = new Set(['input', 'result', 'errorOutput', 'context']);

/** A parsed simple path: the root binding and the property steps after it. */
export interface SimplePath {
  readonly root: string;
  readonly steps: readonly string[];
}

/** Parses `$root.a.b`; `undefined` when the expression is anything more. */
export function parseSimplePath(source: string): SimplePath | undefined {
  const match = SIMPLE_PATH.exec(source);
  if (match === null) return undefined;
  const steps = match[2] === '' ? [] : match[2]!.slice(1).split('.');
  if (match[1] === 'states' && (steps.length === 0 || !STATES_FIELDS.has(steps[0]!))) return undefined;
  return { root: match[1]!, steps };
}

/** Marker: the shortcut cannot decide, evaluate with JSONata. */
export const FALL_BACK: unique symbol = Symbol('fallBack');

/** Walks a simple path over bindings; {@link FALL_BACK} whenever JSONata semantics could differ. */
export function walkSimplePath(path: SimplePath, bindings: Readonly<Record<string, unknown>>): unknown {
  if (!Object.prototype.hasOwnProperty.call(bindings, path.root)) return FALL_BACK;
  let current: unknown = bindings[path.root];
  for (const step of path.steps) {
    if (current === undefined || current === null || typeof current !== 'object') {
      // A step into a scalar or null selects nothing (undefined) in JSONata.
      if (typeof current === 'function') return FALL_BACK;
      return undefined;
    }
    if (Array.isArray(current)) return FALL_BACK;
    current = Object.prototype.hasOwnProperty.call(current, step) ? (current as Record<string, unknown>)[step] : undefined;
  }
  if (Array.isArray(current) || typeof current === 'function') return FALL_BACK;
  return current;
}
