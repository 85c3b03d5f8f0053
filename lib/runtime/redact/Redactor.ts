/**
 * Keeps every secret value the step has read and scrubs it from log lines, error messages and step
 * outputs. Values are matched as substrings, so a key embedded in a URL or an echoed header is
 * caught as well as the bare value; so are its URL-encoded, form-encoded and JSON-escaped forms
 * (generated passwords contain `" \\ + / =`, which a query string or an echoed JSON body escapes).
 *
 * What is registered for a secret:
 * - always its whole text;
 * - for a JSON secret, also every string leaf (array items included), except under the keys that
 *   name where and what rather than a credential (`engine`, `host`, `port`, `dbname`, `username`,
 *   ... of the RDS secret format): `engine: "postgres"` or `dbname: "users"` would otherwise be
 *   replaced inside the step's outputs, corrupting the data the next step receives. A handler
 *   usually reads one value of the secret, so leaves under any other key (`value`, `dsn`, `pass`,
 *   `webhook`) must be caught.
 *
 * Text that was cut short before it got here (an HTTP body excerpt, a described value: the code
 * that cuts it may not hold this redactor) can end in the first characters of a secret, which no
 * whole-value match finds. {@link Redactor.redactText}, used for errors and log lines, also
 * replaces such a head where text ends: at the end of the string, a line, or an ellipsis.
 */

/** What replaces a secret value. */
export const REDACTED = '[REDACTED]';

/**
 * Values shorter than this are not registered, the whole secret included: a 1-3 character value
 * ("a", "on", "eu1") occurs inside ordinary text everywhere, so replacing it would corrupt outputs
 * and make logs unreadable while protecting nothing (no real credential is that short).
 */
export const MIN_REDACTED_LENGTH = 4;

/** Keys whose values describe a connection rather than authorize it (RDS and DocumentDB secret formats). */
const DESCRIPTIVE_KEYS = new Set(
  ['engine', 'host', 'port', 'dbname', 'username', 'dbinstanceidentifier', 'dbclusteridentifier', 'region', 'ssl', 'masterarn', 'proxyhost'],
);

export class Redactor {
  private readonly values = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  private ordered: string[] = [];

  /**
   * Registers a secret value (and its encoded forms); a JSON secret also registers its string
   * leaves but for descriptive ones.
   */
  add(value: string): void {
    this.addForms(value);
    const start = value.trimStart()[0];
    if (start === '{' || start === '[') {
      try {
        for (const leaf of secretLeaves(JSON.parse(value))) this.addForms(leaf);
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

  /**
   * {@link redactString}, plus a secret's head left where the text was cut (see the file comment).
   * For messages and log lines only: in data, a value that merely ends like a secret begins is data.
   */
  redactText(text: string): string {
    const out = this.redactString(text);
    if (this.ordered.length === 0) return out;
    return out.replace(/[^\n…]+(?=$|\n|…)/g, (segment) => this.redactCutHead(segment));
  }

  /** A copy of a JSON-like value with every string redacted (keys too: a secret can be a key). */
  redactValue<T>(value: T): T {
    if (this.ordered.length === 0) return value;
    return this.walk(value, new WeakSet()) as T;
  }

  /**
   * Redacts an error in place: its name (Step Functions reports it as the error type), message,
   * stack, details, and its cause chain, including a cause that is text or data rather than an
   * error. A chain that loops back on itself is walked once.
   */
  redactError<E>(error: E): E {
    if (this.ordered.length === 0) return error;
    const seen = new Set<unknown>();
    let current: unknown = error;
    for (; current instanceof Error && !seen.has(current); current = current.cause) {
      seen.add(current);
      setOwn(current, 'name', this.redactText(current.name));
      setOwn(current, 'message', this.redactText(current.message));
      if (current.stack) setOwn(current, 'stack', this.redactText(current.stack));
      const withDetails = current as Error & { details?: unknown };
      if (withDetails.details !== undefined) setOwn(current, 'details', this.redactDetails(withDetails.details));
      const cause = current.cause;
      if (typeof cause === 'string') setOwn(current, 'cause', this.redactText(cause));
      else if (cause !== null && typeof cause === 'object' && !(cause instanceof Error)) setOwn(current, 'cause', this.redactValue(cause));
    }
    return error;
  }

  /** Details are diagnostics, not data: their text may be a cut excerpt. */
  private redactDetails(details: unknown): unknown {
    const redacted = this.redactValue(details);
    if (redacted === null || typeof redacted !== 'object' || Array.isArray(redacted)) return redacted;
    return Object.fromEntries(Object.entries(redacted).map(([key, value]) => [key, typeof value === 'string' ? this.redactText(value) : value]));
  }

  /** Replaces the longest head (at least MIN_REDACTED_LENGTH long) of a secret that ends the segment. */
  private redactCutHead(segment: string): string {
    for (const value of this.ordered) {
      for (let length = Math.min(value.length - 1, segment.length); length >= MIN_REDACTED_LENGTH; length--) {
        if (segment.endsWith(value.slice(0, length))) return segment.slice(0, segment.length - length) + REDACTED;
      }
    }
    return segment;
  }

  /** The value as written, URL-encoded, form-encoded (spaces as +) and escaped inside a JSON string. */
  private addForms(value: string): void {
    if (value.length < MIN_REDACTED_LENGTH) return;
    const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
    try {
      forms.add(encodeURIComponent(value));
      forms.add(new URLSearchParams({ v: value }).toString().slice(2));
    } catch {
      // A lone surrogate cannot be URL-encoded, so it cannot appear URL-encoded either.
    }
    let changed = false;
    for (const form of forms) {
      if (this.values.has(form)) continue;
      this.values.add(form);
      changed = true;
    }
    if (changed) this.ordered = [...this.values].sort((a, b) => b.length - a.length);
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

/** Every string leaf, array items included, but for those under descriptive keys. */
function* secretLeaves(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* secretLeaves(item);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (!DESCRIPTIVE_KEYS.has(key.toLowerCase())) yield* secretLeaves(item);
  }
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
