import { TaskFailure, type StatesFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { queryPath } from '../jsonpath/readPath.ts';
import type { PathScope } from '../jsonpath/scope.ts';
import { COMPARISONS, TYPE_TESTS, WITHOUT_PATH_FORM } from './comparisons.ts';

/** Fields of a Choice rule that are not its operator. */
const NON_OPERATOR_FIELDS = new Set(['Variable', 'Next', 'Comment', 'Assign', 'Output']);

/**
 * Evaluates one JSONPath Choice rule (comparison, `And`, `Or` or `Not`) against the state input.
 *
 * Follows AWS: a value of the wrong type makes a comparison false (never an error); a missing
 * `Variable` raises `States.Runtime` unless the operator is `IsPresent`; a `...Path` operand that
 * is missing raises `States.Runtime` too.
 * @example evaluateChoiceRule({ Variable: '$.n', NumericGreaterThan: 1 }, { n: 2 }, scope) // true
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export function evaluateChoiceRule(rule: Record<string, unknown>, data: unknown, scope: PathScope): boolean {
  if ('And' in rule) return subRules(rule, 'And').every((sub) => evaluateChoiceRule(sub, data, scope));
  if ('Or' in rule) return subRules(rule, 'Or').some((sub) => evaluateChoiceRule(sub, data, scope));
  if ('Not' in rule) {
    const inner = rule.Not;
    if (!isRule(inner)) throw invalidRule(rule, "'Not' must hold one Choice rule");
    return !evaluateChoiceRule(inner, data, scope);
  }

  const variable = rule.Variable;
  if (typeof variable !== 'string') throw invalidRule(rule, "a comparison needs a string 'Variable'");
  const operator = operatorOf(rule);
  const operand = rule[operator];

  if (operator === 'IsPresent') {
    const { values } = queryPath(variable, data, scope);
    return values.length > 0 === expectBoolean(rule, operator, operand);
  }
  const value = readConditionPath(variable, data, scope);
  const typeTest = TYPE_TESTS[operator];
  if (typeTest !== undefined) return typeTest(value) === expectBoolean(rule, operator, operand);

  const base = operator.endsWith('Path') ? operator.slice(0, -4) : operator;
  const compare = COMPARISONS[base];
  if (compare === undefined || (base !== operator && WITHOUT_PATH_FORM.has(base))) {
    throw invalidRule(rule, `unknown comparison operator '${operator}'`);
  }
  if (base === operator) return compare(value, operand);
  if (typeof operand !== 'string') throw invalidRule(rule, `'${operator}' must be a path`);
  return compare(value, readConditionPath(operand, data, scope));
}

/** Reads `Variable` or a `...Path` operand; missing is an error, worded as AWS words it. */
function readConditionPath(path: string, data: unknown, scope: PathScope): unknown {
  const { definite, values } = queryPath(path, data, scope);
  if (!definite) return [...values];
  if (values.length === 0) {
    throw new TaskFailure(
      StatesErrors.RUNTIME,
      `Invalid path '${path}': The choice state's condition path references an invalid value.`,
    );
  }
  return values[0];
}

function operatorOf(rule: Record<string, unknown>): string {
  const operators = Object.keys(rule).filter((key) => !NON_OPERATOR_FIELDS.has(key));
  const [operator] = operators;
  if (operators.length !== 1 || operator === undefined) {
    throw invalidRule(rule, `expected exactly one comparison operator, found ${operators.length === 0 ? 'none' : operators.join(', ')}`);
  }
  return operator;
}

function subRules(rule: Record<string, unknown>, key: 'And' | 'Or'): Record<string, unknown>[] {
  const list = rule[key];
  if (!Array.isArray(list) || list.length === 0 || !list.every(isRule)) {
    throw invalidRule(rule, `'${key}' must be a non-empty array of Choice rules`);
  }
  return list;
}

function expectBoolean(rule: Record<string, unknown>, operator: string, operand: unknown): boolean {
  if (typeof operand !== 'boolean') throw invalidRule(rule, `'${operator}' must be true or false`);
  return operand;
}

function isRule(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidRule(rule: Record<string, unknown>, reason: string): StatesFailure {
  return new TaskFailure(StatesErrors.RUNTIME, `Invalid Choice rule ${JSON.stringify(rule)}: ${reason}`);
}
