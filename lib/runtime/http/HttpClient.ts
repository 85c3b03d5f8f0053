/**
 * JSON over HTTP (fetch) with the classification automation needs, so a 503 is never mistaken for
 * success:
 * - 5xx, 429 (with its Retry-After), network errors and timeouts: RetryableError (Aethon.Retryable);
 * - 408 and 425 (the service asks for the request again): RetryableError;
 * - other 4xx: PermanentError (Aethon.Permanent);
 * - redirects: followed (up to 5) only to the same origin, and only when the request stays what it
 *   was: any redirect of a GET or HEAD, a 307 or 308 of any method (the body is sent again). A
 *   POST answered 301/302/303 would become a GET whose 200 fetch reports as the POST's success,
 *   and another origin would receive the request's headers: those, and a 304, are PermanentError
 *   naming the status and the Location (without its query string or fragment);
 * - an empty or non-JSON body where JSON was expected: PermanentError with status and excerpt;
 * - a 2xx whose body reports a failure (`{ "status": "error" }` and the like), when the request
 *   says how to see it (`failureIn`): RetryableError or PermanentError, as that function decides.
 * Every request has a timeout, and can carry the step's idempotency key as `Idempotency-Key`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { PermanentError, RetryableError } from '../errors.ts';
import { parseRetryAfter } from './retryAfter.ts';

export interface HttpRequestOptions {
  /** @default 'POST' with a body, else 'GET' */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** @default the client's timeoutMs */
  readonly timeoutMs?: number;
  /**
   * Sent as the Idempotency-Key header. `true` sends the step's own key (from the workflow's
   * `idempotency.key`); a string sends that string.
   * @default no header
   */
  readonly idempotencyKey?: string | true;
  /** `json`: the answer must be a JSON body; `none`: the body is ignored (204 and the like). @default 'json' */
  readonly expect?: 'json' | 'none';
  /**
   * For services that answer 200 with an error inside: given the parsed body, returns why it is
   * a failure (and whether retrying may help), or undefined when it is a success.
   * @example failureIn: (body) => body.status === 'error' ? { reason: body.message, retryable: body.code === 'BUSY' } : undefined
   */
  readonly failureIn?: (body: any) => { readonly reason: string; readonly retryable?: boolean } | undefined;
}

export interface HttpClientOptions {
  /** @default 10000 */
  readonly timeoutMs?: number;
  /** The step's idempotency key, for `idempotencyKey: true`. */
  readonly stepIdempotencyKey?: string;
  readonly logger?: Logger;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default systemClock */
  readonly clock?: Clock;
  /**
   * Scrubs secrets from a body before its excerpt is cut: redacting after the cut would miss a
   * secret that straddles the cut. (Without it, the step's redactor still catches the head of a
   * secret left at the end of an excerpt; see Redactor.redactText.)
   * @default keeps the body as it is
   */
  readonly redact?: (text: string) => string;
  /**
   * Milliseconds left before the step times out. A request's timeout is cut to fit, so a slow
   * service fails the attempt as Aethon.Retryable, logged, instead of Lambda killing it silently.
   * @default no deadline
   */
  readonly remainingTimeMs?: () => number;
}

/** Time kept back from the step's deadline to log the failure and release the idempotency key. */
export const DEADLINE_MARGIN_MS = 250;

/** Characters of a body kept in errors: enough to recognise an HTML error page or a truncated answer. */
export const BODY_EXCERPT_LENGTH = 200;

export class HttpClient {
  private readonly timeoutMs: number;
  private readonly clock: Clock;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
  }

  /** Sends a request and returns the parsed JSON body, or throws a classified error. */
  async request<T = unknown>(url: string, options: HttpRequestOptions = {}): Promise<T> {
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const where = stripQuery(url);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const key = this.idempotencyKeyFor(options.idempotencyKey);
    if (key !== undefined) headers['idempotency-key'] = key;
    const requested = options.timeoutMs ?? this.timeoutMs;
    const remaining = this.options.remainingTimeMs?.();
    const timeoutMs = remaining === undefined ? requested : Math.max(1, Math.min(requested, Math.floor(remaining - DEADLINE_MARGIN_MS)));
    const started = this.clock.now();
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      let target = url;
      for (let hops = 0; ; hops++) {
        response = await (this.options.fetch ?? fetch)(target, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          signal,
          redirect: 'manual',
        });
        const next = hops < MAX_REDIRECTS ? followable(method, response, target) : undefined;
        if (next === undefined) break;
        await response.body?.cancel();
        target = next;
      }
      text = await response.text();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      this.options.logger?.debug('http request failed', { http: { method, url: where, durationMs: this.clock.now() - started, timedOut } });
      throw new RetryableError(
        timedOut ? `${method} ${where} did not answer within ${timeoutMs} ms` : `${method} ${where} could not be reached: ${(error as Error).message}`,
        { url: where },
        { cause: error },
      );
    }
    const status = response.status;
    this.options.logger?.debug('http request', { http: { method, url: where, status, durationMs: this.clock.now() - started } });
    const details = { status, url: where, bodyExcerpt: excerpt(this.options.redact ? this.options.redact(text) : text) };
    if (status >= 500 || status === 429 || status === 408 || status === 425) {
      const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), this.clock);
      const wait = retryAfterSeconds === undefined ? '' : ` (Retry-After: ${retryAfterSeconds} s)`;
      throw new RetryableError(`${method} ${where} answered ${status}${wait}`, { ...details, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
    }
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location');
      const target = location === null ? '' : ` to ${stripQuery(location)}`;
      const why =
        status === 304
          ? 'not a success: this client sends no conditional requests'
          : 'not followed (another origin, a POST that would be sent again as a GET, or too many redirects); call the final URL';
      throw new PermanentError(`${method} ${where} answered ${status}${target}: ${why}`, {
        ...details,
        ...(location === null ? {} : { location: stripQuery(location) }),
      });
    }
    if (status >= 400) throw new PermanentError(`${method} ${where} answered ${status}: ${details.bodyExcerpt}`, details);
    if (options.expect === 'none') return undefined as T;
    if (text.trim() === '') throw new PermanentError(`${method} ${where} answered ${status} with an empty body where JSON was expected`, details);
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      throw new PermanentError(`${method} ${where} answered ${status} with a body that is not JSON: ${details.bodyExcerpt}`, details);
    }
    const failure = options.failureIn?.(body);
    if (failure !== undefined) {
      const message = `${method} ${where} answered ${status}, but its body reports a failure: ${failure.reason}`;
      throw failure.retryable === true ? new RetryableError(message, details) : new PermanentError(message, details);
    }
    return body;
  }

  /** GET, returning the JSON body. */
  get<T = unknown>(url: string, options: Omit<HttpRequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(url, { ...options, method: 'GET' });
  }

  /** POST a JSON body, returning the JSON answer. */
  post<T = unknown>(url: string, body: unknown, options: Omit<HttpRequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(url, { ...options, method: 'POST', body });
  }

  /** PUT a JSON body, returning the JSON answer. */
  put<T = unknown>(url: string, body: unknown, options: Omit<HttpRequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(url, { ...options, method: 'PUT', body });
  }

  /** PATCH with a JSON body, returning the JSON answer. */
  patch<T = unknown>(url: string, body: unknown, options: Omit<HttpRequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(url, { ...options, method: 'PATCH', body });
  }

  /** DELETE, returning the JSON answer (pass `expect: 'none'` when the service answers 204). */
  delete<T = unknown>(url: string, options: Omit<HttpRequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(url, { ...options, method: 'DELETE' });
  }

  private idempotencyKeyFor(option: string | true | undefined): string | undefined {
    if (option !== true) return option;
    if (this.options.stepIdempotencyKey === undefined) {
      // A made-up key (say, execution + state) would collide across the items of a Map state and
      // make a payments API drop real charges: refuse instead.
      throw new PermanentError("idempotencyKey: true needs the step's idempotency key; declare 'idempotency.key' on the step, or pass a key string");
    }
    return this.options.stepIdempotencyKey;
  }
}

/** The head of a body; a cut one ends in an ellipsis, so readers (and the redactor) see where. */
function excerpt(text: string): string {
  return text.length <= BODY_EXCERPT_LENGTH ? text : `${text.slice(0, BODY_EXCERPT_LENGTH)}…`;
}

/** Query strings and fragments often carry tokens and personal data; errors and logs keep scheme, host and path. */
function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

const MAX_REDIRECTS = 5;

/** Where a redirect leads, when following it keeps the request what it was and on its origin. */
function followable(method: string, response: Response, from: string): string | undefined {
  const status = response.status;
  if (![301, 302, 303, 307, 308].includes(status)) return undefined;
  const location = response.headers.get('location');
  if (location === null) return undefined;
  const keepsMethod = status === 307 || status === 308 || method === 'GET' || method === 'HEAD';
  if (!keepsMethod) return undefined;
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return undefined;
  }
  return next.origin === new URL(from).origin ? next.href : undefined;
}
