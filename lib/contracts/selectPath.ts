/**
 * The simple JSONPath that triggers use (`$`, `$.detail.email`, `$.items[0]`): a path of names
 * and indexes, nothing more, so the starter needs no JSONPath library in its bundle.
 */

/** What a path selects, or undefined when any step is missing. */
export function selectPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  if (!path.startsWith('$')) throw new Error(`'${path}' is not a JSONPath (it must start with '$')`);
  let current: unknown = value;
  for (const [, name, index] of path.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = name !== undefined ? (current as Record<string, unknown>)[name] : (current as unknown[])[Number(index)];
  }
  return current;
}
