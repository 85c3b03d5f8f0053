/**
 * The exact text of a part of a JSON document, without parsing and re-serializing it: a replay
 * must hand the target the bytes the sender wrote. JSON.parse + JSON.stringify would turn
 * 12345678901234567891 into 12345678901234567000, 1.10 into 1.1 and 1e2 into 100.
 *
 * A small scanner walks the document and returns the source span of the value at a simple path
 * (`$`, `$.requestPayload`, `$.detail.items[0]`: dotted names and array indexes, as EventBridge's
 * InputPath and the starter's selectPath write them). Other paths (bracketed names, wildcards) are
 * evaluated on the parsed document and re-serialized, and refused when that would change the text
 * of a number.
 */

/** One step of a simple path. */
export type JsonPathStep = { readonly key: string } | { readonly index: number };

/** What a path selects in a document: its exact text, or why not. */
export type JsonSelection = { readonly ok: true; readonly text: string; readonly exact: boolean } | { readonly ok: false; readonly reason: string };

/**
 * The steps of a simple path (`$`, `$.a.b`, `$.a[0].b`, names of any characters but `.`, `[`,
 * `]`, `*`, quotes and spaces); undefined for any other path.
 */
export function simplePathSteps(path: string): JsonPathStep[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: JsonPathStep[] = [];
  const step = /\.([^.[\]*'" ]+)|\[(\d+)\]/y;
  let at = 1;
  while (at < path.length) {
    step.lastIndex = at;
    const match = step.exec(path);
    if (!match) return undefined;
    steps.push(match[1] !== undefined ? { key: match[1] } : { index: Number(match[2]) });
    at = step.lastIndex;
  }
  return steps;
}

/**
 * The exact source text of the value at `steps` in `text` (a JSON document), or undefined when
 * nothing is there. Of duplicate keys the last counts, as with JSON.parse.
 * @throws SyntaxError when the text is not JSON
 */
export function jsonTextAt(text: string, steps: readonly JsonPathStep[]): string | undefined {
  const scanner = new Scanner(text);
  const span = scanner.find(steps, 0);
  scanner.end();
  return span && text.slice(span.start, span.end);
}

/** The number literals of a JSON document that JavaScript would write differently (precision, 1.10, 1e2, -0). */
export function numbersThatChange(text: string): string[] {
  const changed: string[] = [];
  const scanner = new Scanner(text, (literal) => {
    if (String(Number(literal)) !== literal) changed.push(literal);
  });
  scanner.skipValue();
  scanner.end();
  return changed;
}

/**
 * The text of what `path` selects in the document `text`: the exact source span for a simple
 * path; for another path, the parsed selection re-serialized, refused when any number of the
 * document would not come out as it was written.
 */
export function selectJsonText(text: string, path: string): JsonSelection {
  const steps = simplePathSteps(path);
  try {
    if (steps) {
      const selected = jsonTextAt(text, steps);
      return selected === undefined ? { ok: false, reason: `${path} selects nothing in it` } : { ok: true, text: selected, exact: true };
    }
    const changed = numbersThatChange(text);
    if (changed.length > 0) {
      return { ok: false, reason: `${path} is not a plain dotted path, so the selection would be re-serialized, and that would rewrite the number${changed.length === 1 ? '' : 's'} ${changed.slice(0, 3).join(', ')}` };
    }
    const value = evaluatePath(JSON.parse(text) as unknown, path);
    return value === undefined ? { ok: false, reason: `${path} selects nothing in it, or is a path this replay cannot read` } : { ok: true, text: JSON.stringify(value), exact: false };
  } catch (error) {
    // The callers parsed the text already: a stack overflow means nesting deeper than this scanner follows.
    if (error instanceof RangeError) return { ok: false, reason: 'it is nested too deeply to copy its text exactly' };
    return { ok: false, reason: `it is not JSON (${(error as Error).message})` };
  }
}

/**
 * Bracketed names (`$['a b']`) and wildcards (`$.items[*].id`, a list of every match) on a
 * parsed document; undefined for anything else.
 */
function evaluatePath(document: unknown, path: string): unknown {
  const token = /\.([^.[\]*'" ]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\.\*|\[\*\]/y;
  let current: unknown[] = [document];
  let wildcard = false;
  let at = 1;
  if (!path.startsWith('$')) return undefined;
  while (at < path.length) {
    token.lastIndex = at;
    const match = token.exec(path);
    if (!match) return undefined;
    at = token.lastIndex;
    const name = match[1] ?? match[3] ?? match[4];
    if (name !== undefined) current = current.flatMap((v) => (isRecord(v) && Object.hasOwn(v, name) ? [v[name]] : []));
    else if (match[2] !== undefined) current = current.flatMap((v) => (Array.isArray(v) && Number(match[2]) < v.length ? [v[Number(match[2])]] : []));
    else {
      wildcard = true;
      current = current.flatMap((v) => (Array.isArray(v) ? v : isRecord(v) ? Object.values(v) : []));
    }
  }
  return wildcard ? current : current[0];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A position in the text and the grammar of JSON, enough to skip values and find members. */
class Scanner {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly onNumber?: (literal: string) => void,
  ) {}

  /** The span of the value at steps[i..] of the value that starts here; consumes that whole value. */
  find(steps: readonly JsonPathStep[], i: number): { start: number; end: number } | undefined {
    this.ws();
    if (i === steps.length) {
      const start = this.pos;
      this.skipValue();
      return { start, end: this.pos };
    }
    const step = steps[i]!;
    const c = this.text[this.pos];
    let found: { start: number; end: number } | undefined;
    if (c === '{' && 'key' in step) {
      this.members((key) => {
        if (key === step.key) found = this.find(steps, i + 1);
        else this.skipValue();
      });
      return found;
    }
    if (c === '[' && 'index' in step) {
      let n = 0;
      this.elements(() => {
        if (n++ === step.index) found = this.find(steps, i + 1);
        else this.skipValue();
      });
      return found;
    }
    this.skipValue();
    return undefined;
  }

  /** Consumes one value and the whitespace before it. */
  skipValue(): void {
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') this.members(() => this.skipValue());
    else if (c === '[') this.elements(() => this.skipValue());
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else if (this.text.startsWith('true', this.pos)) this.pos += 4;
    else if (this.text.startsWith('false', this.pos)) this.pos += 5;
    else if (this.text.startsWith('null', this.pos)) this.pos += 4;
    else this.fail('a value');
  }

  /** Only whitespace may follow the document. */
  end(): void {
    this.ws();
    if (this.pos !== this.text.length) this.fail('the end of the document');
  }

  private members(onMember: (key: string) => void): void {
    this.pos++; // {
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('a member name');
      const key = JSON.parse(this.string()) as string;
      this.ws();
      this.expect(':');
      onMember(key);
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
      else return this.expect('}');
    }
  }

  private elements(onElement: () => void): void {
    this.pos++; // [
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      onElement();
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
      else return this.expect(']');
    }
  }

  /** Consumes a string literal, escapes and all; returns its source text. */
  private string(): string {
    const start = this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('the end of a string');
      if (c === '\\') this.pos += 2;
      else {
        this.pos++;
        if (c === '"') return this.text.slice(start, this.pos);
      }
    }
  }

  private number(): void {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found) this.fail('a number');
    this.pos = match.lastIndex;
    this.onNumber?.(found[0]);
  }

  private ws(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`'${c}'`);
    this.pos++;
  }

  private fail(what: string): never {
    throw new SyntaxError(`expected ${what} at position ${this.pos}`);
  }
}
