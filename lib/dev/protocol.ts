/**
 * The AWS JSON 1.0 protocol as the SDK clients speak it: `POST /` with
 * `X-Amz-Target: <Service>.<Operation>` and a JSON body; answers in
 * `application/x-amz-json-1.0`; an error is HTTP 400 with `{ __type, message }`, whose `__type`
 * the SDK turns into the error's name (`ExecutionDoesNotExist`, ...).
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonApiError, readJsonObject } from '../contracts/jsonApiError.ts';
import { ToolErrors } from '../contracts/toolErrors.ts';

export const AMZ_JSON = 'application/x-amz-json-1.0';

/** The largest request body accepted: StartExecution's 256 KiB input, as JSON text, with room for escaping. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** An API error in the shape the SDKs read (the console's ConsoleRequestError is the same JsonApiError). */
export class DevApiError extends JsonApiError {
  override readonly name = ToolErrors.DEV_API_FAILED;
}

/** `ValidationException` for a request field that is missing or malformed. */
export function invalidField(field: string, problem: string): DevApiError {
  return new DevApiError('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${problem}`);
}

/** Reads the body as JSON (an empty body is `{}`). @throws DevApiError when it is too large or not a JSON object */
export function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return readJsonObject(request, { maxBytes: MAX_BODY_BYTES, refusal: DevApiError });
}

/** Sends a JSON answer. */
export function sendJson(response: ServerResponse, status: number, body: unknown, contentType: string = AMZ_JSON): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Sends an error as `{ __type, message }`; anything not a JsonApiError (this API's or the console's) is an internal failure (500). */
export function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof JsonApiError) {
    sendJson(response, error.status, error.answer());
    return;
  }
  sendJson(response, 500, { __type: 'InternalFailure', message: `aethon dev failed on this request: ${(error as Error)?.message ?? String(error)}` });
}

/** Epoch seconds with milliseconds: how JSON 1.0 carries a timestamp. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
