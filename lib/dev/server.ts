/**
 * `aethon dev`'s HTTP server: the Step Functions API (AWS JSON 1.0, `POST /` with X-Amz-Target),
 * `GET /healthz`, `GET /metrics`, and routes others add (the browser console: `GET /` static
 * files, JSON under `/aethon/`). Every request passes the access check of security.ts first.
 * @example
 * const server = await startDevServer({ projectRoot: process.cwd(), port: 8083 });
 * const sfn = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * await server.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createConsoleRequestHandler, type ConsoleRequestHandler } from '../console/index.ts';
import { consoleHandlesFor } from './consoleHandles.ts';
import { removeDevServerFile, writeDevServerFile } from '../local/store/index.ts';
import { DevControlPlane, type ControlPlaneOptions } from './DevControlPlane.ts';
import { DevMetrics } from './devMetrics.ts';
import { DevServerStartError } from './errors.ts';
import { healthOf } from './health.ts';
import { EVENT_OPERATIONS } from './operations/eventOperations.ts';
import { EXECUTION_OPERATIONS } from './operations/executionOperations.ts';
import { MAP_RUN_OPERATIONS } from './operations/mapRunOperations.ts';
import { STATE_MACHINE_OPERATIONS } from './operations/stateMachineOperations.ts';
import type { OperationTable } from './operations/types.ts';
import { AMZ_JSON, DevApiError, readJsonBody, sendError, sendJson } from './protocol.ts';
import { LOGS_ROUTE } from './logsRoute.ts';
import { RECORDS_ROUTE } from './recordsRoute.ts';
import { SCHEDULES_ROUTE } from './schedulesRoute.ts';
import { accessPolicyFor, checkAccess, isLoopback, newAccessToken, tokenExchange, type AccessPolicy } from './security.ts';

/** Options of {@link startDevServer}. */
export interface DevServerOptions extends Omit<ControlPlaneOptions, 'listener'> {
  /**
   * 0 picks a free port.
   * @default 8083 (Step Functions Local's)
   */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** More names the Host header may carry (how others reach a non-loopback server). */
  readonly allowHosts?: readonly string[];
  /**
   * The access token clients must present; required beyond loopback.
   * @default a random token when the host is not loopback, none otherwise
   */
  readonly token?: string;
  /**
   * Write `.aethon/dev.json` so the CLI's local commands talk to this server.
   * @default true
   */
  readonly announce?: boolean;
}

/** A route besides the API, e.g. the console's `GET /` or `GET /aethon/...`. */
export interface DevRoute {
  readonly method: string;
  /** An exact path, or a prefix ending in `/`. */
  readonly path: string;
  readonly handle: (request: IncomingMessage, response: ServerResponse, plane: DevControlPlane) => Promise<void>;
}

/** A running server. */
export interface DevServer {
  /** `http://127.0.0.1:8083` */
  readonly endpoint: string;
  readonly port: number;
  readonly host: string;
  /** Set when clients must present it. */
  readonly token?: string;
  readonly plane: DevControlPlane;
  readonly metrics: DevMetrics;
  /** Serves more routes (checked before the console and the API). */
  addRoute(route: DevRoute): void;
  /** Stops accepting, answers the requests in progress, writes every checkpoint, lets go of the store. */
  close(): Promise<void>;
}

const API_OPERATIONS: OperationTable = { ...STATE_MACHINE_OPERATIONS, ...EXECUTION_OPERATIONS, ...MAP_RUN_OPERATIONS, ...EVENT_OPERATIONS };

/**
 * Starts the control plane and its server.
 * @throws DevServerStartError when the port is taken; ExecutionStoreLockedError when another process holds the store
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (isLoopback(host) ? undefined : newAccessToken());
  const policy = accessPolicyFor(host, { ...(token !== undefined ? { token } : {}), ...(options.allowHosts ? { extraHosts: options.allowHosts } : {}) });
  const metrics = new DevMetrics();
  const plane = await DevControlPlane.open({ ...options, listener: metrics.listener });
  const routes: DevRoute[] = [RECORDS_ROUTE, LOGS_ROUTE, SCHEDULES_ROUTE];
  // The browser console (lib/console): its pages, its /aethon/ routes, and the same-origin check on every state change.
  const consoleHandler = createConsoleRequestHandler(consoleHandlesFor(plane, options));
  const server = createServer((request, response) => void handle(request, response, { plane, metrics, policy, routes, consoleHandler }));
  let port: number;
  try {
    port = await listen(server, options.port ?? 8083, host);
  } catch (error) {
    await plane.close();
    throw error;
  }
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const localDir = options.localDir ?? join(options.projectRoot, '.aethon');
  if (options.announce !== false) writeDevServerFile(localDir, { pid: process.pid, endpoint: isWildcard(host) ? `http://127.0.0.1:${port}` : endpoint, ...(token ? { token } : {}), startedAt: new Date().toISOString() });
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port,
    host,
    ...(token !== undefined ? { token } : {}),
    plane,
    metrics,
    addRoute: (route) => routes.push(route),
    close: () => (closing ??= (async () => {
      await stopListening(server);
      await plane.close();
      if (options.announce !== false) removeDevServerFile(localDir);
    })()),
  };
}

interface Context {
  readonly plane: DevControlPlane;
  readonly metrics: DevMetrics;
  readonly policy: AccessPolicy;
  readonly routes: readonly DevRoute[];
  readonly consoleHandler: ConsoleRequestHandler;
}

async function handle(request: IncomingMessage, response: ServerResponse, context: Context): Promise<void> {
  try {
    // A browser's first page load brings the token in the URL: it becomes a cookie (security.ts).
    const exchange = tokenExchange(context.policy, request.method, request.url, request.headers);
    if (exchange) {
      response.writeHead(exchange.status, { location: exchange.location, 'set-cookie': exchange.setCookie, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      response.end();
      return;
    }
    const denied = checkAccess(context.policy, request.headers);
    if (denied) throw new DevApiError(denied.type, denied.message, denied.status);
    const path = (request.url ?? '/').split('?', 1)[0]!;
    // The server's own routes (POST /aethon/records) first: the console serves the rest of /aethon/.
    const route = context.routes.find((r) => r.method === request.method && (r.path === path || (r.path.endsWith('/') && path.startsWith(r.path))));
    if (route) {
      await route.handle(request, response, context.plane);
      return;
    }
    if (await context.consoleHandler(request, response)) return;
    const target = request.headers['x-amz-target'];
    if (request.method === 'POST' && path === '/' && typeof target === 'string') {
      await callOperation(target, request, response, context.plane);
      return;
    }
    if (request.method === 'GET' && path === '/healthz') {
      sendJson(response, 200, healthOf(true, context.plane.runner.live(), context.plane.engine.clock.now()), 'application/json');
      return;
    }
    if (request.method === 'GET' && path === '/metrics') {
      const { contentType, body } = await context.metrics.text();
      response.writeHead(200, { 'content-type': contentType });
      response.end(body);
      return;
    }
    throw new DevApiError('UnknownOperationException', `aethon dev has no ${request.method} ${path}: the API is POST / with an X-Amz-Target header (an AWS SDK client does this), health is GET /healthz, metrics GET /metrics`, 404);
  } catch (error) {
    if (!response.headersSent) sendError(response, error);
    else response.destroy();
  }
}

async function callOperation(target: string, request: IncomingMessage, response: ServerResponse, plane: DevControlPlane): Promise<void> {
  const operation = API_OPERATIONS[target];
  if (!operation) {
    const known = Object.keys(API_OPERATIONS).map((name) => name.split('.')[1]).join(', ');
    throw new DevApiError('UnknownOperationException', `aethon dev does not serve ${target}; it serves ${known}`);
  }
  const body = await readJsonBody(request);
  // EventBridge speaks JSON 1.1, Step Functions 1.0; the bodies are alike.
  sendJson(response, 200, await operation(plane, body), target.startsWith('AWSEvents.') ? 'application/x-amz-json-1.1' : AMZ_JSON);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new DevServerStartError(`port ${port} on ${host} is in use (another 'aethon dev', or Step Functions Local?); stop it or pass --port <other>`, { cause: error }));
      else if (error.code === 'EADDRNOTAVAIL') reject(new DevServerStartError(`cannot listen on ${host}: no network interface of this machine has that address`, { cause: error }));
      else reject(error);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops accepting; keep-alive connections idle now are closed, busy ones once their answer is sent. */
function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
