/** JSON in and out for the console's /aethon/ routes, with the same error shape as the API ({ __type, message }). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ToolErrors } from '../contracts/toolErrors.ts';

/** A refusal the page shows as is. */
export class ConsoleRequestError extends Error {
  override readonly name = ToolErrors.CONSOLE_REQUEST_FAILED;
  constructor(
    /** The error name the page receives as `__type`. */
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }
}

/** Larger than any configuration document or test event a person edits. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The body as a JSON object. @throws ConsoleRequestError when it is too large or not a JSON object */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ConsoleRequestError('ValidationException', `the request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch (error) {
    throw new ConsoleRequestError('SerializationException', `the request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ConsoleRequestError('SerializationException', 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Headers every console answer carries: no caching of live data, no sniffing, no framing. */
export const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' } as const;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendProblem(response: ServerResponse, status: number, type: string, message: string): void {
  sendJson(response, status, { __type: type, message });
}
