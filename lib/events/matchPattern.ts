/**
 * EventBridge event pattern matching, for the local event intake (`aethon send-event --local`):
 * the same answer EventBridge gives for a rule's pattern, so a trigger that fires locally fires
 * on AWS. Supported: exact values (strings, numbers, booleans, null), `prefix`, `suffix`,
 * `anything-but` (values, `prefix`, `suffix`, `wildcard`, `equals-ignore-case`), `numeric`,
 * `exists`, `equals-ignore-case`, `wildcard`, `cidr`, `$or`, nested objects, and array-valued
 * event fields (matched when any element matches). No user text becomes a RegExp: see stringMatchers.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { EventPatternError } from './errors.ts';
import { cidrMatcher, wildcardMatcher } from './stringMatchers.ts';
import { eventPatternProblems, formatPatternPath } from './validatePattern.ts';

type Json = unknown;
const MISSING = Symbol('missing');
type Field = Json | typeof MISSING;

/**
 * Whether `event` matches `pattern`. Throws {@link EventPatternError} on a pattern EventBridge
 * would refuse, naming where the problem is.
 * @example
 * matchesPattern({ source: ['app.ci'], detail: { tag: [{ prefix: 'v' }] } }, { source: 'app.ci', detail: { tag: 'v1.2' } }); // true
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  // The same check as `validate`, so a pattern refused there is refused here with the same words.
  const [problem] = eventPatternProblems(pattern);
  if (problem) throw new EventPatternError(problem.message, formatPatternPath(problem.path));
  return matchObject(pattern as Record<string, unknown>, event, '$');
}

function matchObject(pattern: Record<string, unknown>, value: Field, path: string): boolean {
  // Every key must hold (AND); `$or` holds when any of its alternatives does.
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(expected) || expected.length < 2) throw new EventPatternError("'$or' takes an array of at least two patterns", path);
      const alternatives = expected.map((alternative, i) => {
        if (!isObject(alternative)) throw new EventPatternError("each '$or' alternative must be an object", `${path}.$or[${i}]`);
        return alternative;
      });
      if (!alternatives.some((alternative, i) => matchObject(alternative, value, `${path}.$or[${i}]`))) return false;
      continue;
    }
    const field: Field = isObject(value) && Object.hasOwn(value, key) ? value[key] : MISSING;
    const at = `${path}.${key}`;
    if (Array.isArray(expected)) {
      if (!matchLeaf(expected, field, at)) return false;
    } else if (isObject(expected)) {
      // An intermediate node: the event must hold an object here (or objects, in an array).
      // An absent object leaves its leaves absent: only `exists: false` can match below it.
      if (field === MISSING) {
        if (!matchObject(expected, MISSING, at)) return false;
        continue;
      }
      const candidates = Array.isArray(field) ? field : [field];
      if (!candidates.some((candidate) => isObject(candidate) && matchObject(expected, candidate, at))) return false;
    } else {
      throw new EventPatternError(`a pattern value must be an array of matchers or an object, got ${JSON.stringify(expected)}`, at);
    }
  }
  return true;
}

/** A leaf: the field matches when any matcher matches it (or, for an array field, any element). */
function matchLeaf(matchers: readonly unknown[], field: Field, path: string): boolean {
  if (matchers.length === 0) throw new EventPatternError('an empty array matches nothing; give at least one value', path);
  return matchers.some((matcher, i) => matchOne(matcher, field, `${path}[${i}]`));
}

function matchOne(matcher: unknown, field: Field, path: string): boolean {
  if (!isObject(matcher)) {
    if (Array.isArray(matcher)) throw new EventPatternError('a matcher cannot be an array', path);
    return anyElement(field, (value) => equalValues(matcher, value));
  }
  const keys = Object.keys(matcher);
  if (keys.length !== 1) throw new EventPatternError(`a matcher object has exactly one operator, got ${JSON.stringify(keys)}`, path);
  const operator = keys[0]!;
  const operand = matcher[operator];
  const at = `${path}.${operator}`;
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') throw new EventPatternError("'exists' takes true or false", at);
      // Only leaves exist for EventBridge: an object in the event is not matched by exists:true.
      return operand ? field !== MISSING && !isObject(field) : field === MISSING;
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard': {
      const test = stringTest(operator, operand, at);
      return anyElement(field, (value) => typeof value === 'string' && test(value));
    }
    case 'numeric': {
      const test = numericTest(operand, at);
      return anyElement(field, (value) => typeof value === 'number' && test(value));
    }
    case 'anything-but': {
      const excluded = anythingButTest(operand, at);
      return anyElement(field, (value) => !excluded(value));
    }
    case 'cidr': {
      if (typeof operand !== 'string') throw new EventPatternError("'cidr' takes a string", at);
      const inBlock = cidrMatcher(operand);
      return anyElement(field, (value) => typeof value === 'string' && inBlock(value));
    }
    default:
      throw new EventPatternError(`unknown matcher '${operator}' (known: prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard)`, at);
  }
}

/** A missing field matches nothing but `exists: false`; an array field matches through any element. */
function anyElement(field: Field, test: (value: unknown) => boolean): boolean {
  if (field === MISSING) return false;
  return Array.isArray(field) ? field.some(test) : test(field);
}

function equalValues(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number') return typeof actual === 'number' && expected === actual;
  return expected === actual;
}

function stringTest(operator: string, operand: unknown, path: string): (value: string) => boolean {
  // `prefix` and `suffix` also take { equals-ignore-case: "..." }.
  if ((operator === 'prefix' || operator === 'suffix') && isObject(operand) && typeof operand['equals-ignore-case'] === 'string' && Object.keys(operand).length === 1) {
    const text = (operand['equals-ignore-case'] as string).toLowerCase();
    return operator === 'prefix' ? (v) => v.toLowerCase().startsWith(text) : (v) => v.toLowerCase().endsWith(text);
  }
  if (typeof operand !== 'string') throw new EventPatternError(`'${operator}' takes a string`, path);
  switch (operator) {
    case 'prefix':
      return (v) => v.startsWith(operand);
    case 'suffix':
      return (v) => v.endsWith(operand);
    case 'equals-ignore-case':
      return (v) => v.toLowerCase() === operand.toLowerCase();
    default:
      return wildcardMatcher(operand);
  }
}

const NUMERIC_OPERATORS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numericTest(operand: unknown, path: string): (value: number) => boolean {
  const hint = `'numeric' takes [operator, number] or [lower-operator, number, upper-operator, number], e.g. [">", 0, "<=", 5]`;
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) throw new EventPatternError(hint, path);
  const checks: ((value: number) => boolean)[] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i];
    const bound = operand[i + 1];
    const compare = typeof op === 'string' ? NUMERIC_OPERATORS[op] : undefined;
    if (!compare || typeof bound !== 'number' || !Number.isFinite(bound)) throw new EventPatternError(hint, path);
    checks.push((value) => compare(value, bound));
  }
  if (operand.length === 4 && (!['>', '>='].includes(operand[0] as string) || !['<', '<='].includes(operand[2] as string))) {
    throw new EventPatternError(`a numeric range puts the lower bound first: [">", 0, "<", 10]`, path);
  }
  return (value) => checks.every((check) => check(value));
}

/** What `anything-but` excludes: a value, a list of values, or one string matcher. */
function anythingButTest(operand: unknown, path: string): (value: unknown) => boolean {
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const op = keys[0];
    if (keys.length !== 1 || !op || !['prefix', 'suffix', 'wildcard', 'equals-ignore-case'].includes(op)) {
      throw new EventPatternError("'anything-but' takes a value, a list of values, or one of prefix, suffix, wildcard, equals-ignore-case", path);
    }
    const value = operand[op];
    // equals-ignore-case and wildcard inside anything-but also take a list (checked by validatePattern).
    if (op === 'equals-ignore-case' && Array.isArray(value)) {
      const lowered = (value as string[]).map((v) => v.toLowerCase());
      return (v) => typeof v === 'string' && lowered.includes(v.toLowerCase());
    }
    if (op === 'wildcard' && Array.isArray(value)) {
      const tests = (value as string[]).map(wildcardMatcher);
      return (v) => typeof v === 'string' && tests.some((test) => test(v));
    }
    const test = stringTest(op, value, `${path}.${op}`);
    return (v) => typeof v === 'string' && test(v);
  }
  const values = Array.isArray(operand) ? operand : [operand];
  for (const [i, v] of values.entries()) {
    if (isObject(v) || Array.isArray(v)) throw new EventPatternError("'anything-but' lists plain values only", `${path}[${i}]`);
  }
  return (v) => values.some((excluded) => equalValues(excluded, v));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
