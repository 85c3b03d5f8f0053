/**
 * The console as one request handler for `aethon dev`'s HTTP server, which calls it for every
 * request after its own Host and token checks (lib/dev/security.ts, the one definition of who may
 * talk to the server). It answers:
 *   GET /, /workflows/..., /start, /events, /dead-letters   the page (deep links load the same page, which reads the URL)
 *   GET /console/*                     the page's modules and stylesheet
 *   GET|POST /aethon/*                 JSON routes (workflows, config, logs, idempotency records, event matching)
 * and refuses any state-changing request, the Step Functions API's `POST /` included, that a
 * browser sends from another site. It returns false for what it leaves to the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readConfig, rollBackConfig, writeConfig } from './api/configRoutes.ts';
import type { ConsoleHandles } from './api/handles.ts';
import { matchEvent } from './api/eventRoutes.ts';
import { listRecords, releaseRecord } from './api/idempotencyRoutes.ts';
import { readHandlerLogs } from './api/logRoutes.ts';
import { listWorkflows } from './api/workflowRoutes.ts';
import { JsonApiError } from '../contracts/jsonApiError.ts';
import { COMMON_HEADERS, readConsoleBody, sendJson, sendProblem, sendRefusal } from './http.ts';
import { crossSiteRefusal } from './sameOrigin.ts';
import { ASSET_PREFIX, consoleAssets, type Asset } from './staticAssets.ts';

export type ConsoleRequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

const API_PREFIX = '/aethon/';
/** Paths the page itself routes (see static/lib/route.js). */
const PAGE_PATHS = /^\/(?:$|start$|events$|dead-letters$|workflows\/[^/]+\/(?:config|idempotency|executions\/[^/]+)$)/;

/** The console's handler over the server's handles. */
export function createConsoleRequestHandler(handles: ConsoleHandles): ConsoleRequestHandler {
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://console.invalid');
    const refusal = crossSiteRefusal(request.method, request.headers);
    if (refusal) {
      sendProblem(response, 403, 'AccessDeniedException', refusal);
      return true;
    }
    if (url.pathname.startsWith(API_PREFIX)) {
      await answerApi(handles, request, response, url);
      return true;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (PAGE_PATHS.test(url.pathname)) {
      const assets = consoleAssets();
      sendAsset(response, assets.index, request.method, { 'content-security-policy': assets.contentSecurityPolicy, 'cache-control': 'no-cache' });
      return true;
    }
    if (url.pathname.startsWith(ASSET_PREFIX)) {
      const asset = consoleAssets().files.get(url.pathname);
      if (!asset) sendProblem(response, 404, 'NotFound', `the console has no file ${url.pathname}`);
      else sendAsset(response, asset, request.method, { 'cache-control': 'no-cache' });
      return true;
    }
    return false;
  };
}

async function answerApi(handles: ConsoleHandles, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const parts = url.pathname.slice(API_PREFIX.length).split('/').map(decodeURIComponent);
  try {
    if (request.method === 'GET' && parts.length === 1 && parts[0] === 'workflows') return sendJson(response, 200, listWorkflows(handles));
    if (request.method === 'GET' && parts.length === 1 && parts[0] === 'logs') return sendJson(response, 200, await readHandlerLogs(handles, url.searchParams));
    if (request.method === 'POST' && parts.length === 2 && parts[0] === 'events' && parts[1] === 'match') return sendJson(response, 200, matchEvent(handles, await readConsoleBody(request)));
    if (parts[0] === 'config' && parts.length === 2 && request.method === 'GET') return sendJson(response, 200, readConfig(handles, parts[1]!));
    if (parts[0] === 'config' && parts.length === 2 && request.method === 'POST') return sendJson(response, 200, writeConfig(handles, parts[1]!, await readConsoleBody(request)));
    if (parts[0] === 'config' && parts.length === 3 && parts[2] === 'rollback' && request.method === 'POST') return sendJson(response, 200, rollBackConfig(handles, parts[1]!, await readConsoleBody(request)));
    if (parts[0] === 'idempotency' && parts.length === 2 && request.method === 'GET') return sendJson(response, 200, await listRecords(handles, parts[1]!, url.searchParams));
    if (parts[0] === 'idempotency' && parts.length === 3 && parts[2] === 'release' && request.method === 'POST') return sendJson(response, 200, await releaseRecord(handles, parts[1]!, await readConsoleBody(request)));
    sendProblem(response, 404, 'UnknownOperation', `the console has no route ${request.method} ${url.pathname}`);
  } catch (error) {
    // Any server's refusal (the console's, or a DevApiError from a handle into aethon dev) is answered as it is.
    if (error instanceof JsonApiError) return sendRefusal(response, error);
    sendProblem(response, 500, 'InternalFailure', `the console failed on ${request.method} ${url.pathname}: ${(error as Error)?.message ?? String(error)}`);
  }
}

function sendAsset(response: ServerResponse, asset: Asset, method: string | undefined, headers: Record<string, string>): void {
  response.writeHead(200, { ...COMMON_HEADERS, ...headers, 'content-type': asset.contentType, 'content-length': asset.body.length });
  response.end(method === 'HEAD' ? undefined : asset.body);
}
