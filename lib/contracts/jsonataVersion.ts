/**
 * Step Functions evaluates JSONata by the 2.0.6 specification; the `jsonata` package Aethon runs
 * locally is newer (its evaluation hooks bound runaway expressions and regular expressions). The
 * only syntax added since 2.0.6 is the `??` (default) and `?:` (Elvis) operators of 2.1.0: an
 * expression that uses them works locally and fails on AWS, so both sides refuse them.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
export const AWS_JSONATA_VERSION = '2.0.6';

/** An operator newer than {@link AWS_JSONATA_VERSION}, where it is, and what to write instead. */
export interface LaterJsonataOperator {
  readonly operator: '??' | '?:';
  /** Character offset in the expression. */
  readonly position: number;
  readonly instead: string;
}

const INSTEAD = {
  '??': '`$exists(a) ? a : b`',
  '?:': '`a ? a : b`',
} as const;

/**
 * The `??` and `?:` operators in a JSONata expression (without its `{% %}`), skipping string
 * literals, backquoted names, comments and regular expressions, where those characters are text.
 */
export function laterJsonataOperators(expression: string): LaterJsonataOperator[] {
  const found: LaterJsonataOperator[] = [];
  // A `/` starts a regular expression where an operand is expected, else it divides.
  let operandExpected = true;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = closing(expression, i, c);
      operandExpected = false;
    } else if (c === '/' && expression[i + 1] === '*') {
      const end = expression.indexOf('*/', i + 2);
      i = end === -1 ? expression.length : end + 1;
    } else if (c === '/' && operandExpected) {
      i = closing(expression, i, '/');
      while (/[a-z]/i.test(expression[i + 1] ?? '')) i++; // flags
      operandExpected = false;
    } else if (c === '?' && (expression[i + 1] === '?' || expression[i + 1] === ':')) {
      const operator = `?${expression[i + 1]}` as '??' | '?:';
      found.push({ operator, position: i, instead: INSTEAD[operator] });
      i++;
      operandExpected = true;
    } else if (/\s/.test(c)) {
      continue;
    } else {
      // After a name, number or closing bracket an operator follows; after anything else, an operand.
      operandExpected = !/[\w$)\]}.]/.test(c);
    }
  }
  return found;
}

/** A one-line problem for each later operator, or undefined when there is none. */
export function laterJsonataProblem(expression: string): string | undefined {
  const found = laterJsonataOperators(expression);
  if (found.length === 0) return undefined;
  return found
    .map((f) => `'${f.operator}' (at character ${f.position}) is JSONata 2.1 syntax, and Step Functions runs JSONata ${AWS_JSONATA_VERSION}: write ${f.instead}`)
    .join('; ');
}

/** The index of the quote closing the literal opened at `open` (escapes skipped), or the end. */
function closing(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}
