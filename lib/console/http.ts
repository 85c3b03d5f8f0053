/**
 * JSON in and out for the console's /aethon/ routes, and the `{ __type, message }` refusal they
 * share with the Step Functions API of `aethon dev` (lib/dev/protocol.ts extends it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ToolErrors } from '../contracts/toolErrors.ts';

/**
 * A refusal answered as JSON `{ __type, message }` with its HTTP status. Each server names its
 * own subclass (ConsoleRequestError here, DevApiError in lib/dev), so a log says which one refused.
 */
export abstract class JsonApiError extends Error {
  constructor(
    /** The error name the client receives as `__type` (the SDKs make it the error's name). */
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }

  /** What the client reads. */
  answer(): { readonly __type: string; readonly message: string } {
    return { __type: this.type, message: this.message };
  }
}

/** A refusal the page shows as is. */
export class ConsoleRequestError extends JsonApiError {
  override readonly name = ToolErrors.CONSOLE_REQUEST_FAILED;
}

/** How a server builds its refusals. */
export type JsonApiErrorClass = new (type: string, message: string, status?: number) => JsonApiError;

export interface JsonBodyLimits {
  readonly maxBytes: number;
  /** The class a body too large or not a JSON object is refused with. */
  readonly refusal: JsonApiErrorClass;
}

/** Larger than any configuration document or test event a person edits. */
const CONSOLE_BODY: JsonBodyLimits = { maxBytes: 1024 * 1024, refusal: ConsoleRequestError };

/**
 * The body as a JSON object; an empty (or blank) body is `{}`.
 * @throws the limits' refusal class when it is too large (413) or not a JSON object (400)
 */
export async function readJsonObject(request: IncomingMessage, limits: JsonBodyLimits = CONSOLE_BODY): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limits.maxBytes) throw new limits.refusal('ValidationException', `the request body is larger than ${limits.maxBytes} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new limits.refusal('SerializationException', `the request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new limits.refusal('SerializationException', 'the request body must be a JSON object');
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
