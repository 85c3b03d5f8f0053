import { defineOwn } from '../jsonpath/evaluateSegments.ts';
import { expectArgCount, intrinsicFailure, objectArg, stringArg, type Invocation, type IntrinsicFunction } from './invocation.ts';

/**
 * The string and JSON intrinsics of ASL: Format, StringSplit, StringToJson, JsonToString, JsonMerge.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-json-manipulate
 */
export const jsonFunctions: Record<string, IntrinsicFunction> = {
  'States.Format': (inv) => {
    expectArgCount(inv, 1, Infinity);
    const first = inv.written[0];
    // A literal template keeps its escapes, so `\{\}` stays text while `{}` is a placeholder.
    const template = first?.kind === 'string' ? first.raw : stringArg(inv, 0);
    return formatTemplate(inv, template);
  },

  'States.StringSplit': (inv) => {
    expectArgCount(inv, 2);
    const text = stringArg(inv, 0);
    // Every character of the second argument is a delimiter; AWS drops empty pieces.
    const delimiters = new Set(Array.from(stringArg(inv, 1)));
    const pieces: string[] = [];
    let current = '';
    for (const ch of Array.from(text)) {
      if (delimiters.has(ch)) {
        if (current !== '') pieces.push(current);
        current = '';
      } else current += ch;
    }
    if (current !== '') pieces.push(current);
    return pieces;
  },

  'States.StringToJson': (inv) => {
    expectArgCount(inv, 1);
    const text = stringArg(inv, 0);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw intrinsicFailure(inv, `is not valid JSON (${(error as Error).message})`, 0);
    }
  },

  'States.JsonToString': (inv) => {
    expectArgCount(inv, 1);
    // Compact JSON, as AWS prints it: {"name":"Foo","year":2020}.
    return JSON.stringify(inv.values[0]);
  },

  'States.JsonMerge': (inv) => {
    expectArgCount(inv, 3);
    const left = objectArg(inv, 0);
    const right = objectArg(inv, 1);
    if (inv.values[2] !== false) {
      throw intrinsicFailure(inv, 'must be false: Step Functions supports only shallow merging', 2);
    }
    const merged: Record<string, unknown> = {};
    for (const [key, value] of [...Object.entries(left), ...Object.entries(right)]) defineOwn(merged, key, value);
    return merged;
  },
};

function formatTemplate(inv: Invocation, template: string): string {
  let out = '';
  let next = 1;
  for (let i = 0; i < template.length; ) {
    const ch = template[i];
    // Only the reserved characters are escapes; any other backslash is kept as text.
    if (ch === '\\' && i + 1 < template.length && "'{}\\".includes(template[i + 1] ?? '')) {
      out += template[i + 1];
      i += 2;
    } else if (ch === '{' && template[i + 1] === '}') {
      if (next >= inv.values.length) {
        throw intrinsicFailure(inv, `the template has more {} placeholders than the ${inv.values.length - 1} argument(s) given`);
      }
      out += formatValue(inv, next);
      next += 1;
      i += 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  if (next !== inv.values.length) {
    throw intrinsicFailure(inv, `the template has ${next - 1} {} placeholder(s) but ${inv.values.length - 1} argument(s) were given`);
  }
  return out;
}

/** The "natural string representation" of a scalar; the spec forbids arrays and objects. */
function formatValue(inv: Invocation, index: number): string {
  const value = inv.values[index];
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw intrinsicFailure(inv, 'must be a string, number, boolean or null to be formatted, not an array or object', index);
}
