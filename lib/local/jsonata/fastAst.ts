/** jsonata's AST as the synchronous fast path (fastPath.ts) reads it, and which nodes it accepts. */

/** A node of jsonata's AST, as far as the fast path reads it (jsonata's typings leave fields out). */
export interface Node {
  readonly type: string;
  readonly value?: unknown;
  readonly steps?: readonly Node[];
  readonly expressions?: readonly Node[];
  /** An operand (binary, bind), or an object constructor's key/value pairs. */
  readonly lhs?: Node | readonly (readonly [Node, Node])[];
  readonly rhs?: Node;
  readonly expression?: Node;
  readonly condition?: Node;
  readonly then?: Node;
  readonly else?: Node;
  readonly arguments?: readonly Node[];
  readonly procedure?: Node;
}

/** The keys each node kind may carry; any other annotation (predicates, grouping, focus, ...) means jsonata. */
const ALLOWED_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  variable: new Set(['type', 'value', 'position']),
  name: new Set(['type', 'value', 'position']),
  string: new Set(['type', 'value', 'position']),
  number: new Set(['type', 'value', 'position']),
  value: new Set(['type', 'value', 'position']),
  path: new Set(['type', 'steps', 'position']),
  block: new Set(['type', 'expressions', 'position']),
  bind: new Set(['type', 'value', 'lhs', 'rhs', 'position']),
  unary: new Set(['type', 'value', 'expressions', 'lhs', 'expression', 'position']),
  binary: new Set(['type', 'value', 'lhs', 'rhs', 'position']),
  condition: new Set(['type', 'condition', 'then', 'else', 'position']),
  function: new Set(['type', 'value', 'arguments', 'procedure', 'position']),
};

/** An operand rather than an object constructor's pairs. */
export function isNode(value: Node['lhs']): value is Node {
  return value !== undefined && !Array.isArray(value);
}

/** Whether a node carries only what the fast path understands of its kind. */
export function hasOnlyAllowedKeys(node: Node): boolean {
  const allowed = ALLOWED_KEYS[node.type];
  if (allowed === undefined) return false;
  // jsonata leaves some keys present but undefined (a call's `name`): those carry nothing.
  for (const key of Object.keys(node)) if (!allowed.has(key) && (node as unknown as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}
