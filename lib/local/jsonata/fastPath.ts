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
import { hasOnlyAllowedKeys, isNode, type Node } from './fastAst.ts';
import { BINARY, FUNCTIONS, truth } from './fastOperators.ts';
import { effectiveBoolean, FALL_BACK, plain, setOwn, step } from './fastValues.ts';

export { FALL_BACK } from './fastValues.ts';
export type { Node } from './fastAst.ts';

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
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]!(scope, frame);
      if (v === FALL_BACK) return FALL_BACK;
      if (v !== undefined) setOwn(out, keys[i]!, v);
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
