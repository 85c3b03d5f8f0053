/**
 * `GET /aethon/dev/logs?executionArn=<arn>[&contains=<text>][&state=<name>]`: the handler log lines
 * (Powertools JSON, as written) of an execution, oldest first, filtered by text and by state: while
 * it runs, the lines so far (kept in memory as they are written); once it ended, the lines kept
 * with it in the store.
 */
import type { DevRoute } from './server.ts';
import { LOGS_KIND, type KeptLogLine } from './checkpoints.ts';
import { canonicalExecutionArn } from './arns.ts';
import { DevApiError, sendError, sendJson } from './protocol.ts';

export const LOGS_ROUTE: DevRoute = {
  method: 'GET',
  path: '/aethon/dev/logs',
  handle: async (request, response, plane) => {
    try {
      const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
      const arn = query.get('executionArn');
      if (!arn) throw new DevApiError('ValidationException', 'GET /aethon/dev/logs needs ?executionArn=<execution ARN>', 400);
      const executionArn = canonicalExecutionArn(arn);
      const live = plane.runner.find(executionArn);
      if (!live) await plane.checkpoints.flush();
      const lines = live ? [...live.logs] : ((await plane.store.documents.get<KeptLogLine[]>(LOGS_KIND, executionArn)) ?? []);
      const contains = query.get('contains');
      const state = query.get('state');
      const selected = lines.filter((l) => (contains === null || l.line.includes(contains)) && (state === null || l.stateName === state));
      sendJson(response, 200, { executionArn, running: live !== undefined, lines: selected }, 'application/json');
    } catch (error) {
      sendError(response, error);
    }
  },
};
