import { TaskFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import type { FilterExpression, FilterOperator, ParsedPath, PathRoot, PathSegment } from './pathAst.ts';

// Parsing is pure, and the engine reads the same few paths on every state, so keep the results.
const cache = new Map<string, ParsedPath>();
const CACHE_LIMIT = 5_000;

/**
 * Parses a JSONPath of the ASL JSONPath query language (`$.a`, `$$.Execution.Id`, `$var.x`).
 *
 * Supports dot and bracket notation, quoted keys, indexes (negative too), slices, wildcards,
 * recursive descent and Jayway-style filters, as AWS does.
 * @throws TaskFailure `States.Runtime` naming the path and the position of a syntax error.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
 */
export function parsePath(path: string): ParsedPath {
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const parsed = new PathParser(path).parseWhole();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

/** Whether a segment list always selects at most one node (Jayway's "definite path"). */
export function isDefinite(segments: readonly PathSegment[]): boolean {
  return segments.every((segment, i) => {
    if (segment.kind === 'child') return segment.names.length === 1 || i === segments.length - 1;
    if (segment.kind === 'index') return segment.indexes.length === 1;
    return false;
  });
}

const FILTER_OPERATORS: readonly FilterOperator[] = ['==', '!=', '<=', '>=', '=~', '<', '>'];

/** A hand-written recursive-descent parser; `inFilter` narrows which characters end a name. */
class PathParser {
  private pos = 0;

  public constructor(private readonly src: string) {}

  public parseWhole(): ParsedPath {
    const root = this.parseRoot();
    const segments = this.parseSegments(false);
    if (this.pos < this.src.length) this.fail(`unexpected '${this.src[this.pos]}'`);
    return { source: this.src, root, segments, definite: isDefinite(segments) };
  }

  private parseRoot(): PathRoot {
    if (!this.src.startsWith('$')) this.fail('a path must start with $');
    if (this.src.startsWith('$$')) {
      this.pos = 2;
      return { kind: 'context' };
    }
    const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(this.src);
    if (variable?.[1] !== undefined) {
      this.pos = variable[0].length;
      return { kind: 'variable', name: variable[1] };
    }
    this.pos = 1;
    return { kind: 'data' };
  }

  private parseSegments(inFilter: boolean): PathSegment[] {
    const segments: PathSegment[] = [];
    for (;;) {
      const ch = this.src[this.pos];
      if (this.src.startsWith('..', this.pos)) {
        this.pos += 2;
        segments.push({ kind: 'descend', segment: this.parseAfterDot(inFilter) });
      } else if (ch === '.') {
        this.pos += 1;
        segments.push(this.parseAfterDot(inFilter));
      } else if (ch === '[') {
        segments.push(this.parseBracket());
      } else {
        return segments;
      }
    }
  }

  private parseAfterDot(inFilter: boolean): PathSegment {
    const ch = this.src[this.pos];
    // Jayway accepts `$.[0]` and `$.['a']`; real AWS samples spell paths that way.
    if (ch === '[') return this.parseBracket();
    if (ch === '*') {
      this.pos += 1;
      return { kind: 'wildcard' };
    }
    const start = this.pos;
    const stop = inFilter ? /[.[\s)=!<>&|,~]/ : /[.[]/;
    while (this.pos < this.src.length && !stop.test(this.src[this.pos] ?? '')) this.pos += 1;
    if (this.pos === start) this.fail('expected a property name');
    return { kind: 'child', names: [this.src.slice(start, this.pos)] };
  }

  private parseBracket(): PathSegment {
    this.pos += 1; // '['
    this.skipSpaces();
    const ch = this.src[this.pos];
    let segment: PathSegment;
    if (ch === '*') {
      this.pos += 1;
      segment = { kind: 'wildcard' };
    } else if (ch === '?') {
      segment = this.parseFilterSegment();
    } else if (ch === "'" || ch === '"') {
      const names = [this.parseQuoted()];
      for (this.skipSpaces(); this.src[this.pos] === ','; this.skipSpaces()) {
        this.pos += 1;
        this.skipSpaces();
        names.push(this.parseQuoted());
      }
      segment = { kind: 'child', names };
    } else {
      segment = this.parseIndexOrSlice();
    }
    this.skipSpaces();
    this.expect(']');
    return segment;
  }

  private parseIndexOrSlice(): PathSegment {
    const end = this.src.indexOf(']', this.pos);
    if (end < 0) this.fail("missing ']'");
    const body = this.src.slice(this.pos, end).trim();
    const int = /^-?\d+$/;
    if (body.includes(':')) {
      const parts = body.split(':').map((p) => p.trim());
      if (parts.length > 3 || parts.some((p) => p !== '' && !int.test(p))) this.fail(`bad slice [${body}]`);
      const [start, stop, step] = parts.map((p) => (p === undefined || p === '' ? undefined : Number(p)));
      if (step === 0) this.fail('slice step cannot be 0');
      this.pos = end;
      return { kind: 'slice', start, end: stop, step };
    }
    const indexes = body.split(',').map((p) => p.trim());
    if (indexes.some((p) => !int.test(p))) this.fail(`bad index [${body}]`);
    this.pos = end;
    return { kind: 'index', indexes: indexes.map(Number) };
  }

  private parseFilterSegment(): PathSegment {
    this.pos += 1; // '?'
    this.skipSpaces();
    this.expect('(');
    const expression = this.parseOr();
    this.skipSpaces();
    this.expect(')');
    return { kind: 'filter', expression };
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    for (this.skipSpaces(); this.src.startsWith('||', this.pos); this.skipSpaces()) {
      this.pos += 2;
      left = { kind: 'logical', operator: '||', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parseUnary();
    for (this.skipSpaces(); this.src.startsWith('&&', this.pos); this.skipSpaces()) {
      this.pos += 2;
      left = { kind: 'logical', operator: '&&', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpression {
    this.skipSpaces();
    if (this.src[this.pos] === '!' && this.src[this.pos + 1] !== '=') {
      this.pos += 1;
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (this.src[this.pos] === '(') {
      this.pos += 1;
      const inner = this.parseOr();
      this.skipSpaces();
      this.expect(')');
      return inner;
    }
    const left = this.parseOperand();
    this.skipSpaces();
    const operator = this.parseOperator();
    if (operator === undefined) return left;
    this.skipSpaces();
    return { kind: 'compare', operator, left, right: this.parseOperand() };
  }

  private parseOperator(): FilterOperator | undefined {
    const symbol = FILTER_OPERATORS.find((op) => this.src.startsWith(op, this.pos));
    if (symbol !== undefined) {
      this.pos += symbol.length;
      return symbol;
    }
    const word = /^(nin|in)\b/.exec(this.src.slice(this.pos));
    if (word?.[1] === 'in' || word?.[1] === 'nin') {
      this.pos += word[1].length;
      return word[1];
    }
    return undefined;
  }

  private parseOperand(): FilterExpression {
    this.skipSpaces();
    const rest = this.src.slice(this.pos);
    const ch = rest[0];
    if (ch === '@' || ch === '$') {
      this.pos += 1;
      return { kind: 'path', relativeTo: ch === '@' ? 'current' : 'root', segments: this.parseSegments(true) };
    }
    if (ch === "'" || ch === '"') return { kind: 'literal', value: this.parseQuoted() };
    if (ch === '/') return this.parseRegex();
    if (ch === '[') return { kind: 'literal', value: this.parseListLiteral() };
    const token = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(rest)?.[1];
    if (token === undefined) this.fail('expected a filter operand');
    this.pos += token.length;
    return { kind: 'literal', value: JSON.parse(token) as unknown };
  }

  private parseListLiteral(): unknown[] {
    this.pos += 1; // '['
    const values: unknown[] = [];
    for (this.skipSpaces(); this.src[this.pos] !== ']'; this.skipSpaces()) {
      const operand = this.parseOperand();
      if (operand.kind !== 'literal') this.fail('a list in a filter may hold only literals');
      values.push(operand.value);
      this.skipSpaces();
      if (this.src[this.pos] === ',') this.pos += 1;
      else if (this.src[this.pos] !== ']') this.fail("expected ',' or ']'");
    }
    this.pos += 1;
    return values;
  }

  private parseRegex(): FilterExpression {
    const match = /^\/((?:\\.|[^/\\])*)\/([a-z]*)/.exec(this.src.slice(this.pos));
    if (match === null) this.fail('unterminated regular expression');
    this.pos += match[0].length;
    try {
      return { kind: 'regex', regex: new RegExp(match[1] ?? '', match[2]) };
    } catch (error) {
      return this.fail(`bad regular expression: ${(error as Error).message}`);
    }
  }

  /** A quoted key: `'a b'` or `"x"`, with backslash escapes of the quote and of backslash. */
  private parseQuoted(): string {
    const quote = this.src[this.pos];
    this.pos += 1;
    let out = '';
    while (this.pos < this.src.length && this.src[this.pos] !== quote) {
      const ch = this.src[this.pos] ?? '';
      if (ch === '\\' && this.pos + 1 < this.src.length) {
        out += this.src[this.pos + 1];
        this.pos += 2;
      } else {
        out += ch;
        this.pos += 1;
      }
    }
    this.expect(quote ?? "'");
    return out;
  }

  private skipSpaces(): void {
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos += 1;
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) this.fail(`expected '${ch}'`);
    this.pos += 1;
  }

  private fail(reason: string): never {
    throw new TaskFailure(
      StatesErrors.RUNTIME,
      `Invalid JSONPath '${this.src}': ${reason} at position ${this.pos}`,
    );
  }
}
