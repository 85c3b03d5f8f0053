/**
 * Keeps every secret value the step has read and scrubs it from log lines, error messages and step
 * outputs. Values are matched as substrings, so a key embedded in a URL or an echoed header is
 * caught as well as the bare value.
 */

/** What replaces a secret value. */
export const REDACTED = '[REDACTED]';

/**
 * Values shorter than this are not redacted: replacing every `"a"` would make logs unreadable
 * without protecting anything, and no real credential is that short.
 */
export const MIN_REDACTED_LENGTH = 4;

export class Redactor {
  private readonly values = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  private ordered: string[] = [];

  /** Registers a secret value; a JSON object secret also registers each of its string leaves. */
  add(value: string): void {
    this.addOne(value);
    if (value.trimStart().startsWith('{')) {
      try {
        for (const leaf of stringLeaves(JSON.parse(value))) this.addOne(leaf);
      } catch {
        // Not JSON after all: the whole value is registered already.
      }
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** Replaces every registered value in a string. */
  redactString(text: string): string {
    if (this.ordered.length === 0) return text;
    let out = text;
    for (const value of this.ordered) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  /** A copy of a JSON-like value with every string redacted (keys too: a secret can be a key). */
  redactValue<T>(value: T): T {
    if (this.ordered.length === 0) return value;
    return this.walk(value, new WeakSet()) as T;
  }

  /** Redacts an error's message and stack, its details and its cause chain, in place. */
  redactError<E>(error: E): E {
    if (this.ordered.length === 0) return error;
    const seen = new Set<unknown>();
    for (let current: unknown = error; current instanceof Error && !seen.has(current); current = current.cause) {
      seen.add(current);
      setOwn(current, 'message', this.redactString(current.message));
      if (current.stack) setOwn(current, 'stack', this.redactString(current.stack));
      const withDetails = current as Error & { details?: unknown };
      if (withDetails.details !== undefined) setOwn(current, 'details', this.redactValue(withDetails.details));
    }
    return error;
  }

  private addOne(value: string): void {
    if (value.length < MIN_REDACTED_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    this.ordered = [...this.values].sort((a, b) => b.length - a.length);
  }

  private walk(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return undefined;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item, seen));
    if (value instanceof Error) return this.redactError(value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[this.redactString(key)] = this.walk(item, seen);
    return out;
  }
}

function* stringLeaves(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (value && typeof value === 'object') for (const item of Object.values(value)) yield* stringLeaves(item);
}

/**
 * Sets a property as an own value. Some errors expose `message` as a getter only (DOMException,
 * the cause of a fetch timeout), where plain assignment throws; an own property shadows it.
 */
function setOwn(target: object, key: string, value: unknown): void {
  if ((target as Record<string, unknown>)[key] === value) return;
  try {
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: key === 'details' });
  } catch {
    // A frozen error keeps its text; it came from outside the step and holds no value read here.
  }
}
