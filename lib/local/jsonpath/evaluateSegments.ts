import type { PathSegment } from './pathAst.ts';
import { filterMatches } from './evaluateFilter.ts';

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(value: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/**
 * Applies path segments to `start` and returns every node selected, in document order.
 * `root` is what `$` means inside a filter (the document the path began on).
 */
export function selectNodes(segments: readonly PathSegment[], start: unknown, root: unknown): unknown[] {
  let nodes: unknown[] = [start];
  segments.forEach((segment, i) => {
    const isLast = i === segments.length - 1;
    nodes = nodes.flatMap((node) => applySegment(segment, node, root, isLast));
  });
  return nodes;
}

function applySegment(segment: PathSegment, node: unknown, root: unknown, isLast: boolean): unknown[] {
  switch (segment.kind) {
    case 'child':
      return selectChildren(segment.names, node, isLast);
    case 'index':
      return selectIndexes(segment.indexes, node);
    case 'wildcard':
      if (Array.isArray(node)) return node;
      return isJsonObject(node) ? Object.values(node) : [];
    case 'slice':
      return Array.isArray(node) ? sliceArray(node, segment.start, segment.end, segment.step) : [];
    case 'filter':
      // Jayway filters the items of an array, and tests an object as a whole.
      if (Array.isArray(node)) return node.filter((item) => filterMatches(segment.expression, item, root));
      return isJsonObject(node) && filterMatches(segment.expression, node, root) ? [node] : [];
    case 'descend':
      return descendants(node).flatMap((inner) => applySegment(segment.segment, inner, root, isLast));
  }
}

function selectChildren(names: readonly string[], node: unknown, isLast: boolean): unknown[] {
  if (!isJsonObject(node)) return [];
  if (names.length > 1 && isLast) {
    // Jayway merges `['a','b']` in last position into one object holding those keys.
    const merged: Record<string, unknown> = {};
    for (const name of names) if (hasOwn(node, name)) defineOwn(merged, name, node[name]);
    return [merged];
  }
  return names.filter((name) => hasOwn(node, name)).map((name) => node[name]);
}

function selectIndexes(indexes: readonly number[], node: unknown): unknown[] {
  if (!Array.isArray(node)) return [];
  const picked: unknown[] = [];
  for (const index of indexes) {
    const at = index < 0 ? node.length + index : index;
    if (at >= 0 && at < node.length) picked.push(node[at]);
  }
  return picked;
}

function sliceArray(items: readonly unknown[], start?: number, end?: number, step = 1): unknown[] {
  const length = items.length;
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
  const norm = (value: number) => (value < 0 ? value + length : value);
  const picked: unknown[] = [];
  if (step > 0) {
    const from = clamp(norm(start ?? 0), 0, length);
    const to = clamp(norm(end ?? length), 0, length);
    for (let i = from; i < to; i += step) picked.push(items[i]);
  } else {
    const from = clamp(norm(start ?? length - 1), -1, length - 1);
    const to = end === undefined ? -1 : clamp(norm(end), -1, length - 1);
    for (let i = from; i > to; i += step) picked.push(items[i]);
  }
  return picked;
}

/** The node and everything under it, parents before children. */
function descendants(node: unknown): unknown[] {
  const out: unknown[] = [node];
  if (Array.isArray(node)) for (const item of node) out.push(...descendants(item));
  else if (isJsonObject(node)) for (const value of Object.values(node)) out.push(...descendants(value));
  return out;
}

/** Sets an own property even for keys such as `__proto__`, which plain assignment would not. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Only `__proto__` is an accessor on plain objects; a plain store keeps every other write on
  // V8's fast path (defineProperty turns objects into slow dictionaries).
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
