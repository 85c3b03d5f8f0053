import type { FilterExpression } from './pathAst.ts';
import { selectNodes } from './evaluateSegments.ts';
import { isDefinite } from './parsePath.ts';

/** What an operand evaluates to: nothing (a path that matched nothing) or one JSON value. */
type Operand = { present: false } | { present: true; value: unknown };

/**
 * Whether `item` passes a Jayway-style filter such as `@.price < 10 && @.tag == 'x'`.
 * A comparison with a missing operand, or between values of different types, is false; AWS
 * evaluates filters with Jayway JsonPath, which behaves so.
 */
export function filterMatches(expression: FilterExpression, item: unknown, root: unknown): boolean {
  switch (expression.kind) {
    case 'logical':
      return expression.operator === '&&'
        ? filterMatches(expression.left, item, root) && filterMatches(expression.right, item, root)
        : filterMatches(expression.left, item, root) || filterMatches(expression.right, item, root);
    case 'not':
      return !filterMatches(expression.operand, item, root);
    case 'compare': {
      const left = evaluateOperand(expression.left, item, root);
      const right = evaluateOperand(expression.right, item, root);
      if (!left.present || !right.present) return false;
      return compare(expression.operator, left.value, right.value, expression.right);
    }
    default: {
      // A bare operand is an existence test: `[?(@.isbn)]` keeps items whose key exists, even
      // with the value false, and `[?(!@.isbn)]` keeps those where it is absent or null, as
      // Step Functions Local (Jayway) does.
      const operand = evaluateOperand(expression, item, root);
      return operand.present && operand.value !== null;
    }
  }
}

function evaluateOperand(expression: FilterExpression, item: unknown, root: unknown): Operand {
  if (expression.kind === 'literal') return { present: true, value: expression.value };
  if (expression.kind === 'regex') return { present: true, value: expression.regex };
  if (expression.kind !== 'path') return { present: true, value: filterMatches(expression, item, root) };
  const nodes = selectNodes(expression.segments, expression.relativeTo === 'current' ? item : root, root);
  if (isDefinite(expression.segments)) return nodes.length === 0 ? { present: false } : { present: true, value: nodes[0] };
  return { present: true, value: nodes };
}

function compare(operator: string, left: unknown, right: unknown, rightExpression: FilterExpression): boolean {
  switch (operator) {
    case '==':
      return jsonEquals(left, right);
    case '!=':
      return !jsonEquals(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordered(operator, left, right);
    case '=~':
      return rightExpression.kind === 'regex' && typeof left === 'string' && rightExpression.regex.test(left);
    case 'in':
      return Array.isArray(right) && right.some((candidate) => jsonEquals(left, candidate));
    case 'nin':
      return Array.isArray(right) && !right.some((candidate) => jsonEquals(left, candidate));
    default:
      return false;
  }
}

function ordered(operator: string, left: unknown, right: unknown): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const l = left as number | string;
  const r = right as number | string;
  if (operator === '<') return l < r;
  if (operator === '<=') return l <= r;
  if (operator === '>') return l > r;
  return l >= r;
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(bRecord).length &&
    aKeys.every((key) => Object.prototype.hasOwnProperty.call(bRecord, key) && jsonEquals((a as Record<string, unknown>)[key], bRecord[key]))
  );
}
