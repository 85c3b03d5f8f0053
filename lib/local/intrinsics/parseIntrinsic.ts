import { TaskFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { parsePath } from '../jsonpath/parsePath.ts';

/** One argument of an intrinsic call, as written. */
export type IntrinsicArgument =
  /** `raw` keeps the backslash escapes, which States.Format needs to tell `\{` from `{`. */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'path'; path: string }
  | IntrinsicCall;

/** A call such as `States.Format('{}', $.x)`. */
export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
}

/** AWS allows up to 10 nested intrinsic functions in one field. */
export const MAX_INTRINSIC_NESTING = 10;

const cache = new Map<string, IntrinsicCall>();

/**
 * Parses an intrinsic function invocation (`States.Name(arg, ...)`).
 *
 * Arguments are strings in single quotes (escapes `\'`, `\{`, `\}`, `\\`), numbers, `true`,
 * `false`, `null`, JSONPaths (`$.x`, `$$.x`, `$var`) and nested calls. Paths are validated here,
 * so a definition with a malformed path fails before it runs.
 * @throws TaskFailure `States.IntrinsicFailure` for malformed syntax, `States.Runtime` for an
 *   open escape backslash (as the AWS documentation specifies).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
export function parseIntrinsic(expression: string): IntrinsicCall {
  const cached = cache.get(expression);
  if (cached !== undefined) return cached;
  const parser = new IntrinsicParser(expression);
  const call = parser.parseTopLevel();
  if (cache.size >= 2_000) cache.clear();
  cache.set(expression, call);
  return call;
}

class IntrinsicParser {
  private pos = 0;

  public constructor(private readonly src: string) {}

  public parseTopLevel(): IntrinsicCall {
    this.skipSpaces();
    const call = this.parseCall(1);
    this.skipSpaces();
    if (this.pos < this.src.length) this.fail(`unexpected text after the closing parenthesis`);
    return call;
  }

  private parseCall(depth: number): IntrinsicCall {
    if (depth > MAX_INTRINSIC_NESTING) this.fail(`more than ${MAX_INTRINSIC_NESTING} nested intrinsic functions`);
    const name = /^States\.[A-Za-z0-9]+/.exec(this.src.slice(this.pos))?.[0];
    if (name === undefined) this.fail('expected an intrinsic function name such as States.Format');
    this.pos += name.length;
    this.skipSpaces();
    this.expect('(');
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.src[this.pos] === ')') {
      this.pos += 1;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipSpaces();
      args.push(this.parseArgument(depth));
      this.skipSpaces();
      const ch = this.src[this.pos];
      this.pos += 1;
      if (ch === ')') return { kind: 'call', name, args };
      if (ch !== ',') this.fail(`expected ',' or ')' in the arguments of ${name}`, this.pos - 1);
    }
  }

  private parseArgument(depth: number): IntrinsicArgument {
    const rest = this.src.slice(this.pos);
    if (rest.startsWith("'")) return this.parseString();
    if (rest.startsWith('$')) return this.parsePathArgument();
    if (rest.startsWith('States.')) return this.parseCall(depth + 1);
    const literal = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?![A-Za-z0-9_.])/.exec(rest)?.[1];
    if (literal === undefined) this.fail('expected a string, number, boolean, null, path or intrinsic function');
    this.pos += literal.length;
    if (literal === 'null') return { kind: 'null' };
    if (literal === 'true' || literal === 'false') return { kind: 'boolean', value: literal === 'true' };
    return { kind: 'number', value: Number(literal) };
  }

  private parseString(): IntrinsicArgument {
    const start = this.pos;
    this.pos += 1; // opening quote
    let value = '';
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) this.fail('unterminated string literal', start);
      if (ch === "'") break;
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next === undefined || !"'{}\\".includes(next)) {
          throw new TaskFailure(
            StatesErrors.RUNTIME,
            `Invalid intrinsic function '${this.src}': open escape backslash at position ${this.pos}; only \\', \\{, \\} and \\\\ are escapes`,
          );
        }
        value += next;
        this.pos += 2;
      } else {
        value += ch;
        this.pos += 1;
      }
    }
    const raw = this.src.slice(start + 1, this.pos);
    this.pos += 1; // closing quote
    return { kind: 'string', value, raw };
  }

  /** A path runs to the next top-level ',' or ')'; brackets, parentheses and quotes nest inside it. */
  private parsePathArgument(): IntrinsicArgument {
    const start = this.pos;
    let nesting = 0;
    let quote: string | undefined;
    for (; this.pos < this.src.length; this.pos += 1) {
      const ch = this.src[this.pos] ?? '';
      if (quote !== undefined) {
        if (ch === '\\') this.pos += 1;
        else if (ch === quote) quote = undefined;
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '[' || ch === '(') nesting += 1;
      else if (ch === ']' || (ch === ')' && nesting > 0)) nesting -= 1;
      else if (nesting === 0 && (ch === ',' || ch === ')')) break;
    }
    const path = this.src.slice(start, this.pos).trim();
    parsePath(path);
    return { kind: 'path', path };
  }

  private skipSpaces(): void {
    while (/\s/.test(this.src[this.pos] ?? '')) this.pos += 1;
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) this.fail(`expected '${ch}'`);
    this.pos += 1;
  }

  private fail(reason: string, at = this.pos): never {
    throw new TaskFailure(
      StatesErrors.INTRINSIC_FAILURE,
      `Invalid intrinsic function '${this.src}': ${reason} at position ${at}`,
    );
  }
}
