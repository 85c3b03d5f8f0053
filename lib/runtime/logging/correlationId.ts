/**
 * Finds a correlation id in the step input, so a run's logs can be joined with the request or event
 * that started it. Triggers pass the event's `detail` (EventBridge) or body on as the input, so the
 * usual places of a correlation id are looked up in order.
 */

/** Where a correlation id is looked for, first match wins. */
export const CORRELATION_ID_PATHS: readonly (readonly string[])[] = [
  ['correlationId'],
  ['correlation_id'],
  ['metadata', 'correlationId'],
  ['detail', 'correlationId'],
  ['headers', 'x-correlation-id'],
  ['headers', 'X-Correlation-Id'],
  ['requestContext', 'requestId'],
];

/** The first non-empty string or number at one of {@link CORRELATION_ID_PATHS}, else undefined. */
export function findCorrelationId(input: unknown): string | undefined {
  for (const path of CORRELATION_ID_PATHS) {
    let current: unknown = input;
    for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
    if ((typeof current === 'string' && current !== '') || typeof current === 'number') return String(current);
  }
  return undefined;
}
