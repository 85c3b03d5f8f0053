/**
 * JSON over HTTP with the classification automation needs: 5xx, 429, network errors and timeouts
 * are retryable; other 4xx and bodies that are not the JSON we expected are permanent. A 503 is
 * never mistaken for success.
 */
import { PermanentError, RetryableError } from './errors.ts';

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** @default 10000 */
  readonly timeoutMs?: number;
  /** Sent as the Idempotency-Key header, for APIs that dedupe on the client's key. */
  readonly idempotencyKey?: string;
}

const EXCERPT_LENGTH = 200;

/** Sends a request and returns the parsed JSON body, or throws a classified error. */
export async function requestJson<T = unknown>(url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new RetryableError(
      timedOut ? `${url} did not answer within ${timeoutMs} ms` : `${url} could not be reached: ${(error as Error).message}`,
      { url },
      { cause: error },
    );
  }
  const details = { status: response.status, url, bodyExcerpt: text.slice(0, EXCERPT_LENGTH) };
  if (response.status >= 500 || response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new RetryableError(`${url} answered ${response.status}`, {
      ...details,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (response.status >= 400) throw new PermanentError(`${url} answered ${response.status}: ${details.bodyExcerpt}`, details);
  if (text.trim() === '') throw new PermanentError(`${url} answered ${response.status} with an empty body where JSON was expected`, details);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new PermanentError(`${url} answered ${response.status} with a body that is not JSON: ${details.bodyExcerpt}`, details);
  }
}

/** The base URL of an external service, from the environment (tests point it at mock servers). */
export function serviceUrl(variable: string): string {
  const value = process.env[variable];
  if (!value) throw new PermanentError(`${variable} is not set; it must hold the service's base URL`);
  return value.replace(/\/+$/, '');
}
