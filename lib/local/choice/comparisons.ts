import { parseTimestamp } from './timestamps.ts';
import { stringMatches } from './stringMatches.ts';

/** Compares the Variable's value with the rule's operand; false whenever either has the wrong type. */
export type Comparison = (value: unknown, operand: unknown) => boolean;

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';

function strings(test: (a: string, b: string) => boolean): Comparison {
  return (a, b) => isString(a) && isString(b) && test(a, b);
}

function numbers(test: (a: number, b: number) => boolean): Comparison {
  return (a, b) => isNumber(a) && isNumber(b) && test(a, b);
}

function timestamps(test: (a: bigint, b: bigint) => boolean): Comparison {
  return (a, b) => {
    const left = isString(a) ? parseTimestamp(a) : undefined;
    const right = isString(b) ? parseTimestamp(b) : undefined;
    return left !== undefined && right !== undefined && test(left, right);
  };
}

/**
 * The comparison operators of JSONPath Choice rules. Each also exists with a `Path` suffix
 * (except StringMatches), whose operand is read from the input instead of written literally.
 * Strings compare by UTF-16 code units, as Java's `String.compareTo` (which AWS cites) does.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export const COMPARISONS: Readonly<Record<string, Comparison>> = {
  StringEquals: strings((a, b) => a === b),
  StringLessThan: strings((a, b) => a < b),
  StringGreaterThan: strings((a, b) => a > b),
  StringLessThanEquals: strings((a, b) => a <= b),
  StringGreaterThanEquals: strings((a, b) => a >= b),
  StringMatches: strings((a, b) => stringMatches(a, b)),
  NumericEquals: numbers((a, b) => a === b),
  NumericLessThan: numbers((a, b) => a < b),
  NumericGreaterThan: numbers((a, b) => a > b),
  NumericLessThanEquals: numbers((a, b) => a <= b),
  NumericGreaterThanEquals: numbers((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === 'boolean' && typeof b === 'boolean' && a === b,
  TimestampEquals: timestamps((a, b) => a === b),
  TimestampLessThan: timestamps((a, b) => a < b),
  TimestampGreaterThan: timestamps((a, b) => a > b),
  TimestampLessThanEquals: timestamps((a, b) => a <= b),
  TimestampGreaterThanEquals: timestamps((a, b) => a >= b),
};

/** Operators that have no `...Path` form in ASL. */
export const WITHOUT_PATH_FORM: ReadonlySet<string> = new Set(['StringMatches']);

/** Type tests: `"IsString": true` holds when the value is a string. */
export const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => isNumber(v),
  IsString: (v) => isString(v),
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => isString(v) && parseTimestamp(v) !== undefined,
};
