/**
 * Checking an EventBridge event pattern the way PutRule does, reporting every problem with its
 * place in the pattern, so that `validate` refuses a pattern before `cdk deploy` or the local event
 * intake meets it. {@link matchesPattern} runs the same check before it matches.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { isIP } from 'node:net';
import { wildcardProblem } from './stringMatchers.ts';

/** Where in the pattern: keys and array indexes from its root, e.g. ['detail', 'size', 0, 'numeric']. */
export type PatternPath = readonly (string | number)[];

export interface PatternProblem {
  readonly message: string;
  readonly path: PatternPath;
}

/** PutRule takes an EventPattern of at most 4,096 characters (2,048 until the quota is raised). */
export const MAX_PATTERN_CHARS = 4096;

const OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'wildcard', 'cidr'];
const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

/**
 * Every problem of an event pattern; empty when EventBridge would accept it.
 * @example
 * eventPatternProblems({ detail: { size: [{ numeric: ['>', 'ten'] }] } });
 * // [{ message: "'numeric' takes [operator, number] ...", path: ['detail', 'size', 0, 'numeric'] }]
 */
export function eventPatternProblems(pattern: unknown): PatternProblem[] {
  if (!isObject(pattern)) return [{ message: 'an event pattern must be a JSON object', path: [] }];
  const problems: PatternProblem[] = [];
  const size = JSON.stringify(pattern).length;
  if (size > MAX_PATTERN_CHARS) problems.push({ message: `the pattern is ${size} characters as JSON; EventBridge takes at most ${MAX_PATTERN_CHARS}`, path: [] });
  checkObject(pattern, [], problems);
  return problems;
}

/** A readable place in a pattern: `$.detail.size[0].numeric`. */
export function formatPatternPath(path: PatternPath): string {
  return `$${path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('')}`;
}

function checkObject(pattern: Record<string, unknown>, path: PatternPath, problems: PatternProblem[]): void {
  for (const [key, value] of Object.entries(pattern)) {
    const at = [...path, key];
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) problems.push({ message: "'$or' takes an array of at least two patterns", path: at });
      else value.forEach((alternative, i) => (isObject(alternative) ? checkObject(alternative, [...at, i], problems) : problems.push({ message: "each '$or' alternative must be an object", path: [...at, i] })));
    } else if (Array.isArray(value)) {
      if (value.length === 0) problems.push({ message: 'an empty array matches nothing; give at least one value', path: at });
      value.forEach((matcher, i) => checkMatcher(matcher, [...at, i], problems));
    } else if (isObject(value)) {
      checkObject(value, at, problems);
    } else {
      problems.push({ message: `a pattern value must be an array of matchers or an object, got ${JSON.stringify(value)}; write [${JSON.stringify(value)}]`, path: at });
    }
  }
}

function checkMatcher(matcher: unknown, path: PatternPath, problems: PatternProblem[]): void {
  if (Array.isArray(matcher)) return void problems.push({ message: 'a matcher cannot be an array', path });
  if (!isObject(matcher)) return; // an exact value: string, number, boolean or null
  const keys = Object.keys(matcher);
  if (keys.length !== 1) return void problems.push({ message: `a matcher object has exactly one operator, got ${JSON.stringify(keys)}`, path });
  const operator = keys[0]!;
  const at = [...path, operator];
  const problem = operandProblem(operator, matcher[operator]);
  if (problem) problems.push({ message: problem, path: at });
}

function operandProblem(operator: string, operand: unknown): string | undefined {
  switch (operator) {
    case 'exists':
      return typeof operand === 'boolean' ? undefined : "'exists' takes true or false";
    case 'prefix':
    case 'suffix':
      // Also { "equals-ignore-case": "..." }: begins or ends with, regardless of case.
      if (isObject(operand) && Object.keys(operand).length === 1 && typeof operand['equals-ignore-case'] === 'string') return undefined;
      return typeof operand === 'string' ? undefined : `'${operator}' takes a string, or { "equals-ignore-case": "..." }`;
    case 'equals-ignore-case':
      return typeof operand === 'string' ? undefined : "'equals-ignore-case' takes a string";
    case 'wildcard':
      return typeof operand === 'string' ? wildcardProblem(operand) : "'wildcard' takes a string";
    case 'numeric':
      return numericProblem(operand);
    case 'cidr':
      return typeof operand === 'string' && isCidr(operand) ? undefined : "'cidr' takes an IPv4 or IPv6 block such as \"10.0.0.0/24\" or \"2001:db8::/32\"";
    case 'anything-but':
      return anythingButProblem(operand);
    default:
      return `unknown matcher '${operator}' (known: ${OPERATORS.join(', ')})`;
  }
}

function numericProblem(operand: unknown): string | undefined {
  const hint = `'numeric' takes [operator, number] or [lower-operator, number, upper-operator, number], e.g. [">", 0, "<=", 5]`;
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return hint;
  for (let i = 0; i < operand.length; i += 2) {
    const bound = operand[i + 1];
    if (!NUMERIC_OPERATORS.has(operand[i] as string) || typeof bound !== 'number' || !Number.isFinite(bound)) return hint;
  }
  if (operand.length === 4 && (!['>', '>='].includes(operand[0] as string) || !['<', '<='].includes(operand[2] as string))) {
    return `a numeric range puts the lower bound first: [">", 0, "<", 10]`;
  }
  return undefined;
}

/** A value, a list of only strings or only numbers, or one of prefix, suffix, wildcard, equals-ignore-case. */
function anythingButProblem(operand: unknown): string | undefined {
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const op = keys[0];
    if (keys.length !== 1 || !op || !['prefix', 'suffix', 'wildcard', 'equals-ignore-case'].includes(op)) {
      return "'anything-but' takes a value, a list of values, or one of prefix, suffix, wildcard, equals-ignore-case";
    }
    const value = operand[op];
    if (op === 'equals-ignore-case' && Array.isArray(value)) return value.length > 0 && value.every((v) => typeof v === 'string') ? undefined : "'equals-ignore-case' inside 'anything-but' takes a string or a list of strings";
    if (op === 'wildcard' && Array.isArray(value)) return value.length > 0 && value.every((v) => typeof v === 'string') ? value.map(wildcardProblem).find(Boolean) : "'wildcard' inside 'anything-but' takes a string or a list of strings";
    return typeof value === 'string' ? (op === 'wildcard' ? wildcardProblem(value) : undefined) : `'${op}' inside 'anything-but' takes a string`;
  }
  const values = Array.isArray(operand) ? operand : [operand];
  if (values.length === 0) return "'anything-but' needs at least one value";
  const strings = values.every((v) => typeof v === 'string');
  const numbers = values.every((v) => typeof v === 'number' && Number.isFinite(v));
  return strings || numbers ? undefined : "'anything-but' takes strings or numbers (a list holds only strings or only numbers)";
}

function isCidr(text: string): boolean {
  const [address, bits, ...rest] = text.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (bits === undefined) return true; // a single address
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
