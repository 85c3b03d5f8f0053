/**
 * Parses an HTTP Retry-After value: delay-seconds or an HTTP-date.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
import type { Clock } from '../clock.ts';

/** Seconds to wait (at least 0, rounded up), or undefined when the value is absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, clock: Clock): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - clock.now()) / 1000));
}
