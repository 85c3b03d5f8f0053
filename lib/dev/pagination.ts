/** `maxResults` / `nextToken` paging of the List* and GetExecutionHistory operations. */
import { DevApiError, invalidField } from './protocol.ts';

/** One page of `items`, and the token for the next when there is more. */
export function pageOf<T>(items: readonly T[], body: Record<string, unknown>, defaultSize = 100): { readonly page: T[]; readonly nextToken?: string } {
  const size = pageSize(body.maxResults, defaultSize);
  const offset = body.nextToken === undefined ? 0 : offsetOf(body.nextToken);
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { page, nextToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64url') } : { page };
}

/** 1 to 1000; 0 or absent means the default, as the API documents. */
function pageSize(value: unknown, defaultSize: number): number {
  if (value === undefined || value === 0) return defaultSize;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) throw invalidField('maxResults', 'Member must have value between 0 and 1000');
  return value;
}

function offsetOf(token: unknown): number {
  try {
    const { offset } = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw new DevApiError('InvalidToken', `Invalid Token: '${String(token)}' is not a nextToken this server handed out`);
}
