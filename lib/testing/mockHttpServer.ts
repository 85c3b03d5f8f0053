/**
 * A real HTTP server on loopback for tests and the local demo: each route answers from a script
 * (503 twice, then 200; a slow answer; an empty body), and every request is recorded so a test can
 * assert what was sent and how often. Real sockets, so handlers exercise their real HTTP client.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export interface MockResponse {
  /** @default 200 */
  readonly status?: number;
  /** Sent as JSON unless `rawBody` is given. */
  readonly body?: unknown;
  /** Sent exactly as written (an empty string, malformed JSON, HTML from a proxy). */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Answer only after this long: for timeout tests. */
  readonly delayMs?: number;
}

/** A request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON when the body was JSON, else the raw text (undefined when empty). */
  readonly body: unknown;
}

/** Computes an answer from the request, e.g. echoing an id or counting per idempotency key. */
export type MockResponder = (request: RecordedRequest, callNumber: number) => MockResponse;

/**
 * Answers for one route: a fixed answer, a responder, or a sequence whose last entry repeats.
 * @example [{ status: 503 }, { status: 503 }, { body: { files: [] } }] — two 503s, then success forever
 */
export type RouteScript = MockResponse | MockResponder | readonly (MockResponse | MockResponder)[];

export interface MockHttpServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Requests to one route (`'POST /charges'`). */
  requestsTo(route: string): RecordedRequest[];
  /** Replaces a route's script and restarts its call count. */
  route(route: string, script: RouteScript): void;
  /** Forgets the requests recorded so far (call counts of scripts are kept). */
  clearRequests(): void;
  close(): Promise<void>;
}

export interface MockHttpServerOptions {
  /**
   * The loopback port to listen on: a fixed one for a service URL written down elsewhere (an
   * `--env` in a script, a workflow's `local:` value).
   * @default 0 (a free port, chosen by the system; read it from `url`)
   */
  readonly port?: number;
}

/**
 * Starts a server on loopback. Routes are `'METHOD /path'`; a path segment written `:name`
 * matches anything. Unknown routes answer 404 with a JSON message naming them.
 * @throws Error naming the port when it is taken or not allowed
 * @example
 * const payments = await startMockHttpServer({ 'POST /charges': [{ status: 503 }, { status: 201, body: { id: 'ch_1' } }] });
 * const fixed = await startMockHttpServer({ 'GET /health': { body: { ok: true } } }, { port: 8080 });
 */
export async function startMockHttpServer(routes: Readonly<Record<string, RouteScript>> = {}, options: MockHttpServerOptions = {}): Promise<MockHttpServer> {
  const scripts = new Map<string, RouteScript>(Object.entries(routes));
  const calls = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const text = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: parseBody(text),
    };
    requests.push(request);
    const key = matchRoute([...scripts.keys()], request.method, request.path);
    if (!key) {
      send(res, { status: 404, body: { message: `no mock route for ${request.method} ${request.path}` } });
      return;
    }
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    const answer = pick(scripts.get(key)!, n, request);
    if (answer.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, answer.delayMs);
        pending.add(timer);
      });
    }
    if (!res.destroyed) send(res, answer);
  }

  const wanted = options.port ?? 0;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65_535) throw new RangeError(`mock HTTP server: port ${wanted} is not a port number (0 to 65535)`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use' : error.code === 'EACCES' ? 'is not allowed for this user' : `failed: ${error.message}`;
      reject(new Error(`mock HTTP server: port ${wanted} on 127.0.0.1 ${reason}; pass another port, or none for a free one`, { cause: error }));
    });
    server.listen(wanted, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (route) => {
      const [method, path] = route.split(' ');
      return requests.filter((r) => r.method === method && matchRoute([route], r.method, r.path) === route && path !== undefined);
    },
    route(route, script) {
      scripts.set(route, script);
      calls.delete(route);
    },
    clearRequests() {
      requests.length = 0;
    },
    async close() {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pick(script: RouteScript, callNumber: number, request: RecordedRequest): MockResponse {
  const entry = Array.isArray(script) ? script[Math.min(callNumber, script.length - 1)] : script;
  return typeof entry === 'function' ? entry(request, callNumber) : (entry as MockResponse);
}

function matchRoute(routes: string[], method: string, path: string): string | undefined {
  const parts = path.split('/');
  return routes.find((route) => {
    const [routeMethod, routePath = ''] = route.split(' ');
    const routeParts = routePath.split('/');
    return routeMethod === method && routeParts.length === parts.length && routeParts.every((p, i) => p.startsWith(':') || p === parts[i]);
  });
}

function send(res: ServerResponse, answer: MockResponse): void {
  const body = answer.rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  const headers: Record<string, string> = { ...(answer.rawBody === undefined && answer.body !== undefined ? { 'content-type': 'application/json' } : {}), ...answer.headers };
  res.writeHead(answer.status ?? 200, headers);
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
