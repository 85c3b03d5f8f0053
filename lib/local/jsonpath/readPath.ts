import { TaskFailure, type StatesFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { parsePath } from './parsePath.ts';
import { selectNodes } from './evaluateSegments.ts';
import type { PathScope } from './scope.ts';

/** What a path selected, before the definite/indefinite rule turns it into one value. */
export interface PathQueryResult {
  /** True when the path can name at most one node (no wildcard, filter, slice, `..`). */
  readonly definite: boolean;
  /** Every node selected, in document order; empty when nothing matched. */
  readonly values: readonly unknown[];
}

/**
 * Runs a JSONPath and returns every node it selects, without raising on "no match".
 * Choice rules use it for `IsPresent`; most callers want {@link readPath}.
 * @throws TaskFailure `States.Runtime` when the path is malformed or names an unknown variable.
 */
export function queryPath(path: string, data: unknown, scope: PathScope): PathQueryResult {
  const parsed = parsePath(path);
  let start: unknown;
  if (parsed.root.kind === 'data') start = data;
  else if (parsed.root.kind === 'context') start = scope.context;
  else {
    const { name } = parsed.root;
    if (!Object.prototype.hasOwnProperty.call(scope.variables, name)) {
      throw new TaskFailure(StatesErrors.RUNTIME, `Invalid path '${path}': the variable '${name}' is not defined`);
    }
    start = scope.variables[name];
  }
  return { definite: parsed.definite, values: selectNodes(parsed.segments, start, start) };
}

/**
 * Reads a JSONPath: `$...` from `data`, `$$...` from the context object, `$name...` from variables.
 *
 * A definite path returns the one node it names; an indefinite path (wildcard, filter, slice,
 * recursive descent, several keys or indexes) returns an array of every match, as AWS does.
 * @param field - the ASL field being evaluated (e.g. `InputPath`, `size.$`), named in errors.
 * @throws TaskFailure `States.Runtime` when a definite path matches nothing.
 * @example readPath('$.a[0]', { a: [1, 2] }, scope) // 1
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
 */
export function readPath(path: string, data: unknown, scope: PathScope, field?: string): unknown {
  const { definite, values } = queryPath(path, data, scope);
  if (!definite) return [...values];
  if (values.length === 0) throw pathNotFound(path, data, scope, field);
  return values[0];
}

function pathNotFound(path: string, data: unknown, scope: PathScope, field?: string): StatesFailure {
  // Worded as AWS words it, e.g. "The JSONPath '$.nope.deep' specified for the field 'missing.$'
  // could not be found in the input '{"other":1}'"; the engine prefixes the state name.
  const where = path.startsWith('$$') ? `the context object '${describe(scope.context)}'` : `the input '${describe(data)}'`;
  const forField = field === undefined ? '' : ` specified for the field '${field}'`;
  return new TaskFailure(StatesErrors.RUNTIME, `The JSONPath '${path}'${forField} could not be found in ${where}`);
}

/** AWS caps an error cause at 32,768 characters; keep the quoted JSON within that. */
function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 32_000 ? `${text.slice(0, 32_000)}...` : text;
}
