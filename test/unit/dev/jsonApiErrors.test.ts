/**
 * The `{ __type, message }` refusals the console routes and the Step Functions API of `aethon dev`
 * share (lib/contracts/jsonApiError.ts): one body reader with each server's own error name and
 * size limit, and each server answering a JsonApiError of either kind as it is, with no
 * conversion between them. Everything goes through a real HTTP server on a free port; the console
 * side is its real request handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleRequestHandler, type ConsoleHandles } from '../../../lib/console/index.ts';
import { CONSOLE_MAX_BODY_BYTES, ConsoleRequestError, readConsoleBody, sendJson as sendConsoleJson, sendRefusal } from '../../../lib/console/http.ts';
import { JsonApiError } from '../../../lib/contracts/jsonApiError.ts';
import { ToolErrors } from '../../../lib/contracts/toolErrors.ts';
import { DevApiError, MAX_BODY_BYTES, readJsonBody, sendError, sendJson } from '../../../lib/dev/protocol.ts';

/** What the console's log handle throws, by the execution asked for. */
const LOG_FAILURES: Record<string, Error> = {
  'dev-refusal': new DevApiError('ExecutionDoesNotExist', "Execution Does Not Exist: 'gone'"),
  'console-refusal': new ConsoleRequestError('LogsNotKept', 'this server keeps no handler logs', 404),
  crash: new Error('disk full'),
};

const HANDLES: ConsoleHandles = {
  workflows: () => [],
  // Read only by the config routes, which these tests never call.
  localDir: '/aethon-test-never-written',
  handlerLogs: async ({ execution }) => {
    throw LOG_FAILURES[execution] ?? new Error(`no failure named ${execution}`);
  },
};

type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Each echo route answers with what its server's reader made of the body, or the refusal as that server sends it. */
const ROUTES: Record<string, Route> = {
  '/console-echo': (request, response) => readConsoleBody(request).then((body) => sendConsoleJson(response, 200, body), (error: JsonApiError) => sendRefusal(response, error)),
  '/dev-echo': (request, response) => readJsonBody(request).then((body) => sendJson(response, 200, body), (error: unknown) => sendError(response, error)),
  '/dev-throws-console-refusal': async (_request, response) => sendError(response, new ConsoleRequestError('RecordNotFound', 'no record for key k', 404)),
  '/dev-throws-crash': async (_request, response) => sendError(response, new Error('disk full')),
};

function testServer(): Promise<Server> {
  const consoleHandler = createConsoleRequestHandler(HANDLES);
  const server = createServer((request, response) => {
    const route = ROUTES[request.url!];
    void (route ? route(request, response) : consoleHandler(request, response));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('Refusals shared by the console and aethon dev', () => {
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    server = await testServer();
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${endpoint}${path}`, { method, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const post = (path: string, body: string) => call('POST', path, body);

  it.each(['/console-echo', '/dev-echo'])('%s reads a JSON object, and a blank body as {}', async (path) => {
    expect(await post(path, '{"a":[1,2]}')).toEqual({ status: 200, body: { a: [1, 2] } });
    expect(await post(path, '  \n')).toEqual({ status: 200, body: {} });
  });

  it('refuses a body that is not JSON, or not an object, through each server its own sender', async () => {
    const fromConsole = await post('/aethon/events/match', '{"a":');
    expect(fromConsole.status).toBe(400);
    expect(fromConsole.body).toEqual({ __type: 'SerializationException', message: expect.stringMatching(/^the request body is not JSON: /) });
    expect(await post('/dev-echo', '[1]')).toEqual({ status: 400, body: { __type: 'SerializationException', message: 'the request body must be a JSON object' } });
  });

  it('refuses a body over each server its own limit with 413, saying the limit', async () => {
    const justOverConsole = `{"a":"${'x'.repeat(CONSOLE_MAX_BODY_BYTES)}"}`;
    expect(await post('/aethon/events/match', justOverConsole)).toEqual({ status: 413, body: { __type: 'ValidationException', message: `the request body is larger than ${CONSOLE_MAX_BODY_BYTES} bytes` } });
    expect((await post('/dev-echo', justOverConsole)).status).toBe(200);
    expect(await post('/dev-echo', `{"a":"${'x'.repeat(MAX_BODY_BYTES)}"}`)).toEqual({ status: 413, body: { __type: 'ValidationException', message: `the request body is larger than ${MAX_BODY_BYTES} bytes` } });
  });

  it("the console answers aethon dev's refusal, and its own, with their type and status", async () => {
    expect(await call('GET', '/aethon/logs?workflow=w&execution=dev-refusal')).toEqual({ status: 400, body: { __type: 'ExecutionDoesNotExist', message: "Execution Does Not Exist: 'gone'" } });
    expect(await call('GET', '/aethon/logs?workflow=w&execution=console-refusal')).toEqual({ status: 404, body: { __type: 'LogsNotKept', message: 'this server keeps no handler logs' } });
  });

  it("aethon dev answers the console's refusal with its type and status", async () => {
    expect(await call('POST', '/dev-throws-console-refusal')).toEqual({ status: 404, body: { __type: 'RecordNotFound', message: 'no record for key k' } });
  });

  it('answers any other failure as InternalFailure (500), naming what failed', async () => {
    expect(await call('GET', '/aethon/logs?workflow=w&execution=crash')).toEqual({ status: 500, body: { __type: 'InternalFailure', message: 'the console failed on GET /aethon/logs: disk full' } });
    expect(await call('POST', '/dev-throws-crash')).toEqual({ status: 500, body: { __type: 'InternalFailure', message: 'aethon dev failed on this request: disk full' } });
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
