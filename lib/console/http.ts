/**
 * JSON in and out for the console's /aethon/ routes. Their refusal is a JsonApiError
 * (lib/contracts/jsonApiError.ts), the `{ __type, message }` the Step Functions API of
 * `aethon dev` answers too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonApiError, readJsonObject, type JsonBodyLimits } from '../contracts/jsonApiError.ts';
import { ToolErrors } from '../contracts/toolErrors.ts';

/** A refusal the page shows as is. */
export class ConsoleRequestError extends JsonApiError {
  override readonly name = ToolErrors.CONSOLE_REQUEST_FAILED;
}

/** Larger than any configuration document or test event a person edits. */
export const CONSOLE_MAX_BODY_BYTES = 1024 * 1024;
const CONSOLE_BODY: JsonBodyLimits = { maxBytes: CONSOLE_MAX_BODY_BYTES, refusal: ConsoleRequestError };

/** The body as a JSON object (a blank body is `{}`). @throws ConsoleRequestError when it is too large or not a JSON object */
export function readConsoleBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return readJsonObject(request, CONSOLE_BODY);
}

/** Headers every console answer carries: no caching of live data, no sniffing, no framing. */
export const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' } as const;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Sends a refusal as `{ __type, message }` with its status. */
export function sendRefusal(response: ServerResponse, refusal: JsonApiError): void {
  sendJson(response, refusal.status, refusal.answer());
}

export function sendProblem(response: ServerResponse, status: number, type: string, message: string): void {
  sendJson(response, status, { __type: type, message });
}
