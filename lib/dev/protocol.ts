/**
 * The AWS JSON 1.0 protocol as the SDK clients speak it: `POST /` with
 * `X-Amz-Target: <Service>.<Operation>` and a JSON body; answers in
 * `application/x-amz-json-1.0`; an error is HTTP 400 with `{ __type, message }`, whose `__type`
 * the SDK turns into the error's name (`ExecutionDoesNotExist`, ...).
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ToolErrors } from '../contracts/toolErrors.ts';

export const AMZ_JSON = 'application/x-amz-json-1.0';

/** The largest request body accepted: StartExecution's 256 KiB input, as JSON text, with room for escaping. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** An API error in the shape the SDKs read. */
export class DevApiError extends Error {
  override readonly name = ToolErrors.DEV_API_FAILED;
  constructor(
    /** The AWS error name, e.g. `ExecutionDoesNotExist`. */
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }
}

/** `ValidationException` for a request field that is missing or malformed. */
export function invalidField(field: string, problem: string): DevApiError {
  return new DevApiError('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${problem}`);
}

/** Reads the body as JSON (an empty body is `{}`). */
export async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DevApiError('ValidationException', `the request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new DevApiError('SerializationException', `the request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DevApiError('SerializationException', 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Sends a JSON answer. */
export function sendJson(response: ServerResponse, status: number, body: unknown, contentType: string = AMZ_JSON): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Sends an error as `{ __type, message }`; anything not a DevApiError is an internal failure (500). */
export function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof DevApiError) {
    sendJson(response, error.status, { __type: error.type, message: error.message });
    return;
  }
  sendJson(response, 500, { __type: 'InternalFailure', message: `aethon dev failed on this request: ${(error as Error)?.message ?? String(error)}` });
}

/** Epoch seconds with milliseconds: how JSON 1.0 carries a timestamp. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
