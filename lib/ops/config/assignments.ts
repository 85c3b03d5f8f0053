/**
 * `key=value` arguments of `aethon config set`. Values are JSON where they parse as JSON
 * (`deploysFrozen=true` is a boolean, `verifyAttempts=3` a number, `tag='"007"'` a string, `list=[1,2]`
 * an array) and plain text otherwise (`freezeReason=incident 42`). Dotted keys reach into nested
 * objects (`limits.rate=5`), creating them as needed.
 */
import { InvalidRequestError } from '../errors.ts';

/** One parsed `key=value`. */
export interface Assignment {
  /** The key split on dots: `a.b` -> ['a', 'b']. */
  readonly path: readonly string[];
  readonly value: unknown;
}

const KEY_PART = /^[A-Za-z0-9_$-]+$/;

/**
 * Parses `key=value` arguments.
 * @throws InvalidRequestError naming the argument that is not `key=value`
 * @example
 * parseAssignments(['deploysFrozen=true', 'limits.rate=5']); // [{ path: ['deploysFrozen'], value: true }, { path: ['limits', 'rate'], value: 5 }]
 */
export function parseAssignments(args: readonly string[]): Assignment[] {
  return args.map((arg) => {
    const at = arg.indexOf('=');
    if (at <= 0) throw new InvalidRequestError(`'${arg}' is not key=value; e.g. deploysFrozen=true or limits.rate=5`);
    const key = arg.slice(0, at);
    const path = key.split('.');
    const bad = path.find((part) => !KEY_PART.test(part));
    if (bad !== undefined) throw new InvalidRequestError(`'${key}' is not a valid key: use letters, digits, '_', '-' and dots between parts`);
    if (path.some((part) => part === '__proto__' || part === 'constructor' || part === 'prototype')) throw new InvalidRequestError(`'${key}' is not a valid key`);
    return { path, value: parseValue(arg.slice(at + 1)) };
  });
}

/** JSON when it parses, text otherwise; whitespace around JSON is forgiven. */
export function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    // A quote that does not close is a typo more likely than a value that starts with a quote.
    if (/^["[{]/.test(trimmed)) throw new InvalidRequestError(`the value ${text} starts like JSON but is not valid JSON; quote it for the shell, e.g. key='"text"'`);
    return text;
  }
}

/** A copy of `document` with every assignment applied, in order; the original is not touched. */
export function applyAssignments(document: unknown, assignments: readonly Assignment[]): Record<string, unknown> {
  const result = structuredClone(isObject(document) ? document : {}) as Record<string, unknown>;
  for (const { path, value } of assignments) {
    let node = result;
    for (const [i, part] of path.slice(0, -1).entries()) {
      const next = node[part];
      if (next === undefined) node[part] = {};
      else if (!isObject(next)) throw new InvalidRequestError(`cannot set '${path.join('.')}': '${path.slice(0, i + 1).join('.')}' holds ${JSON.stringify(next)}, not an object`);
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
