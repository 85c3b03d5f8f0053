/**
 * A synchronous evaluator for the JSONata forms that compiled Aethon workflows (and most
 * hand-written definitions) use: paths from a variable (`$states.input.order.id`, `$result.id`),
 * literals, object and array constructors, `$merge`, `$exists`, `$not`, `$count`, comparisons,
 * `and`/`or`/`in`, arithmetic, `&` on strings, `? :`, and blocks with `:=`
 * (`($result := $states.result.Payload; $merge([$states.input, {...}]))`).
 *
 * jsonata 2.x always answers with a Promise, and one await per field is most of a short state's
 * cost. This evaluator is compiled from jsonata's own AST, once per expression text. It gives
 * exactly what jsonata gives or {@link FALL_BACK}: every node kind, key, operator or value it is
 * not sure about (arrays mid-path, which JSONata maps over; functions; type errors, which jsonata
 * reports with its own codes) falls back to jsonata, so results and errors always stay jsonata's.
 *
 * It needs no step budget: there are no loops, lambdas or recursion, each node runs at most
 * once per evaluation, and the only data-sized work ($merge, `=`, `in`, `$count`) is linear in
 * the state's data, itself capped at 256 KiB.
 */
import { deepEqual, effectiveBoolean, FALL_BACK, isCallable, plain, step } from './fastValues.ts';

export { FALL_BACK } from './fastValues.ts';

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

/** What a fast expression reads: `$states`, the workflow variables and the Step Functions functions. */
export interface FastScope {
  readonly states: unknown;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly functions: Readonly<Record<string, unknown>>;
}

/** Variables bound with `:=`: one frame per block, whose prototype is the enclosing block's. */
type Frame = Record<string, unknown> | null;

/** A compiled expression: its value, `undefined` (nothing), or {@link FALL_BACK}. */
export type FastExpression = (scope: FastScope, frame: Frame) => unknown;

/** Nesting deeper than this is left to jsonata, whose evaluator counts depth against the budget. */
const MAX_DEPTH = 64;

const FUNCTIONS: Readonly<Record<string, (value: unknown) => unknown>> = {
  merge: mergeObjects,
  exists: (value) => value !== undefined,
  not: (value) => {
    if (value === undefined) return undefined;
    const b = effectiveBoolean(value);
    return b === FALL_BACK ? FALL_BACK : !b;
  },
  count: (value) => (value === undefined ? 0 : Array.isArray(value) ? value.length : 1),
};

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

/** Compiles jsonata's AST of one expression; `undefined` when any part of it needs jsonata. */
export function compileFastPath(ast: Node): FastExpression | undefined {
  return compileNode(ast, 0, false);
}

function compileNode(node: Node, depth: number, inBlock: boolean): FastExpression | undefined {
  if (depth > MAX_DEPTH || !hasOnlyAllowedKeys(node)) return undefined;
  const next = depth + 1;
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const value = node.value as unknown;
      return () => value;
    }
    case 'variable': {
      const name = variableName(node);
      return name === undefined ? undefined : (scope, frame) => lookUp(name, scope, frame);
    }
    case 'path':
      return compilePath(node);
    case 'block':
      return compileBlock(node, next);
    case 'bind':
      return inBlock ? compileBind(node, next) : undefined;
    case 'unary':
      return compileUnary(node, next);
    case 'binary':
      return compileBinary(node, next);
    case 'condition':
      return compileCondition(node, next);
    case 'function':
      return compileCall(node, next);
    default:
      return undefined;
  }
}

function isNode(value: Node['lhs']): value is Node {
  return value !== undefined && !Array.isArray(value);
}

function hasOnlyAllowedKeys(node: Node): boolean {
  const allowed = ALLOWED_KEYS[node.type];
  if (allowed === undefined) return false;
  // jsonata leaves some keys present but undefined (a call's `name`): those carry nothing.
  for (const key of Object.keys(node)) if (!allowed.has(key) && (node as unknown as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

/** `$name`; not `$` or `$$` (the context), which the fast path does not read. */
function variableName(node: Node): string | undefined {
  if (node.type !== 'variable' || !hasOnlyAllowedKeys(node)) return undefined;
  const name = node.value as unknown;
  return typeof name === 'string' && name !== '' && name !== '$' ? name : undefined;
}

/** A variable's value as jsonata binds it for Aethon: block frames, `$states`, variables; else jsonata. */
function lookUp(name: string, scope: FastScope, frame: Frame): unknown {
  let value: unknown;
  if (frame !== null && name in frame) value = frame[name];
  else if (name === 'states') value = scope.states;
  else if (Object.prototype.hasOwnProperty.call(scope.variables, name)) value = scope.variables[name];
  // A Step Functions function, a jsonata built-in or an unbound name: jsonata knows which.
  else return FALL_BACK;
  return plain(value);
}

function compilePath(node: Node): FastExpression | undefined {
  const steps = node.steps ?? [];
  const root = steps.length > 1 ? variableName(steps[0]!) : undefined;
  if (root === undefined) return undefined;
  const keys: string[] = [];
  for (const s of steps.slice(1)) {
    if (s.type !== 'name' || !hasOnlyAllowedKeys(s) || typeof s.value !== 'string') return undefined;
    keys.push(s.value);
  }
  return (scope, frame) => {
    let current = lookUp(root, scope, frame);
    for (let i = 0; i < keys.length && current !== FALL_BACK; i++) {
      if (current === undefined) return undefined;
      current = step(current, keys[i]!);
    }
    return current === FALL_BACK ? FALL_BACK : plain(current);
  };
}

function compileAll(nodes: readonly Node[] | undefined, depth: number, inBlock = false): FastExpression[] | undefined {
  const out: FastExpression[] = [];
  for (const n of nodes ?? []) {
    const compiled = compileNode(n, depth, inBlock);
    if (compiled === undefined) return undefined;
    out.push(compiled);
  }
  return out;
}

function compileBlock(node: Node, depth: number): FastExpression | undefined {
  const parts = compileAll(node.expressions, depth, true);
  if (parts === undefined) return undefined;
  return (scope, frame) => {
    const own = Object.create(frame) as Record<string, unknown>;
    let value: unknown;
    for (const part of parts) {
      value = part(scope, own);
      if (value === FALL_BACK) return FALL_BACK;
    }
    return value;
  };
}

function compileBind(node: Node, depth: number): FastExpression | undefined {
  const name = isNode(node.lhs) ? variableName(node.lhs) : undefined;
  const value = node.rhs === undefined ? undefined : compileNode(node.rhs, depth, false);
  if (name === undefined || value === undefined) return undefined;
  return (scope, frame) => {
    const v = value(scope, frame);
    if (v !== FALL_BACK) frame![name] = v;
    return v;
  };
}

function compileUnary(node: Node, depth: number): FastExpression | undefined {
  if (node.value === '[') return compileArray(node, depth);
  if (node.value === '{') return compileObject(node, depth);
  if (node.value !== '-' || node.expression === undefined) return undefined;
  const operand = compileNode(node.expression, depth, false);
  if (operand === undefined) return undefined;
  return (scope, frame) => {
    const v = operand(scope, frame);
    if (v === undefined || v === FALL_BACK) return v;
    return typeof v === 'number' && Number.isFinite(v) ? -v : FALL_BACK;
  };
}

/** `[a, b]`: undefined items vanish; an item that is an array is spliced in unless written as `[...]`. */
function compileArray(node: Node, depth: number): FastExpression | undefined {
  const items = compileAll(node.expressions, depth);
  if (items === undefined || node.lhs !== undefined || node.expression !== undefined) return undefined;
  const nested = (node.expressions ?? []).map((n) => n.type === 'unary' && n.value === '[');
  return (scope, frame) => {
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const v = items[i]!(scope, frame);
      if (v === FALL_BACK) return FALL_BACK;
      if (v === undefined) continue;
      if (Array.isArray(v) && !nested[i]) for (const item of v) out.push(item);
      else out.push(v);
    }
    return out;
  };
}

/** `{"k": v}` with distinct literal keys: a key whose value is undefined is left out. */
function compileObject(node: Node, depth: number): FastExpression | undefined {
  const pairs = node.lhs as readonly (readonly [Node, Node])[] | undefined;
  if (!Array.isArray(pairs) || node.expressions !== undefined || node.expression !== undefined) return undefined;
  const keys: string[] = [];
  const values: FastExpression[] = [];
  for (const [keyNode, valueNode] of pairs) {
    if (keyNode.type !== 'string' || !hasOnlyAllowedKeys(keyNode) || typeof keyNode.value !== 'string') return undefined;
    const key = keyNode.value;
    // jsonata refuses these keys, and two pairs with one key (D1009): its errors, its call.
    if (key === '_jsonata_lambda' || key === '_jsonata_function' || keys.includes(key)) return undefined;
    const value = compileNode(valueNode, depth, false);
    if (value === undefined) return undefined;
    keys.push(key);
    values.push(value);
  }
  return (scope, frame) => {
    // jsonata builds objects without a prototype; so does the fast path, so `__proto__` is a plain key.
    const out = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]!(scope, frame);
      if (v === FALL_BACK) return FALL_BACK;
      if (v !== undefined) out[keys[i]!] = v;
    }
    return out;
  };
}

function compileCondition(node: Node, depth: number): FastExpression | undefined {
  const test = node.condition === undefined ? undefined : compileNode(node.condition, depth, false);
  const then = node.then === undefined ? undefined : compileNode(node.then, depth, false);
  const otherwise = node.else === undefined ? () => undefined : compileNode(node.else, depth, false);
  if (test === undefined || then === undefined || otherwise === undefined) return undefined;
  return (scope, frame) => {
    const t = test(scope, frame);
    if (t === FALL_BACK) return FALL_BACK;
    const b = effectiveBoolean(t);
    if (b === FALL_BACK) return FALL_BACK;
    return b === true ? then(scope, frame) : otherwise(scope, frame);
  };
}

function compileCall(node: Node, depth: number): FastExpression | undefined {
  const name = node.procedure === undefined ? undefined : variableName(node.procedure);
  const fn = name === undefined || !Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? undefined : FUNCTIONS[name];
  const args = compileAll(node.arguments, depth);
  if (fn === undefined || args === undefined || args.length !== 1) return undefined;
  const arg = args[0]!;
  return (scope, frame) => {
    // A variable or function of the same name shadows the jsonata built-in.
    if ((frame !== null && name! in frame) || Object.prototype.hasOwnProperty.call(scope.variables, name!)) return FALL_BACK;
    if (Object.prototype.hasOwnProperty.call(scope.functions, name!)) return FALL_BACK;
    const v = arg(scope, frame);
    return v === FALL_BACK ? FALL_BACK : fn(v);
  };
}

/** `$merge` of an array of objects, later keys winning; anything else is jsonata's to judge. */
function mergeObjects(value: unknown): unknown {
  if (!Array.isArray(value)) return FALL_BACK;
  const out = Object.create(null) as Record<string, unknown>;
  for (const item of value) {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || isCallable(item)) return FALL_BACK;
    for (const key of Object.keys(item)) out[key] = (item as Record<string, unknown>)[key];
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

const BINARY: Readonly<Record<string, Binary>> = {
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

function compileBinary(node: Node, depth: number): FastExpression | undefined {
  const op = node.value as string;
  const left = isNode(node.lhs) ? compileNode(node.lhs, depth, false) : undefined;
  const right = node.rhs === undefined ? undefined : compileNode(node.rhs, depth, false);
  if (left === undefined || right === undefined) return undefined;
  if (op === 'and' || op === 'or') {
    const stopOn = op === 'or';
    return (scope, frame) => {
      const l = truth(left(scope, frame));
      if (l === FALL_BACK || l === stopOn) return l;
      return truth(right(scope, frame));
    };
  }
  const apply = Object.prototype.hasOwnProperty.call(BINARY, op) ? BINARY[op] : undefined;
  if (apply === undefined) return undefined;
  return (scope, frame) => {
    const l = left(scope, frame);
    if (l === FALL_BACK) return FALL_BACK;
    const r = right(scope, frame);
    return r === FALL_BACK ? FALL_BACK : apply(l, r);
  };
}

/** `and` / `or` operands: the effective boolean, with nothing counting as false. */
function truth(value: unknown): boolean | typeof FALL_BACK {
  if (value === FALL_BACK) return FALL_BACK;
  const b = effectiveBoolean(value);
  return b === FALL_BACK ? FALL_BACK : b === true;
}
