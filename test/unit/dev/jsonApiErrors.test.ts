/**
 * The `{ __type, message }` refusals the console routes and the Step Functions API of `aethon dev`
 * share (lib/console/http.ts, lib/dev/protocol.ts): one body reader, each server's own error name
 * and size limit. Bodies go through a real HTTP server on a free port.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleRequestError, JsonApiError, readJsonObject } from '../../../lib/console/http.ts';
import { ToolErrors } from '../../../lib/contracts/toolErrors.ts';
import { DevApiError, MAX_BODY_BYTES, readJsonBody, sendError, sendJson } from '../../../lib/dev/protocol.ts';

type Reader = (request: IncomingMessage) => Promise<Record<string, unknown>>;
const READERS: Record<string, Reader> = { '/console': (request) => readJsonObject(request), '/dev': readJsonBody };

/** Answers each request with what its path's reader made of the body, or the refusal as sendError sends it. */
function echoServer(): Promise<Server> {
  const server = createServer((request, response) => {
    READERS[request.url!]!(request).then(
      (body) => sendJson(response, 200, body),
      (error: unknown) => sendError(response, error instanceof ConsoleRequestError ? new DevApiError(`console:${error.type}`, error.message, error.status) : error),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('Refusals shared by the console and aethon dev', () => {
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    server = await echoServer();
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (path: string, body: string) => {
    const response = await fetch(`${endpoint}${path}`, { method: 'POST', body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it.each(['/console', '/dev'])('%s reads a JSON object, and a blank body as {}', async (path) => {
    expect(await post(path, '{"a":[1,2]}')).toEqual({ status: 200, body: { a: [1, 2] } });
    expect(await post(path, '  \n')).toEqual({ status: 200, body: {} });
  });

  it('refuses a body that is not JSON, or not an object, with the error name of the server that read it', async () => {
    const fromConsole = await post('/console', '{"a":');
    expect(fromConsole.status).toBe(400);
    expect(fromConsole.body).toMatchObject({ __type: 'console:SerializationException', message: expect.stringMatching(/^the request body is not JSON: /) });
    expect(await post('/dev', '[1]')).toEqual({ status: 400, body: { __type: 'SerializationException', message: 'the request body must be a JSON object' } });
  });

  it('refuses a body over each server its own limit with 413, saying the limit', async () => {
    const consoleLimit = 1024 * 1024;
    const justOverConsole = `{"a":"${'x'.repeat(consoleLimit)}"}`;
    expect(await post('/console', justOverConsole)).toEqual({ status: 413, body: { __type: 'console:ValidationException', message: `the request body is larger than ${consoleLimit} bytes` } });
    expect((await post('/dev', justOverConsole)).status).toBe(200);
    expect(await post('/dev', `{"a":"${'x'.repeat(MAX_BODY_BYTES)}"}`)).toEqual({ status: 413, body: { __type: 'ValidationException', message: `the request body is larger than ${MAX_BODY_BYTES} bytes` } });
  });

  it('answers any other failure as InternalFailure (500), naming what failed', async () => {
    const response = await new Promise<{ status: number; body: unknown }>((resolve) => {
      const failing = createServer((_request, answer) => sendError(answer, new Error('disk full')));
      failing.listen(0, '127.0.0.1', async () => {
        const reply = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/`, { method: 'POST' });
        resolve({ status: reply.status, body: await reply.json() });
        failing.close();
      });
    });
    expect(response).toEqual({ status: 500, body: { __type: 'InternalFailure', message: 'aethon dev failed on this request: disk full' } });
  });

  it('names each class from ToolErrors, both being one JsonApiError with the same answer', () => {
    const dev = new DevApiError('ExecutionDoesNotExist', 'no execution x', 404);
    const fromConsole = new ConsoleRequestError('NotFound', 'no file y', 404);
    expect([dev.name, fromConsole.name]).toEqual([ToolErrors.DEV_API_FAILED, ToolErrors.CONSOLE_REQUEST_FAILED]);
    expect(dev).toBeInstanceOf(JsonApiError);
    expect(fromConsole).toBeInstanceOf(JsonApiError);
    expect(dev.answer()).toEqual({ __type: 'ExecutionDoesNotExist', message: 'no execution x' });
    expect(fromConsole.answer()).toEqual({ __type: 'NotFound', message: 'no file y' });
    expect(new DevApiError('ValidationException', 'bad').status).toBe(400);
  });
});
