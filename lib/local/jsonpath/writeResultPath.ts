import { TaskFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { parsePath } from './parsePath.ts';
import { defineOwn, isJsonObject } from './evaluateSegments.ts';
import type { PathSegment } from './pathAst.ts';

/**
 * Places a state's result into its input according to `ResultPath`, without mutating the input.
 *
 * - `undefined` or `'$'`: the result replaces the input.
 * - `null`: the result is discarded; the input passes through.
 * - `'$.a.b'`: sets `a.b`, creating missing objects on the way.
 *
 * @throws TaskFailure `States.ResultPathMatchFailure` when the path runs into a non-object (for
 *   example a string input and `$.x`), and `States.Runtime` when it is not a reference path.
 * @example writeResultPath({ a: 1 }, '$.b', 2) // { a: 1, b: 2 }
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
 */
export function writeResultPath(input: unknown, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === undefined) return result;
  if (resultPath === null) return input;
  const parsed = parsePath(resultPath);
  const referenceOnly = parsed.segments.every(
    (s) => (s.kind === 'child' && s.names.length === 1) || (s.kind === 'index' && s.indexes.length === 1),
  );
  if (parsed.root.kind !== 'data' || !referenceOnly) {
    throw new TaskFailure(
      StatesErrors.RUNTIME,
      `ResultPath '${resultPath}' must be a reference path on the input ($, dot and bracket notation only)`,
    );
  }
  return setAt(input, parsed.segments, 0, result, () => matchFailure(resultPath, input));
}

function setAt(
  node: unknown,
  segments: readonly PathSegment[],
  depth: number,
  result: unknown,
  fail: () => never,
): unknown {
  const segment = segments[depth];
  if (segment === undefined) return result;
  if (segment.kind === 'child') {
    const name = segment.names[0] ?? '';
    // A missing intermediate node becomes an empty object, as AWS extends the input.
    const target = node === undefined && depth > 0 ? {} : node;
    if (!isJsonObject(target)) return fail();
    const copy: Record<string, unknown> = { ...target };
    // Only own keys count: `__proto__` must read as missing, never as Object.prototype.
    const child = Object.prototype.hasOwnProperty.call(target, name) ? target[name] : undefined;
    defineOwn(copy, name, setAt(child, segments, depth + 1, result, fail));
    return copy;
  }
  if (segment.kind === 'index' && Array.isArray(node)) {
    const raw = segment.indexes[0] ?? 0;
    const at = raw < 0 ? node.length + raw : raw;
    if (at < 0 || at >= node.length) return fail();
    const copy = [...node];
    copy[at] = setAt(node[at], segments, depth + 1, result, fail);
    return copy;
  }
  return fail();
}

function matchFailure(resultPath: string, input: unknown): never {
  const text = JSON.stringify(input) ?? String(input);
  throw new TaskFailure(
    StatesErrors.RESULT_PATH_MATCH_FAILURE,
    `Unable to apply ResultPath '${resultPath}' to input '${text.length > 500 ? `${text.slice(0, 500)}...` : text}'`,
  );
}
